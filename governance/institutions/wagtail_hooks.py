"""Registrations only: the lists, the screens' URLs, the dashboard panels and the stylesheet."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.institutions import admin_urls
from governance.institutions.admin.lists import InstitutionsGroup
from governance.institutions.admin.panels import InstitutionsTodoPanel, SituationPanel

modeladmin_register(InstitutionsGroup)


@hooks.register("register_admin_urls")
def register_institution_urls():
    return [path("institutions/", include(admin_urls))]


@hooks.register("construct_homepage_panels")
def add_institution_panels(request, panels):
    panels.append(InstitutionsTodoPanel(request))
    if request.user.has_perm("institutions.view_situation"):
        panels.append(SituationPanel(request))


@hooks.register("insert_global_admin_css")
def institutions_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("institutions/institutions.css"))
