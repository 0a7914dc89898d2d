"""Registrations only: the ledger URLs, the menu item and the case list's "export ledger" button."""

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from governance.ledgers import admin_urls


@hooks.register("register_admin_urls")
def register_ledger_urls():
    return [path("ledgers/", include(admin_urls))]


class LedgerMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("ledgers.export_ledger") or request.user.has_perm("ledgers.import_ledger")


@hooks.register("register_admin_menu_item")
def ledger_menu_item():
    return LedgerMenuItem(_("Ledgers"), reverse("ledgers_index"), icon_name="table", order=110)


@hooks.register("insert_global_admin_js")
def case_list_export_button():
    # The case list lives in governance.admin; this adds, on that page only, a link to the ledger
    # export that carries the list's current filters (see static/ledgers/case_list.js).
    return format_html(
        '<script src="{}" data-ledger-url="{}" data-label="{}"></script>',
        static("ledgers/case_list.js"),
        reverse("ledgers_index"),
        _("Export ledger"),
    )
