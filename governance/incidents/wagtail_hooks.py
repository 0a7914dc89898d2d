"""Registrations only: the 联动 menu group, the screens' URLs, the dashboard panel and its script."""

from django.templatetags.static import static
from django.urls import include, path
from django.utils.html import format_html
from wagtail import hooks
from wagtail_modeladmin.options import modeladmin_register

from governance.incidents import admin_urls
from governance.incidents.admin import IncidentsGroup
from governance.incidents.panels import OpenIncidentsPanel

modeladmin_register(IncidentsGroup)


@hooks.register("register_admin_urls")
def register_incident_urls():
    return [path("incidents/", include(admin_urls))]


@hooks.register("construct_homepage_panels")
def add_incidents_panel(request, panels):
    if request.user.has_perm("incidents.view_incident"):
        panels.append(OpenIncidentsPanel(request))


@hooks.register("insert_global_admin_js")
def incidents_panel_js():
    return format_html('<script src="{}" defer></script>', static("incidents/panel.js"))
