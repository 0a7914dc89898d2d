"""The embedded default: SQLite, in-memory channel layer, one ASGI process, demo data allowed."""

from .base import *  # noqa: F401,F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ZONGZHI_DEMO_ALLOWED = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
