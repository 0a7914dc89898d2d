"""The suite on two processes (`pytest -n 2 --dist loadgroup`, as `make test` and CI run it).

Most tests can run on either worker. Three kinds share something expensive that a worker builds
once for its session, so each kind runs on one worker only, as one block:

- `demo_county`: the demo county loaded in the test database inside one outer transaction
  (tests/demo_county.py); the tests must follow each other in one process;
- `demo_instance`: a migrated database with the demo county, built by subprocesses and cloned
  per test (tests/conftest.py);
- `stack`: the scaled deployment of the hardening tests (tests/hardening/conftest.py).

The group is an `xdist_group` mark. It has to be set before pytest-xdist reads the marks
(it appends the group to the test ids in its own collection hook), hence `tryfirst`. Without
xdist the marks do nothing.
"""

import pytest

GROUPS = (
    ("_demo_county_load", "demo_county"),
    ("demo_instance", "demo_instance"),
    ("stack", "stack"),
)


def group_of(item):
    names = getattr(item, "fixturenames", ())
    for fixture, group in GROUPS:
        if fixture in names:
            return group
    return None


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(session, config, items):
    for item in items:
        group = group_of(item)
        if group is not None:
            item.add_marker(pytest.mark.xdist_group(group))
