from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "门户网站"
    default_auto_field = "django.db.models.BigAutoField"
