"""Registrations only: the lists and the screens' URLs."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.warnings import admin_urls
from governance.warnings.admin import WarningsGroup

modeladmin_register(WarningsGroup)


@hooks.register("register_admin_urls")
def register_warning_urls():
    return [path("warnings/", include(admin_urls))]


@hooks.register("insert_global_admin_css")
def warnings_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("warnings/admin.css"))
