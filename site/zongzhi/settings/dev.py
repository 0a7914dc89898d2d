"""The embedded default: SQLite, in-memory channel layer, one ASGI process, demo data allowed."""

from .base import *  # noqa: F401,F403
from .base import env, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
ZONGZHI_DEMO_ALLOWED = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# No cron on the one-process default: `manage.py serve` runs the periodic jobs itself.
ZONGZHI_SWEEPS = env("ZONGZHI_SWEEPS", "serve")
