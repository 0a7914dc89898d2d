from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    """联防: the internal security of enterprises and institutions (企事业单位内部安全): the unit
    registry, the checklist of the internal security system and the center's checks of units."""

    name = "governance.units"
    label = "units"
    verbose_name = _("Unit internal security")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles

        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
