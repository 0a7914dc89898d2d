"""The 联防：单位内部安全 menu group (wagtail-modeladmin): the unit registry, the unit checks, the unit
kinds and the checklist items. Lists only: the add and open screens are in governance.units.views
and call the services; every list reads through governance.units.selectors (per center, the county all)."""

from django.db.models import Count, Q
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdmin, ModelAdminGroup

from governance.admin.lifecycle_lists import badge, create_permission_helper, is_center_staff_with, open_buttons
from governance.admin.scoped import CenterScopedModelAdmin, ModelPermissionHelper, PermittedHistoryView, YesNoListMixin
from governance.units import flows
from governance.units.models import ChecklistItem, CheckResult, Unit, UnitCheck, UnitKind
from governance.units.selectors import checks_visible_to, units_visible_to
from governance.units.views import checks as check_views
from governance.units.views import units as unit_views

STATUS_COLOURS = {flows.ACTIVE: "green", flows.COMPLETED: "green", flows.DRAFT: "yellow"}


def status_badge(obj):
    colour = STATUS_COLOURS.get(obj.status, "")
    return badge(colour, obj.get_status_display()) if colour else obj.get_status_display()


class UnitKindAdmin(YesNoListMixin, ModelAdmin):
    """County-wide kinds; the county adds and renames them (codes are given by the system)."""

    model = UnitKind
    menu_label = _("Unit kinds")
    menu_icon = "tag"
    menu_order = 30
    permission_helper_class = ModelPermissionHelper
    history_view_class = PermittedHistoryView
    list_display = ("name", "sort_order", "is_active")
    form_fields_exclude = ("code",)


class ChecklistItemAdmin(YesNoListMixin, ModelAdmin):
    """The checklist of the internal security system, county-wide, edited by the county."""

    model = ChecklistItem
    menu_label = _("Checklist items")
    menu_icon = "list-ul"
    menu_order = 40
    permission_helper_class = ModelPermissionHelper
    history_view_class = PermittedHistoryView
    list_display = ("name", "requirement", "sort_order", "is_active")
    form_fields_exclude = ("code",)


class UnitAdmin(CenterScopedModelAdmin):
    model = Unit
    menu_label = _("Unit registry")
    menu_icon = "home"
    menu_order = 10
    permission_helper_class = create_permission_helper(is_center_staff_with("units.add_unit"))
    button_helper_class = open_buttons("units_unit")
    list_display = ("name", "kind", "village", "lead_name", "is_key", "status_col", "center")
    list_filter = ("kind", "is_key", "status")
    search_fields = ("name", "address", "credit_code", "lead_name")
    list_per_page = 50

    def get_queryset(self, request):
        return units_visible_to(request.user).select_related("center", "kind", "village")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return unit_views.unit_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("units_unit", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("units_unit", pk=instance_pk)


class UnitCheckAdmin(CenterScopedModelAdmin):
    model = UnitCheck
    menu_label = _("Unit checks")
    menu_icon = "tasks"
    menu_order = 20
    permission_helper_class = create_permission_helper(is_center_staff_with(flows.ADD_CHECK))
    button_helper_class = open_buttons("units_check")
    list_display = ("check_date", "unit", "inspectors", "non_compliant", "status_col", "center")
    list_filter = ("status", "check_date")
    search_fields = ("unit__name", "inspectors", "findings")
    list_per_page = 50
    ordering = ("-check_date", "-pk")

    def get_queryset(self, request):
        not_compliant = Count("results", filter=Q(results__result=CheckResult.Result.NON_COMPLIANT))
        return checks_visible_to(request.user).select_related("center", "unit").annotate(non_compliant_count=not_compliant)

    def non_compliant(self, obj):
        return obj.non_compliant_count

    non_compliant.short_description = _("items not compliant")

    def status_col(self, obj):
        return status_badge(obj)

    status_col.short_description = _("status")

    def create_view(self, request):
        return check_views.check_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("units_check", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("units_check", pk=instance_pk)


class UnitsGroup(ModelAdminGroup):
    menu_label = _("Joint prevention: unit internal security")
    menu_icon = "home"
    menu_order = 108
    items = (UnitAdmin, UnitCheckAdmin, UnitKindAdmin, ChecklistItemAdmin)
