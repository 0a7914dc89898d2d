from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """Security situation analysis (治安形势分析): one of the 联防 mechanisms of the plan's section 三."""

    name = "governance.analysis"
    label = "analysis"
    verbose_name = _("Security situation analysis")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles

        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
