from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """联防: the community prevention plans (社区治安防控计划) with their milestones, and the
    technical prevention points (技防点位) per village."""

    name = "governance.plans"
    label = "plans"
    verbose_name = _("Prevention plans and technical prevention")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles

        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
