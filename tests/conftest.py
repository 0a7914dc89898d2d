"""Shared fixtures. Service-dependent tests skip with a reason locally and fail under CI=true."""

import itertools
import os

import pytest
from django.conf import settings

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
