"""Registrations only: the 联防：群防群治 menu group and the screens' URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.prevention import admin_urls
from governance.prevention.admin import PreventionGroup

modeladmin_register(PreventionGroup)


@hooks.register("register_admin_urls")
def register_prevention_urls():
    return [path("prevention/", include(admin_urls))]
