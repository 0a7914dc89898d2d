"""Registrations only; the admin classes live in governance.admin and the views in governance.views."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.admin import users as user_admin
from governance.admin.cases import CaseAdmin
from governance.admin.lobby import LobbyGroup
from governance.admin.notifications import NotificationAdmin
from governance.admin.org import OrganisationGroup
from governance.admin.panels import HolidayDataPanel
from governance.admin.reference import ReferenceGroup
from governance.views.accounts import account_admin_urls
from governance.views.audit import audit_admin_urls
from governance.views.cases import case_admin_urls
from governance.views.queue import queue_admin_urls

modeladmin_register(CaseAdmin)
modeladmin_register(NotificationAdmin)
modeladmin_register(LobbyGroup)
modeladmin_register(ReferenceGroup)
modeladmin_register(OrganisationGroup)


@hooks.register("register_admin_urls")
def register_case_urls():
    return [path("governance/", include(case_admin_urls() + queue_admin_urls() + audit_admin_urls() + account_admin_urls()))]


@hooks.register("register_admin_menu_item")
def queue_desk_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    class DeskMenuItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("governance.change_queueticket")

    return DeskMenuItem(_("Reception desk"), reverse("governance_queue_desk"), icon_name="user", order=120)


@hooks.register("register_admin_menu_item")
def audit_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    from governance.selectors.audit import may_view

    class AuditMenuItem(MenuItem):
        def is_shown(self, request):
            return may_view(request.user)

    return AuditMenuItem(_("Audit log"), reverse("governance_audit"), icon_name="list-ul", order=900)


@hooks.register("register_admin_menu_item")
def accounts_menu_item():
    from django.urls import reverse
    from django.utils.translation import gettext_lazy as _
    from wagtail.admin.menu import MenuItem

    from governance.selectors.accounts import may_manage

    class AccountsMenuItem(MenuItem):
        def is_shown(self, request):
            return may_manage(request.user)

    return AccountsMenuItem(_("Center accounts"), reverse("governance_accounts"), icon_name="group", order=850)


# Users in the audit trail are deactivated, never deleted (governance.admin.users).
hooks.register("before_delete_user", user_admin.before_delete_user)
hooks.register("before_bulk_action", user_admin.before_bulk_action)


@hooks.register("construct_homepage_panels")
def add_holiday_panel(request, panels):
    panels.insert(0, HolidayDataPanel(request))


@hooks.register("insert_global_admin_css")
def governance_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("governance/admin.css"))
