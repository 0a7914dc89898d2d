"""The 联防：群防群治 menu group (wagtail-modeladmin): team kinds, teams, the patrol log and the
monthly figures. Lists only: the add and open screens are in governance.prevention.views and call
the services; every list reads through governance.prevention.selectors (per center, the county all)."""

from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from governance.admin.lifecycle_lists import PermissionMenuItem, badge, create_permission_helper, is_center_staff_with, open_buttons
from governance.admin.scoped import CenterScopedModelAdmin, ModelPermissionHelper, PermittedHistoryView, YesNoListMixin
from governance.prevention import flows
from governance.prevention.models import Patrol, Team, TeamKind
from governance.prevention.selectors import patrols_visible_to, teams_visible_to
from governance.prevention.views import patrols as patrol_views
from governance.prevention.views import teams as team_views

STATUS_COLOURS = {flows.ACTIVE: "green", flows.SUSPENDED: "yellow", flows.DISSOLVED: "", flows.REVIEWED: "green", flows.RETURNED: "red"}


def status_badge(obj):
    colour = STATUS_COLOURS.get(obj.status, "")
    return badge(colour, obj.get_status_display()) if colour else obj.get_status_display()


class TeamKindAdmin(YesNoListMixin, ModelAdmin):
    """County-wide kinds; the county adds and renames them (codes are given by the system)."""

    model = TeamKind
    menu_label = _("Team kinds")
    menu_icon = "tag"
    menu_order = 30
    permission_helper_class = ModelPermissionHelper
    history_view_class = PermittedHistoryView
    list_display = ("name", "is_volunteer", "sort_order", "is_active")
    form_fields_exclude = ("code",)


class TeamAdmin(CenterScopedModelAdmin):
    model = Team
    menu_label = _("Prevention teams")
    menu_icon = "group"
    menu_order = 10
    permission_helper_class = create_permission_helper(is_center_staff_with("prevention.add_team"))
    button_helper_class = open_buttons("prevention_team")
    list_display = ("name", "kind", "leader", "member_count", "status_col", "center")
    list_filter = ("kind", "status")
    search_fields = ("name", "leader", "area_note")
    list_per_page = 50

    def get_queryset(self, request):
        return teams_visible_to(request.user).select_related("center", "kind")

    def member_count(self, obj):
        return obj.members.filter(is_active=True).count()

    member_count.short_description = _("members")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return team_views.team_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("prevention_team", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("prevention_team", pk=instance_pk)


class PatrolAdmin(CenterScopedModelAdmin):
    model = Patrol
    menu_label = _("Patrol log")
    menu_icon = "site"
    menu_order = 20
    permission_helper_class = create_permission_helper(is_center_staff_with(flows.RECORD_PATROL))
    button_helper_class = open_buttons("prevention_patrol")
    list_display = ("patrol_date", "time_col", "route", "people_count", "hours", "finding_count", "status_col", "center")
    list_filter = ("status", "patrol_date")
    search_fields = ("route", "summary", "findings__description")
    list_per_page = 50
    ordering = ("-patrol_date", "-start_time", "-pk")

    def get_queryset(self, request):
        return patrols_visible_to(request.user).select_related("center")

    def time_col(self, obj):
        return f"{obj.start_time:%H:%M}—{obj.end_time:%H:%M}"

    time_col.short_description = _("time")

    def finding_count(self, obj):
        return obj.findings.count()

    finding_count.short_description = _("findings")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return patrol_views.patrol_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("prevention_patrol", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("prevention_patrol", pk=instance_pk)


class PreventionGroup(ModelAdminGroup):
    menu_label = _("Joint prevention: group prevention")
    menu_icon = "group"
    menu_order = 106
    items = (TeamAdmin, PatrolAdmin, TeamKindAdmin)

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            PermissionMenuItem(
                _("Monthly figures per team"),
                reverse("prevention_monthly"),
                icon_name="table",
                order=self.menu_order * 100 + 40,
                permission="prevention.view_patrol",
            )
        ]
