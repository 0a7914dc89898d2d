"""Registrations only: the 联防：防控计划与技防 menu group and the screens' URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.plans import admin_urls
from governance.plans.admin import PlansGroup

modeladmin_register(PlansGroup)


@hooks.register("register_admin_urls")
def register_plans_urls():
    return [path("plans/", include(admin_urls))]
