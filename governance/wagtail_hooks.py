"""Registrations only; the admin classes live in governance.admin."""

from wagtail_modeladmin.options import modeladmin_register

from governance.admin.org import OrganisationGroup

modeladmin_register(OrganisationGroup)
