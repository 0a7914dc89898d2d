"""What the list screens of every lifecycle share (wagtail-modeladmin): the state badge, one "Open"
button per row to the record's own page (where the moves are), records never edited or deleted from
the list, a filter over the units the user may see, and menu items shown by permission."""

from django.contrib.admin import SimpleListFilter
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.menu import MenuItem
from wagtail_modeladmin.helpers import ButtonHelper

from governance import scoping
from governance.admin.scoped import ModelPermissionHelper


def badge(colour, text):
    return format_html('<span class="zz-badge zz-{}">{}</span>', colour, text)


class OpenButtonHelper(ButtonHelper):
    """One "Open" button per row, to the record's own page (where the moves are)."""

    url_name = None

    def get_buttons_for_obj(self, obj, exclude=None, classnames_add=None, classnames_exclude=None):
        return [
            {
                "url": reverse(self.url_name, args=[obj.pk]),
                "label": _("Open"),
                "classname": "button button-small button-secondary",
                "title": _("Open %(record)s") % {"record": obj},
            }
        ]


def open_buttons(url_name):
    return type("OpenButtons", (OpenButtonHelper,), {"url_name": url_name})


class NoDeletePermissionHelper(ModelPermissionHelper):
    """Records of the working systems are never deleted; they are withdrawn, cancelled or closed."""

    def user_can_delete_obj(self, user, obj):
        return False

    def user_can_edit_obj(self, user, obj):
        return False  # edits go through the record's own page (lifecycle checks, audit)


def scoped_unit_filter(title, parameter, model, field):
    """A list filter over departments or workstations of the centers the user may see."""

    class UnitFilter(SimpleListFilter):
        def lookups(self, request, model_admin):
            units = scoping.scope_to_user(model.objects.filter(is_active=True).select_related("center"), request.user)
            many = scoping.sees_all_centers(request.user)
            return [(u.pk, f"{u.center.short_name}·{u.name}" if many else u.name) for u in units]

        def queryset(self, request, queryset):
            value = self.value()
            if value and str(value).isdigit():
                return queryset.filter(**{f"{field}_id": int(value)})
            return queryset

    UnitFilter.title = title
    UnitFilter.parameter_name = parameter
    return UnitFilter


def create_permission_helper(check):
    return type("CreateHelper", (NoDeletePermissionHelper,), {"user_can_create": lambda self, user: check(user)})


def is_center_staff_with(perm):
    def check(user):
        profile = scoping.profile_of(user)
        in_center = user.is_superuser or (profile is not None and profile.center_id and not profile.department_id and not profile.workstation_id)
        return bool(in_center) and user.has_perm(perm)

    return check


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)
