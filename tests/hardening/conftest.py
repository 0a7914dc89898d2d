"""Fixtures of the hardening suite.

`stack`: the scaled deployment of deploy/stack.py (an own throwaway PostgreSQL cluster and an own
redis-server, 2 workers of the production profile, the ledger worker, nginx in front when
installed), once per session, with the demo county. It takes a minute to migrate and load, so it
starts in a background thread as soon as collection shows a test needs it, while the in-process
tests run; the stack tests run last. It runs in the PostgreSQL pass only (the SQLite pass skips
it, as it skips every PostgreSQL test): one run of the fault tests per CI run is enough. A missing
binary (initdb, redis-server) skips locally and fails under CI=true.
"""

import os

import pytest

from tests.conftest import default_db_is_postgres, skip_or_fail
from tests.hardening.stack_builder import background, stack_unavailable


def pytest_collection_modifyitems(session, config, items):
    stack_items = [item for item in items if "stack" in getattr(item, "fixturenames", ())]
    if not stack_items:
        return
    # The stack tests last, so that the in-process tests run while the stack starts. Under xdist
    # they end the shared group, and the worker that runs it starts the stack (tests/xdist_groups.py).
    items[:] = [item for item in items if item not in stack_items] + stack_items
    if getattr(config, "workerinput", None) is None and default_db_is_postgres() and stack_unavailable() is None:
        background.start()


def pytest_sessionfinish(session, exitstatus):
    background.stop()


@pytest.fixture(autouse=True)
def _private_cache_namespace(settings):
    """With REDIS_URL the cache is shared with every other test process on the machine, and the
    page cache's generation with it: another process saving a case would make a hit a miss here.
    This process gets its own key prefix."""
    default = dict(settings.CACHES["default"])
    if "redis" in default["BACKEND"].lower():
        default["KEY_PREFIX"] = f"zongzhi-hardening-{os.getpid()}"
        settings.CACHES = {**settings.CACHES, "default": default}


@pytest.fixture(scope="session")
def stack():
    if not default_db_is_postgres():
        pytest.skip("本轮使用 SQLite；扩展部署栈的故障测试在 PostgreSQL 轮次（DATABASE_URL=postgres://…）运行")
    reason = stack_unavailable()
    if reason:
        skip_or_fail(reason)
    if background.thread is None:
        background.start()
    return background.wait()


@pytest.fixture(scope="session")
def demo_password():
    import json

    from deploy.stack import ROOT

    return json.loads((ROOT / "fixtures" / "demo_county.json").read_text(encoding="utf-8"))["demo_password"]
