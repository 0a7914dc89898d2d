"""The warning lists (wagtail-modeladmin) under the menu group 联防：治安预警: the warnings and their
types. Lists only: adding, opening and the moves are governance.warnings.views."""

from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail_modeladmin.options import ModelAdminGroup

from governance import scoping
from governance.admin.lifecycle_lists import NoDeletePermissionHelper, open_buttons
from governance.admin.reference import SharedOrOwnModelAdmin
from governance.admin.scoped import CenterScopedModelAdmin
from governance.flow import relations
from governance.warnings import flow, selectors, views
from governance.warnings.models import SecurityWarning, WarningType


class WarningPermissionHelper(NoDeletePermissionHelper):
    """Only the center's own staff with the add permission draft warnings (not the county, units or
    workstations); the list is open to every holder of the view permission."""

    def user_can_create(self, user):
        center_id = scoping.center_id_of(user)
        return center_id is not None and user.has_perm(flow.ADD) and flow.CENTER in relations.relations_to(user, center_id)


class WarningAdmin(CenterScopedModelAdmin):
    model = SecurityWarning
    menu_label = _("Security warnings")
    menu_icon = "warning"
    menu_order = 10
    permission_helper_class = WarningPermissionHelper
    button_helper_class = open_buttons("warnings_warning")
    list_display = ("title", "warning_type", "level_badge", "valid_from", "valid_until", "status", "center")
    list_filter = ("status", "level", "warning_type")
    search_fields = ("title", "content", "advice")
    list_select_related = ("warning_type", "center")
    list_per_page = 50
    ordering = ("-created_at", "-pk")

    def get_queryset(self, request):
        return selectors.visible_to(request.user).select_related("warning_type", "center")

    def level_badge(self, obj):
        return format_html('<span class="zz-level zz-level-{}">{}</span>', obj.colour, obj.level_label)

    level_badge.short_description = _("warning level")

    def create_view(self, request):
        return views.warning_create(request)

    def inspect_view(self, request, instance_pk):
        return redirect("warnings_warning", pk=instance_pk)

    def edit_view(self, request, instance_pk):
        return redirect("warnings_warning", pk=instance_pk)


class WarningTypeAdmin(SharedOrOwnModelAdmin):
    model = WarningType
    menu_label = _("Warning types")
    menu_icon = "list-ul"
    menu_order = 20
    list_display = ("name", "center", "sort_order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class WarningsGroup(ModelAdminGroup):
    menu_label = _("Joint prevention: security warnings")
    menu_icon = "warning"
    menu_order = 106
    items = (WarningAdmin, WarningTypeAdmin)
