"""Admin for the organisation: centers, departments, workstations, staff membership."""

from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from governance import scoping
from governance.admin.scoped import CenterScopedModelAdmin
from governance.models import Center, Department, StaffProfile, Workstation


class CenterAdmin(CenterScopedModelAdmin):
    model = Center
    menu_label = _("Governance centers")
    menu_icon = "home"
    list_display = ("name", "short_name", "phone", "supervision_phone", "is_active")
    search_fields = ("name", "short_name")
    inspect_view_enabled = True

    def get_queryset(self, request):
        return scoping.visible_centers(request.user).order_by("name")


class DepartmentAdmin(CenterScopedModelAdmin):
    model = Department
    menu_label = _("Member departments")
    menu_icon = "group"
    list_display = ("name", "center", "role", "phone", "is_active")
    list_filter = ("role", "is_active")
    search_fields = ("name",)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("center")


class WorkstationAdmin(CenterScopedModelAdmin):
    model = Workstation
    menu_label = _("Workstations")
    menu_icon = "site"
    list_display = ("name", "center", "kind", "contact_person", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "contact_person")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("center")


class StaffProfileAdmin(CenterScopedModelAdmin):
    model = StaffProfile
    menu_label = _("Staff memberships")
    menu_icon = "user"
    list_display = ("user", "center", "department", "workstation", "title")
    search_fields = ("user__username", "user__first_name", "user__last_name", "title")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "center", "department", "workstation")


class OrganisationGroup(ModelAdminGroup):
    menu_label = _("Organisation")
    menu_icon = "folder-open-inverse"
    menu_order = 800
    items = (CenterAdmin, DepartmentAdmin, WorkstationAdmin, StaffProfileAdmin)
