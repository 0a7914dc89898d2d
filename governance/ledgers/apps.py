from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class LedgersConfig(AppConfig):
    name = "governance.ledgers"
    label = "ledgers"
    verbose_name = _("Ledgers")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles

        # The roles hold this app's permissions too; those exist only after this app's own
        # post_migrate (governance's sync runs earlier and skips while they are missing).
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
