from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    """The center's working systems (四、工作制度): notices, joint meetings, screening reports,
    assessments, the situation dashboard and the special-work tags."""

    name = "governance.institutions"
    label = "institutions"
    verbose_name = _("Working systems")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles

        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
