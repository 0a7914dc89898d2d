from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "governance"
    verbose_name = _("Governance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import audit_hooks, roles
        from governance.institutions import pdf

        # Roles are Wagtail groups with model permissions; permissions only exist after
        # Django's own post_migrate handler, so the roles are synced there too (idempotent).
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
        audit_hooks.connect()
        # A missing document font warns at start (runserver, serve, migrate) and refuses nothing.
        checks.register(pdf.check_document_fonts)
