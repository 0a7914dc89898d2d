"""The configuration package as an app: connects the page cache's invalidation signals."""

from django.apps import AppConfig


class ZongzhiConfig(AppConfig):
    name = "zongzhi"
    verbose_name = "Zongzhi site"

    def ready(self):
        from zongzhi import pagecache

        pagecache.connect()
