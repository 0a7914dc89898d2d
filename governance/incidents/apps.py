from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IncidentsConfig(AppConfig):
    """联动 (joint action): incidents (群体性事件 and their early signs) and the stage-wise key work."""

    name = "governance.incidents"
    label = "incidents"
    verbose_name = _("Joint action")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from governance import roles
        from governance.incidents import figures

        figures.join_the_analysis()  # the incidents count in the security situation analysis
        # The roles hold this app's permissions; they exist only after this app's own post_migrate.
        post_migrate.connect(roles.sync_roles_after_migrate, sender=self)
