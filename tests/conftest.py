"""Shared fixtures. Service-dependent tests skip with a reason locally and fail under CI=true."""

import contextlib
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import urllib.parse
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytest_plugins = ["tests.demo_county", "tests.xdist_groups"]

IN_CI = os.environ.get("CI") == "true"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"


def skip_or_fail(reason):
    """Skip on a developer's machine; under CI=true a missing service is a failure, never a skip."""
    if IN_CI:
        pytest.fail(f"{reason}（CI=true：缺少服务视为失败）", pytrace=False)
    pytest.skip(reason)


def default_db_is_postgres():
    return settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def skip_unless_postgres():
    # Not a failure under CI: the SQLite pass is expected to skip these, the PostgreSQL pass runs them.
    if not default_db_is_postgres():
        pytest.skip("本轮使用 SQLite；PostgreSQL 轮次（DATABASE_URL=postgres://…）覆盖此测试")


def redis_url():
    return os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL


def ensure_redis():
    """Return the Redis URL if a server answers PING there; skip (or fail under CI) otherwise."""
    import redis

    url = redis_url()
    client = redis.Redis.from_url(url, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        skip_or_fail(f"Redis 不可达（{url}）：{exc}")
    finally:
        client.close()
    return url


def pytest_runtest_setup(item):
    # The markers declared in pyproject.toml do the same as the fixtures below.
    if item.get_closest_marker("postgres"):
        skip_unless_postgres()
    if item.get_closest_marker("redis"):
        ensure_redis()


@pytest.fixture
def requires_postgres():
    skip_unless_postgres()


@pytest.fixture
def requires_redis():
    """The reachable Redis URL (REDIS_URL or redis://127.0.0.1:6379/0)."""
    return ensure_redis()


# --- Organisation ------------------------------------------------------------------------------


def _make_center(name, short_name, slug, departments, workstations):
    from governance.models import Center, Department, Workstation

    center = Center.objects.create(name=name, short_name=short_name, slug=slug, phone="0000-0000000")
    for order, (dept_name, role) in enumerate(departments):
        Department.objects.create(center=center, name=dept_name, role=role, sort_order=order)
    for station_name in workstations:
        Workstation.objects.create(center=center, name=station_name)
    return center


@pytest.fixture
def center(db):
    """Center A (甲镇): 派出所 is also in B, 甲镇卫生院 and 甲村 only here."""
    return _make_center(
        "甲镇综治中心",
        "甲镇",
        "jiazhen",
        [("综治办", "lead"), ("派出所", "lead"), ("甲镇卫生院", "member")],
        ["甲村"],
    )


@pytest.fixture
def other_center(db):
    """Center B (乙乡): 派出所 is also in A, 乙乡林业站 and 乙村 only here."""
    return _make_center(
        "乙乡综治中心",
        "乙乡",
        "yixiang",
        [("派出所", "lead"), ("乙乡林业站", "member")],
        ["乙村"],
    )


@pytest.fixture
def make_user(db, django_user_model):
    """make_user(role, center, department=None): a user in the role's group with a StaffProfile.

    role=None gives no group; center=None makes a county-level user.
    """
    from governance.models import StaffProfile
    from governance.roles import group_for

    serial = itertools.count(1)

    def make(role, center, department=None, workstation=None, title=""):
        where = center.slug if center is not None else "county"
        user = django_user_model.objects.create_user(username=f"{role or 'nobody'}-{where}-{next(serial)}", password="test-password")
        if role:
            user.groups.add(group_for(role))
        StaffProfile.objects.create(user=user, center=center, department=department, workstation=workstation, title=title)
        return user

    return make


# --- Wagtail's tree after a flush ------------------------------------------------------------


@pytest.fixture(autouse=True)
def _wagtail_tree_survives_flushes(request):
    """Transactional tests flush the database, which deletes the root page, locale and default
    Site that Wagtail's migrations created (stack-notes): put them back for the tests after them."""
    wants_db = request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames)
    if wants_db:
        try:
            _restore_wagtail_tree()
        except RuntimeError:  # database access not allowed for this test after all
            pass
        # Wagtail keeps the site root paths in the cache, which a rolled-back test does not roll
        # back (with Redis, and with PostgreSQL's ids that are never reused, a later test would
        # build page URLs from sites that no longer exist).
        from wagtail.models import Site

        Site.clear_site_root_paths_cache()
    yield


def _restore_wagtail_tree():
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Locale, Page, Site

    if Page.objects.filter(depth=1).exists():
        return
    locale = Locale.objects.first() or Locale.objects.create(language_code=settings.LANGUAGE_CODE)
    page_type = ContentType.objects.get_for_model(Page)
    root = Page.add_root(instance=Page(title="Root", slug="root", locale=locale, content_type=page_type))
    home = root.add_child(instance=Page(title="Welcome to your new Wagtail site!", slug="home", locale=locale, content_type=page_type))
    Site.objects.get_or_create(hostname="localhost", port=80, defaults={"root_page": home, "is_default_site": True})


# --- The demo instance: a migrated database with the demo county, built once per session --------
#
# The backup drill (tests/governance/test_backup.py) and the scaled lobby (test_lobby_scaled.py)
# both need a real instance as `manage.py migrate` and `manage.py load_demo` leave it. It is built
# once per session, in subprocesses with the dev settings (about a minute of work): on PostgreSQL
# (DATABASE_URL) a template database that each test clones with CREATE DATABASE … TEMPLATE, else
# a SQLite file that each test copies. The build starts in a background thread as soon as
# collection shows that a test needs it, so it runs on the second core while the in-process tests
# run (as the hardening suite's stack does). Everything is dropped at the end of the session.

ROOT = Path(__file__).resolve().parents[1]
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"
DEMO_BUILD_SECONDS = 900


def postgres_url_from_env():
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://", "pgsql://")) else None


def subprocess_env(**extra):
    """The caller's environment minus anything that would point a `manage.py` elsewhere, with the
    dev settings (as deployed, not the test profile)."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_")) and key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="zongzhi.settings.dev", PYTHONUNBUFFERED="1")
    env.update(extra)
    return env


class PostgresDatabases:
    """Databases created on the server of a PostgreSQL URL, all dropped by drop_all()."""

    def __init__(self, url):
        import dj_database_url

        self.url = url
        self.config = dj_database_url.parse(url)
        self.created = []
        self._lock = threading.Lock()

    def admin(self):
        import psycopg

        cfg = self.config
        return psycopg.connect(
            host=cfg.get("HOST") or None,
            port=cfg.get("PORT") or None,
            user=cfg.get("USER") or None,
            password=cfg.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        )

    def url_for(self, name):
        parts = urllib.parse.urlsplit(self.url)
        return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def create(self, name, template=None):
        """An empty database (or a copy of `template`); returns its URL."""
        with self._lock:
            self.created.append(name)
        with self.admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url_for(name)

    def drop_all(self):
        with self._lock:
            names, self.created = self.created, []
        with self.admin() as conn:
            for name in reversed(names):
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class DemoInstance:
    """A migrated database with the demo county. clone() → the DATABASE_URL of a fresh copy of it
    (the template itself is never handed out); media_root: the media load_demo wrote."""

    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="zongzhi-demo-instance-"))
        self.media_root = self.workdir / "media"
        self.pg_url = postgres_url_from_env()
        self._postgres = PostgresDatabases(self.pg_url) if self.pg_url else None
        self._template = f"zongzhi_demo_{RUN_ID}_tpl" if self.pg_url else self.workdir / "template.sqlite3"
        self._serial = itertools.count(1)
        self._thread = None
        self._error = None
        self._lock = threading.Lock()
        self._process = None
        self._stopped = False

    def start(self):
        """Build in a background thread (its work is done by subprocesses)."""
        if self._thread is None:
            self._thread = threading.Thread(target=self._build_reporting_errors, name="demo-instance", daemon=True)
            self._thread.start()

    def _build_reporting_errors(self):
        try:
            self._build()
        except BaseException as exc:  # reported by the fixture
            self._error = exc

    def _build(self):
        if self._postgres is not None:
            url = self._postgres.create(self._template)
        else:
            url = f"sqlite:///{self._template}"
        env = subprocess_env(DATABASE_URL=url, DJANGO_MEDIA_ROOT=str(self.media_root))
        self._run("migrate", "--noinput", "-v", "0", env=env)
        self._run("load_demo", "--quiet-logins", env=env)
        if self._postgres is None:
            # Fold the WAL into the main file so that a plain copy is complete.
            import sqlite3

            with contextlib.closing(sqlite3.connect(self._template)) as conn:
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                conn.execute("PRAGMA journal_mode=DELETE")

    def _run(self, *args, env):
        """`manage.py <args>` in a subprocess that drop() can stop (a session that ends before the build)."""
        with self._lock:
            if self._stopped:
                raise RuntimeError("the session ended before the demo instance was built")
            self._process = subprocess.Popen(
                [sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
            )
        stdout, stderr = self._process.communicate(timeout=DEMO_BUILD_SECONDS)
        assert self._process.returncode == 0, f"manage.py {' '.join(args)} 失败：\n{stdout}\n{stderr}"

    def wait(self):
        """Start the build if collection did not, wait for it; raise what it raised."""
        if self._postgres is not None:
            try:
                self._postgres.admin().close()
            except Exception as exc:  # noqa: BLE001 - any connection failure means "no PostgreSQL"
                skip_or_fail(f"PostgreSQL 不可达（{self.pg_url}）：{exc}")
        self.start()
        self._thread.join(DEMO_BUILD_SECONDS)
        if self._thread.is_alive():
            raise TimeoutError(f"the demo instance was not built within {DEMO_BUILD_SECONDS}s")
        if self._error is not None:
            raise self._error
        return self

    def clone(self):
        if self._postgres is not None:
            return self._postgres.create(f"zongzhi_demo_{RUN_ID}_{next(self._serial)}", template=self._template)
        target = self.workdir / f"clone-{next(self._serial)}.sqlite3"
        shutil.copyfile(self._template, target)
        return f"sqlite:///{target}"

    def drop(self):
        with self._lock:
            self._stopped = True
            if self._process is not None and self._process.poll() is None:
                self._process.terminate()
        if self._thread is not None:
            self._thread.join(60)
        if self._postgres is not None:
            with contextlib.suppress(Exception):
                self._postgres.drop_all()
        shutil.rmtree(self.workdir, ignore_errors=True)


_demo_instance = None


def _the_demo_instance():
    global _demo_instance
    if _demo_instance is None:
        _demo_instance = DemoInstance()
    return _demo_instance


def pytest_collection_finish(session):
    # Start building as soon as a selected test needs the demo instance. Under xdist each worker
    # builds its own when first needed (RUN_ID names its databases apart).
    config = session.config
    if getattr(config, "workerinput", None) is not None or config.option.collectonly:
        return
    if any("demo_instance" in getattr(item, "fixturenames", ()) for item in session.items):
        _the_demo_instance().start()


def pytest_unconfigure(config):
    if _demo_instance is not None:
        _demo_instance.drop()


@pytest.fixture(scope="session")
def demo_instance():
    """The session's demo instance (built once, in the background); .clone() gives a test its own copy."""
    return _the_demo_instance().wait()
