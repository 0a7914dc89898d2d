"""Production: refuses to start without its secrets; passes `check --deploy --fail-level WARNING`.

Required environment: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), ZONGZHI_FIELD_KEY
(the key for ID numbers at rest: `python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"`).
REDIS_URL is required as soon as more than one ASGI worker serves (the in-memory layer is per process).
"""

from .base import *  # noqa: F401,F403
from .base import DATABASES, env, env_bool, env_list, require_env

DEBUG = False
ZONGZHI_DEMO_ALLOWED = False

SECRET_KEY = require_env("DJANGO_SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY 必须是至少 50 个字符的随机串。(DJANGO_SECRET_KEY must be a random string of at least 50 characters.)"
    )
require_env("DJANGO_ALLOWED_HOSTS")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
require_env("DATABASE_URL")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "生产环境的 DATABASE_URL 必须指向 PostgreSQL（postgres://…）。"
        "(DATABASE_URL must point to PostgreSQL in production: SQLite is the single-machine trial default only.)"
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DJANGO_DB_POOL", True):
    # A new PostgreSQL connection per request (a forked backend) costs more than a public page's
    # queries; under ASGI every request runs in its own thread, so persistent connections would
    # leak. A pool per worker process instead (Django's own, psycopg_pool). Connections are checked
    # before use: after a PostgreSQL restart the app reconnects with no error page and no restart.
    from psycopg_pool import ConnectionPool

    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(env("DJANGO_DB_POOL_MIN", "2")),
        "max_size": int(env("DJANGO_DB_POOL_MAX", "10")),
        "timeout": 10,
        "check": ConnectionPool.check_connection,
    }
ZONGZHI_FIELD_KEY = require_env("ZONGZHI_FIELD_KEY")


def _check_field_keys(material):
    """Every comma-separated part must be a real Fernet key: a typo would otherwise be taken as a
    passphrase (the development fallback) and new ID numbers encrypted under a key nobody has."""
    from cryptography.fernet import Fernet
    from django.core.exceptions import ImproperlyConfigured

    parts = [part.strip() for part in material.split(",") if part.strip()]
    for index, part in enumerate(parts, start=1):
        try:
            Fernet(part.encode())
        except ValueError:
            raise ImproperlyConfigured(
                f"ZONGZHI_FIELD_KEY 的第 {index} 个密钥不是有效的 Fernet 密钥（32 字节的 URL 安全 Base64）。"
                f"(ZONGZHI_FIELD_KEY: key {index} is not a valid Fernet key.)"
            ) from None
    if not parts:
        raise ImproperlyConfigured("ZONGZHI_FIELD_KEY 为空。(ZONGZHI_FIELD_KEY is empty.)")


_check_field_keys(ZONGZHI_FIELD_KEY)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(env("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True

# Collected, compressed, content-hashed static files served by ServeStatic with far-future caching.
SERVESTATIC_USE_FINDERS = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "servestatic.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": env("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(env("DJANGO_EMAIL_PORT", "25")),
            "username": env("DJANGO_EMAIL_USER", ""),
            "password": env("DJANGO_EMAIL_PASSWORD", ""),
            "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        },
    }
}
