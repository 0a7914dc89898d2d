"""Registrations only: the 联防：单位内部安全 menu group and the screens' URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.units import admin_urls
from governance.units.admin import UnitsGroup

modeladmin_register(UnitsGroup)


@hooks.register("register_admin_urls")
def register_units_urls():
    return [path("units/", include(admin_urls))]
