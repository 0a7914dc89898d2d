"""The 联动：突发事件与重点工作 menu group (wagtail-modeladmin): incidents, key work and its tasks.
Lists only: the add and open screens are in governance.incidents.views and call the services; every
list reads through governance.incidents.selectors (per center, the county all, read-only)."""

from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from governance.admin.lifecycle_lists import OpenButtonHelper, badge, create_permission_helper, is_center_staff_with, open_buttons
from governance.admin.scoped import CenterScopedModelAdmin
from governance.incidents import flows
from governance.incidents.models import Incident, KeyWork, KeyWorkTask
from governance.incidents.selectors import incidents_visible_to, key_work_visible_to, tasks_visible_to
from governance.incidents.views import incidents as incident_views
from governance.incidents.views import keywork as keywork_views

STATUS_COLOURS = {
    flows.OPEN: "red",
    flows.CONTROLLED: "yellow",
    flows.CLOSED: "green",
    flows.DEPLOYED: "yellow",
    flows.COMPLETED: "green",
    flows.DONE: "green",
    flows.REPORTED: "yellow",
}


def status_badge(obj):
    colour = STATUS_COLOURS.get(obj.status, "")
    return badge(colour, obj.get_status_display()) if colour else obj.get_status_display()


class _Lifecycle(CenterScopedModelAdmin):
    list_per_page = 50

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")


class IncidentAdmin(_Lifecycle):
    model = Incident
    menu_label = _("Incidents")
    menu_icon = "warning"
    menu_order = 10
    permission_helper_class = create_permission_helper(is_center_staff_with("incidents.add_incident"))
    button_helper_class = open_buttons("incidents_incident")
    list_display = ("opened_at", "kind", "title", "estimated_people", "lead_official", "status_col", "center")
    list_filter = ("kind", "status", "source")
    search_fields = ("title", "summary", "lead_official", "case__code")
    ordering = ("-opened_at", "-pk")

    def get_queryset(self, request):
        return incidents_visible_to(request.user).select_related("center")

    def create_view(self, request):
        return incident_views.incident_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("incidents_incident", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("incidents_incident", pk=instance_pk)


class KeyWorkAdmin(_Lifecycle):
    model = KeyWork
    menu_label = _("Key work")
    menu_icon = "tasks"
    menu_order = 20
    permission_helper_class = create_permission_helper(is_center_staff_with("incidents.add_keywork"))
    button_helper_class = open_buttons("incidents_keywork")
    list_display = ("title", "period_start", "period_end", "lead_department", "status_col", "center")
    list_filter = ("status",)
    search_fields = ("title", "description")

    def get_queryset(self, request):
        return key_work_visible_to(request.user).select_related("center", "lead_department")

    def create_view(self, request):
        return keywork_views.keywork_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("incidents_keywork", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("incidents_keywork", pk=instance_pk)


class TaskButtons(OpenButtonHelper):
    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [
            {"url": reverse("incidents_keywork", args=[obj.key_work_id]), "label": _("Open"), "classname": "button button-small button-secondary"}
        ]


class KeyWorkTaskAdmin(_Lifecycle):
    """The tasks, for the departments that own them; opened on their key work's page."""

    model = KeyWorkTask
    menu_label = _("Key work tasks")
    menu_icon = "list-ul"
    menu_order = 30
    permission_helper_class = create_permission_helper(lambda user: False)
    button_helper_class = TaskButtons
    list_display = ("description", "key_work", "owner", "deadline", "progress", "status_col", "center")
    list_filter = ("status",)
    search_fields = ("description", "key_work__title")

    def get_queryset(self, request):
        return tasks_visible_to(request.user).select_related("center", "key_work", "owner")

    def edit_view(self, request, instance_pk):
        """A task is worked on its key work's page (which answers 404 to those who may not see it)."""
        key_work_id = KeyWorkTask.objects.filter(pk=instance_pk).values_list("key_work_id", flat=True).first()
        if key_work_id is None:
            raise Http404
        return redirect("incidents_keywork", pk=key_work_id)


class IncidentsGroup(ModelAdminGroup):
    menu_label = _("Joint action: incidents and key work")
    menu_icon = "warning"
    menu_order = 108
    items = (IncidentAdmin, KeyWorkAdmin, KeyWorkTaskAdmin)
