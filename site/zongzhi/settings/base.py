"""Settings shared by every profile.

Everything deploy-specific is read from the environment, with embedded defaults that need no
service at all: SQLite in the project folder, the in-memory channel layer, one ASGI process.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parents[3]


def env(name, default=None):
    value = os.environ.get(name)
    return default if value in (None, "") else value


def env_bool(name, default=False):
    value = env(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------------------

SECRET_KEY = env("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-zongzhi-0123456789")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Django
    "daphne",  # first, so that `runserver` serves WebSockets too
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "servestatic.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # Wagtail's search index on PostgreSQL (SearchVectorField, GinIndex)
    # Third party
    "channels",
    "import_export",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "rest_framework",
    "modelcluster",
    "taggit",
    "axes",
    # Local
    "zongzhi",  # the configuration package: page-cache invalidation (zongzhi.pagecache)
    "governance",
    "governance.institutions",
    "governance.ledgers",
    "governance.prevention",
    "governance.warnings",
    "governance.analysis",
    "governance.units",
    "governance.incidents",
    "governance.plans",
    "pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "zongzhi.uploads.RequestSizeLimitMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "servestatic.middleware.ServeStaticMiddleware",
    # Anonymous full-page cache: inside CSP and security headers, before sessions and CSRF.
    "zongzhi.pagecache.PageCacheMiddleware",
    # Pages rendered despite it reuse the Wagtail site of their host (one query less per page).
    "zongzhi.pagecache.SiteCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the whole UI is Simplified Chinese, whatever the browser prefers.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zongzhi.middleware.AdminFramesSameOrigin",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (Django's own): no inline scripts on our pages, nothing from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Wagtail's admin runs inline scripts (page explorer and editor) and inline styles, and shows
# previews in same-origin frames: it gets a wider policy than our own pages (checked in Chromium).
ZONGZHI_ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:", "blob:"],
    "frame-src": [CSP.SELF],
    "frame-ancestors": [CSP.SELF],
}
ROOT_URLCONF = "zongzhi.urls"
ASGI_APPLICATION = "zongzhi.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "django.template.context_processors.csp",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------

SQLITE_PATH = BASE_DIR / "db.sqlite3"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"), conn_max_age=0, conn_health_checks=True)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Writers wait for each other instead of failing with "database is locked"; IMMEDIATE
    # transactions take the write lock up front, so two clerks registering at once serialise.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation doubles the time of the case list's counts and searches (measured by
    # tests/benchmarks/bench_case_list.py) and never pays off for this workload.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Channels ---------------------------------------------------------------------------------

REDIS_URL = env("REDIS_URL")
# Lobby screens stay connected for days; they also re-join their group periodically, so the
# expiry only has to outlast the re-join interval by a wide margin.
CHANNEL_GROUP_EXPIRY = int(env("CHANNEL_GROUP_EXPIRY", str(7 * 24 * 3600)))
# Which channels-redis layer carries the lobby deltas between processes: "core" (RedisChannelLayer)
# or "pubsub" (RedisPubSubChannelLayer, one PUBLISH per delta). Each process is one member of a
# center's group either way (governance/fanout.py); tests/benchmarks/bench_lobby_fanout.py measures
# both: core had the lower p95 in two runs of three and the faster reconnect storm in all three.
ZONGZHI_CHANNEL_LAYER = env("ZONGZHI_CHANNEL_LAYER", "core")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8 reads with a 5 s socket timeout by default, exactly as long as
                # channels-redis blocks in BZPOPMIN: idle consumers then crash. Its async pool also
                # refuses (instead of waiting) past 100 connections when many screens re-join at once.
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 5, "max_connections": 1000}],
                "group_expiry": CHANNEL_GROUP_EXPIRY,
                "capacity": 1000,
                "prefix": env("REDIS_PREFIX", "zongzhi"),
            },
        }
    }
    if ZONGZHI_CHANNEL_LAYER == "pubsub":
        CHANNEL_LAYERS["default"] = {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "socket_timeout": 15, "socket_connect_timeout": 5}],
                "prefix": env("REDIS_PREFIX", "zongzhi"),
            },
        }
    elif ZONGZHI_CHANNEL_LAYER != "core":
        raise ImproperlyConfigured(f"ZONGZHI_CHANNEL_LAYER must be pubsub or core, not {ZONGZHI_CHANNEL_LAYER!r}")
else:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels.layers.InMemoryChannelLayer",
            "CONFIG": {"group_expiry": CHANNEL_GROUP_EXPIRY, "capacity": 1000},
        }
    }

# --- Cache ------------------------------------------------------------------------------------

if REDIS_URL:
    CACHES = {
        "default": {
            # RedisCache that falls back to per-process memory while Redis is down (zongzhi.cache).
            "BACKEND": "zongzhi.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("REDIS_PREFIX", "zongzhi"),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Auth -------------------------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"

# Login throttling and lockout (django-axes): 5 failures for a username from one address lock it
# for 15 minutes; a lockout is a Chinese page, and every failure is in the audit log.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "zongzhi/lockout.html"
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT", "0"))

# --- Internationalisation ---------------------------------------------------------------------

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
TIME_ZONE = "Asia/Shanghai"
# One time zone for every user: Wagtail's account page then offers no list of ~600 zone names in English.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True
# zongzhi/formats/zh_Hans: ISO dates first, so every <input type="date"> shows its value.
FORMAT_MODULE_PATH = ["zongzhi.formats"]
# locale/: the project's own strings (rewritten by `make messages`). locale_vendor/: Chinese for
# the strings Wagtail and django-import-export leave untranslated; makemessages never touches it.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]

# --- Static and media -------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("DJANGO_STATIC_ROOT", str(BASE_DIR / "static_collected")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Without collectstatic (the embedded default), serve straight from the finders.
SERVESTATIC_USE_FINDERS = True
DATA_UPLOAD_MAX_NUMBER_FIELDS = 5000

# --- Wagtail ----------------------------------------------------------------------------------

WAGTAIL_ENABLE_UPDATE_CHECK = False  # no calls to the internet from the admin
WAGTAIL_SITE_NAME = "综治中心工作平台"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Absolute links in the API, pages and printed documents come from the request's host
# (zongzhi.public_urls); either setting, when given, fixes them instead (e.g. https://zongzhi.example.gov.cn).
WAGTAILAPI_BASE_URL = env("WAGTAILAPI_BASE_URL")
ZONGZHI_PUBLIC_BASE_URL = env("ZONGZHI_PUBLIC_BASE_URL")
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# --- Uploads (zongzhi.uploads) -----------------------------------------------------------------

# Every document is downloaded as an attachment, with Wagtail's CSP "default-src 'none'" and nosniff.
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_EXTENSIONS = ["pdf", "doc", "docx", "xls", "xlsx", "ods", "odt", "ppt", "pptx", "csv", "txt", "rtf", "zip", "jpg", "jpeg", "png"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "zongzhi.uploads.DocumentForm"
# Raster images only: no SVG (it can carry scripts); the form base also refuses SVG/HTML bytes.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40 * 1000 * 1000  # decompression bombs
WAGTAILIMAGES_IMAGE_FORM_BASE = "zongzhi.uploads.ImageForm"
# Uploads above this many bytes are streamed to a temporary file rather than held in memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Non-file request bodies (forms, JSON) above this are refused.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Any request body above this is refused with 413 before it is read (nginx: client_max_body_size).
ZONGZHI_MAX_REQUEST_BYTES = int(env("ZONGZHI_MAX_REQUEST_BYTES", str(25 * 1024 * 1024)))

# --- Logging ----------------------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- Zongzhi ----------------------------------------------------------------------------------

# Anonymous full-page cache of the public site (zongzhi.pagecache): how long a page may be kept;
# publishing and changes to what public pages show drop every cached page at once. 0 turns it off.
ZONGZHI_PAGE_CACHE_SECONDS = int(env("ZONGZHI_PAGE_CACHE_SECONDS", "300"))

# Public website (pages/): per-client limits on the online request and progress lookup forms,
# name → (how many, seconds); see pages.ratelimit.DEFAULT_LIMITS. Behind a reverse proxy, set
# ZONGZHI_TRUSTED_PROXY_COUNT to the number of proxies that append to X-Forwarded-For.
ZONGZHI_TRUSTED_PROXY_COUNT = int(env("ZONGZHI_TRUSTED_PROXY_COUNT", "0"))

# Key(s) for personal data at rest (ID numbers), comma-separated for rotation; outside the database.
ZONGZHI_FIELD_KEY = env("ZONGZHI_FIELD_KEY", SECRET_KEY)

# Periodic jobs (deadline urges, institution reminders, scheduled publishing; governance.periodic):
# "serve" runs them inside `manage.py serve` every ZONGZHI_SWEEP_SECONDS (the one-process default);
# "timer" leaves them to deploy/systemd/zongzhi-sweep.timer (production, several workers).
ZONGZHI_SWEEPS = env("ZONGZHI_SWEEPS", "timer")
ZONGZHI_SWEEP_SECONDS = int(env("ZONGZHI_SWEEP_SECONDS", "300"))

# Demo accounts exist only where this is true (dev); production refuses to load them.
ZONGZHI_DEMO_ALLOWED = False


def require_env(name):
    value = env(name)
    if value is None:
        # Settings load before translations can work: the message is bilingual text.
        raise ImproperlyConfigured(
            f"环境变量 {name} 未设置：生产环境必须提供它。(The environment variable {name} is not set: production requires it.)"
        )
    return value
