"""The configuration package as an app: connects the page cache's invalidation signals and sets the
message for NUL bytes in text."""

from django.apps import AppConfig


class ZongzhiConfig(AppConfig):
    name = "zongzhi"
    verbose_name = "Zongzhi site"

    def ready(self):
        from zongzhi import pagecache, validators

        pagecache.connect()
        validators.use_clear_null_character_message()
