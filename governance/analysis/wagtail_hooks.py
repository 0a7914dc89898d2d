"""Registrations only: the list and the screens' URLs."""

from django.urls import include, path
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.analysis import admin_urls
from governance.analysis.admin import AnalysisGroup

modeladmin_register(AnalysisGroup)


@hooks.register("register_admin_urls")
def register_analysis_urls():
    return [path("analysis/", include(admin_urls))]
