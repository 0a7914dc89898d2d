"""The 联防：防控计划与技防 menu group (wagtail-modeladmin): the community prevention plans, the
technical prevention points, their kinds and the per-village summary. Lists only: the add and open
screens are in governance.plans.views and call the services; every list reads through
governance.plans.selectors (per center, a workstation its own village, the county all)."""

from django.db.models import Count, Q
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from governance.admin.lifecycle_lists import PermissionMenuItem, badge, create_permission_helper, is_center_staff_with, open_buttons
from governance.admin.scoped import CenterScopedModelAdmin, ModelPermissionHelper, PermittedHistoryView, YesNoListMixin
from governance.plans import flows
from governance.plans.models import CommunityPlan, TechKind, TechPoint
from governance.plans.selectors import plans_visible_to, points_visible_to
from governance.plans.views import plans as plan_views
from governance.plans.views import techpoints as point_views

STATUS_COLOURS = {
    flows.SUBMITTED: "yellow",
    flows.APPROVED: "green",
    flows.RETURNED: "red",
    flows.WORKING: "green",
    flows.FAULTY: "red",
}


def status_badge(obj):
    colour = STATUS_COLOURS.get(obj.status, "")
    return badge(colour, obj.get_status_display()) if colour else obj.get_status_display()


class TechKindAdmin(YesNoListMixin, ModelAdmin):
    """County-wide kinds; the county adds and renames them (codes are given by the system)."""

    model = TechKind
    menu_label = _("Point kinds")
    menu_icon = "tag"
    menu_order = 30
    permission_helper_class = ModelPermissionHelper
    history_view_class = PermittedHistoryView
    list_display = ("name", "sort_order", "is_active")
    form_fields_exclude = ("code",)


class CommunityPlanAdmin(CenterScopedModelAdmin):
    model = CommunityPlan
    menu_label = _("Community prevention plans")
    menu_icon = "list-ul"
    menu_order = 10
    permission_helper_class = create_permission_helper(is_center_staff_with("plans.add_communityplan"))
    button_helper_class = open_buttons("plans_plan")
    list_display = ("village", "year", "milestone_col", "status_col", "center")
    list_filter = ("year", "status")
    search_fields = ("village__name", "measures", "responsible_people")
    list_per_page = 50

    def get_queryset(self, request):
        milestones = Count("milestones", distinct=True)
        confirmed = Count("milestones", filter=Q(milestones__status=flows.CONFIRMED), distinct=True)
        return plans_visible_to(request.user).select_related("center", "village").annotate(milestone_total=milestones, milestone_done=confirmed)

    def milestone_col(self, obj):
        return f"{obj.milestone_done}/{obj.milestone_total}"

    milestone_col.short_description = _("milestones confirmed")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return plan_views.plan_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("plans_plan", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("plans_plan", pk=instance_pk)


class TechPointAdmin(CenterScopedModelAdmin):
    model = TechPoint
    menu_label = _("Technical prevention points")
    menu_icon = "view"
    menu_order = 20
    permission_helper_class = create_permission_helper(is_center_staff_with("plans.add_techpoint"))
    button_helper_class = open_buttons("plans_techpoint")
    list_display = ("village", "kind", "location", "installed_on", "last_checked_on", "status_col", "center")
    list_filter = ("kind", "status")
    search_fields = ("village__name", "location", "note")
    list_per_page = 50

    def get_queryset(self, request):
        return points_visible_to(request.user).select_related("center", "village", "kind")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return point_views.point_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("plans_techpoint", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("plans_techpoint", pk=instance_pk)


class PlansGroup(ModelAdminGroup):
    menu_label = _("Joint prevention: plans and technical prevention")
    menu_icon = "list-ul"
    menu_order = 107
    items = (CommunityPlanAdmin, TechPointAdmin, TechKindAdmin)

    def get_submenu_items(self):
        return super().get_submenu_items() + [
            PermissionMenuItem(
                _("Summary per village"),
                reverse("plans_summary"),
                icon_name="table",
                order=self.menu_order * 100 + 40,
                permission="plans.view_communityplan",
            )
        ]
