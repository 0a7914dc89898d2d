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
import shutil
import tempfile
import threading
from pathlib import Path

import pytest

from tests.conftest import default_db_is_postgres, skip_or_fail

STACK_START_SECONDS = 420


class _BackgroundStack:
    def __init__(self):
        self.thread = None
        self.stack = None
        self.error = None
        self.workdir = None

    def start(self):
        from deploy.stack import Stack

        self.workdir = Path(tempfile.mkdtemp(prefix="zongzhi-hardening-"))
        self.stack = Stack(self.workdir, workers=2)

        def run():
            try:
                self.stack.start()
            except BaseException as exc:  # reported by the fixture
                self.error = exc

        self.thread = threading.Thread(target=run, name="hardening-stack", daemon=True)
        self.thread.start()

    def wait(self):
        self.thread.join(STACK_START_SECONDS)
        if self.thread.is_alive():
            raise TimeoutError(f"the stack did not start within {STACK_START_SECONDS}s")
        if self.error is not None:
            raise self.error
        return self.stack

    def stop(self):
        if self.stack is not None:
            if self.thread is not None:
                self.thread.join(STACK_START_SECONDS)
            self.stack.stop()
        if self.workdir is not None:
            shutil.rmtree(self.workdir, ignore_errors=True)


_background = _BackgroundStack()


def _stack_unavailable():
    from deploy.stack import missing_binaries

    missing = missing_binaries()
    return f"缺少 {', '.join(missing)}：无法启动扩展部署栈" if missing else None


def pytest_collection_modifyitems(session, config, items):
    # Under xdist every worker collects every test but only one runs the stack tests (--dist
    # loadfile): there the fixture starts the stack when first needed, in that worker only.
    if getattr(config, "workerinput", None) is not None:
        return
    stack_items = [item for item in items if "stack" in getattr(item, "fixturenames", ())]
    if not stack_items:
        return
    # The stack tests last, so that the in-process tests run while the stack starts.
    items[:] = [item for item in items if item not in stack_items] + stack_items
    if default_db_is_postgres() and _stack_unavailable() is None:
        _background.start()


def pytest_sessionfinish(session, exitstatus):
    _background.stop()


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
    reason = _stack_unavailable()
    if reason:
        skip_or_fail(reason)
    if _background.thread is None:
        _background.start()
    return _background.wait()


@pytest.fixture(scope="session")
def demo_password():
    import json

    from deploy.stack import ROOT

    return json.loads((ROOT / "fixtures" / "demo_county.json").read_text(encoding="utf-8"))["demo_password"]
