from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PreventionConfig(AppConfig):
    """联防 (joint prevention): the 群防群治 network (teams, members, volunteers) and its patrols."""

    name = "governance.prevention"
    label = "prevention"
    verbose_name = _("Joint prevention")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles
        from governance.prevention import ledger  # noqa: F401 (adds the 群防群治活动台账 register)

        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
