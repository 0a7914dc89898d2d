from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Public portal")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from pages.wagtail_defaults import rename_wagtail_defaults_after_migrate

        # Wagtail's default groups, workflow, root page and root collection get Chinese names.
        post_migrate.connect(rename_wagtail_defaults_after_migrate, sender=self)
