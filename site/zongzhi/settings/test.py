"""Test profile: fast hashing, in-memory mail, a file-backed SQLite test database."""

import os

from .base import *  # noqa: F401,F403
from .base import BASE_DIR, CACHES, CHANNEL_LAYERS, DATABASES, REDIS_URL

DEBUG = False
ZONGZHI_DEMO_ALLOWED = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A named file (not :memory:) so that forked live servers see the same database; no WAL in
    # tests, which gave forked servers stale reads.
    (BASE_DIR / "var").mkdir(exist_ok=True)
    # Per-process name: two suites (or two developers' runs) never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "var" / f"test-db-{os.getpid()}.sqlite3")}
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"zongzhi_test_{os.getpid()}"}
    # Test data is thrown away: don't wait for the disk on every commit.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off -c synchronous_commit=off"

# Under pytest-xdist (`-n 2`) each worker has its own test databases (pytest-django names them
# apart) and here its own Redis key and channel prefix: one worker's cache clears and lobby groups
# never reach the other's. Subprocess servers get their own prefixes from the tests that start them.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER")
if REDIS_URL and _XDIST_WORKER:
    _prefix = f"{CACHES['default']['KEY_PREFIX']}-{_XDIST_WORKER}"
    CACHES["default"]["KEY_PREFIX"] = _prefix
    CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = _prefix
