"""The demo county in the test database, loaded once for every test that asks for `demo_county`.

`load_demo` is the slowest thing the suite does in-process (about 9,000 queries: ~10 s on SQLite,
20–40 s on PostgreSQL). The modules that need it (the demo's own tests, the public pages, the API,
the permission matrix) share one load:

- the tests that use `demo_county` are moved next to each other at collection (their order among
  themselves and the order of the others are kept);
- the first of them loads the demo inside an outer transaction; each test runs in its own savepoint
  on top (pytest-django's `db`), so what a test changes is undone before the next;
- after the last of them the outer transaction is rolled back, so the tests after the group see an
  empty database as before.

A test that uses `demo_county` must not use `transactional_db` or `live_server` (a flush would
delete the demo under the others).
"""

import pytest

# Every test whose fixtures include the session load (through `demo_county` or a module fixture on it).
FIXTURE = "_demo_county_load"


class _SharedDemo:
    """The one open load: its transaction, the blocker's unblock and load_demo()'s result."""

    def __init__(self):
        self.result = None
        self._unblock = None
        self._atomic = None
        self.closed = False

    @property
    def is_open(self):
        return self._atomic is not None

    def open(self, django_db_blocker):
        from django.db import transaction

        from governance.demo import load_demo
        from tests.conftest import _restore_wagtail_tree

        self._unblock = django_db_blocker.unblock()
        self._unblock.__enter__()
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        try:
            _restore_wagtail_tree()  # a transactional test before the group may have flushed it
            self.result = load_demo()
        except BaseException:
            self.close()
            raise
        return self.result

    def close(self):
        from django.db import transaction

        if self._atomic is None:
            return
        transaction.set_rollback(True)
        self._atomic.__exit__(None, None, None)
        self._unblock.__exit__(None, None, None)
        self._atomic = self._unblock = None
        self.closed = True


_shared = _SharedDemo()


def uses_demo(item):
    return FIXTURE in getattr(item, "fixturenames", ())


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(session, config, items):
    """The demo tests as one block where the first of them was collected."""
    demo_items = [item for item in items if uses_demo(item)]
    if not demo_items:
        return
    first = items.index(demo_items[0])
    others = [item for item in items if not uses_demo(item)]
    items[:] = others[:first] + demo_items + others[first:]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _shared.is_open and (nextitem is None or not uses_demo(nextitem)):
        _shared.close()
    return result


@pytest.fixture(scope="session")
def _demo_county_load(django_db_setup, django_db_blocker):
    result = _shared.open(django_db_blocker)
    yield result
    _shared.close()


@pytest.fixture
def demo_county(_demo_county_load):
    """load_demo()'s result; the demo county is in the database for the test (see the module)."""
    if not _shared.is_open:
        pytest.fail("demo_county 测试必须连续运行：共享的示范数据已在前一组之后回滚", pytrace=False)
    return _demo_county_load
