"""The suite on two processes (`pytest -n 2 --dist loadgroup`, as `make test` and CI run it).

Most tests can run on either worker. Three kinds share something expensive that a test process
builds once for its session:

- `demo_county`: the demo county loaded in the test database inside one outer transaction
  (tests/demo_county.py); those tests must follow each other in one process;
- `demo_instance`: a migrated database with the demo county, built by subprocesses and cloned
  per test (tests/conftest.py);
- `stack`: the scaled deployment of the hardening tests (tests/hardening/stack_builder.py).

They form one `xdist_group`, "shared", so one worker runs them all as one block: first the
`demo_county` tests, then the others. When that worker reaches the block's first test it starts
the two subprocess builds in the background, so they are ready by the time the in-process
`demo_county` tests are done. Without xdist nothing here changes the order and the builds start
at collection, as before.

The mark has to be set before pytest-xdist reads it (it appends the group to the test ids in its
own collection hook), hence `tryfirst`; the block's order is set after every other hook has
reordered, hence the wrapper.
"""

import pytest

GROUP = "shared"
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


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    for item in items:
        if kind_of(item) is not None:
            item.add_marker(pytest.mark.xdist_group(GROUP))


@pytest.hookimpl(wrapper=True, specname="pytest_collection_modifyitems")
def _order_the_block(session, config, items):
    result = yield
    if in_worker(config):
        shared = sorted((item for item in items if kind_of(item) is not None), key=kind_of)
        items[:] = [item for item in items if kind_of(item) is None] + shared
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
