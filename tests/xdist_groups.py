"""The suite on two processes (`pytest -n 2 --dist loadgroup`, as `make test` and CI run it).

Most tests can run on either worker. Three kinds share something expensive that a test process
builds once for its session:

- `demo_county`: the demo county loaded in the test database inside one outer transaction
  (tests/demo_county.py); those tests must follow each other in one process;
- `demo_instance`: a migrated database with the demo county, built by subprocesses and cloned
  per test (tests/conftest.py);
- `stack`: the scaled deployment of the hardening tests (tests/hardening/stack_builder.py).

They form one block, "shared", that one worker runs: first the `demo_county` tests, then the
others. When that worker reaches the block's first test it starts the two subprocess builds in the
background, so they are ready by the time the in-process `demo_county` tests are done.

How the block reaches one worker: pytest-xdist's own `xdist_group` mark does not group on pytest 9
(it renames `item._nodeid`, which pytest 9 no longer reads). So the first worker writes the block's
test ids to a file the controller named (`pytest_configure_node`), and the controller's scheduler
(`pytest_xdist_make_scheduler`, xdist's public hook: its load-scope scheduler with one scope for the
block and one per test otherwise) sends the block as one unit. Without xdist nothing here changes
the order and the builds start at collection, as before.
"""

import tempfile
from pathlib import Path

import pytest

GROUP = "shared"
WORKERINPUT_KEY = "zongzhi_shared_block"
# In the order the block runs them.
KINDS = ("_demo_county_load", "demo_instance", "stack")


def kind_of(item):
    names = getattr(item, "fixturenames", ())
    for rank, fixture in enumerate(KINDS):
        if fixture in names:
            return rank
    return None


def in_worker(config):
    return getattr(config, "workerinput", None) is not None


# --- the controller ---------------------------------------------------------------------------------

_block_file = None


def _the_block_file():
    global _block_file
    if _block_file is None:
        _block_file = Path(tempfile.mkdtemp(prefix="zongzhi-xdist-")) / "shared-block.txt"
    return _block_file


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node):
    node.workerinput[WORKERINPUT_KEY] = str(_the_block_file())


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class SharedBlockScheduling(LoadScopeScheduling):
        """One work unit for the shared block, one per test otherwise (largest unit first)."""

        _block = None

        def _split_scope(self, nodeid):
            if self._block is None:
                path = _the_block_file()
                self._block = frozenset(path.read_text(encoding="utf-8").splitlines()) if path.exists() else frozenset()
            return GROUP if nodeid in self._block else nodeid

    return SharedBlockScheduling(config, log)


def pytest_unconfigure(config):
    if _block_file is not None and not in_worker(config):
        _block_file.unlink(missing_ok=True)
        _block_file.parent.rmdir()


# --- the workers ------------------------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(session, config, items):
    """After every other reordering: the shared block last, demo-load tests first within it; the
    first worker writes its ids for the controller's scheduler."""
    result = yield
    if in_worker(config):
        shared = sorted((item for item in items if kind_of(item) is not None), key=kind_of)
        items[:] = [item for item in items if kind_of(item) is None] + shared
        target = config.workerinput.get(WORKERINPUT_KEY)
        if target and config.workerinput.get("workerid") == "gw0":  # every worker collects the same
            Path(target).write_text("".join(f"{item.nodeid}\n" for item in shared), encoding="utf-8")
    return result


_started = False


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """In the worker that runs the shared block: start the subprocess builds at its first test."""
    global _started
    if _started or not in_worker(item.config) or kind_of(item) is None:
        return
    _started = True
    items = item.session.items
    if any(kind_of(other) == KINDS.index("demo_instance") for other in items):
        from tests.conftest import _the_demo_instance

        _the_demo_instance().start()
    if any(kind_of(other) == KINDS.index("stack") for other in items):
        from tests.conftest import default_db_is_postgres
        from tests.hardening.stack_builder import background, stack_unavailable

        if default_db_is_postgres() and background.thread is None and stack_unavailable() is None:
            background.start()
