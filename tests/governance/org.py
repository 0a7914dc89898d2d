"""One township's organisation for the case tests (services, views, sweep): 示范镇 with its 司法所 and
派出所, a neighbouring 邻乡, and their people. Import the fixtures a module needs:

    from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)
"""

import pytest

from tests.factories import CenterFactory, DepartmentFactory, make_staff


@pytest.fixture
def town(db):
    return CenterFactory(name="示范镇综治中心", short_name="示范镇", slug="shifan")


@pytest.fixture
def other_town(db):
    return CenterFactory(name="邻乡综治中心", short_name="邻乡", slug="linxiang")


@pytest.fixture
def justice(town):
    return DepartmentFactory(center=town, name="司法所")


@pytest.fixture
def police(town):
    return DepartmentFactory(center=town, name="派出所")


@pytest.fixture
def director(town):
    return make_staff("director", town, username="director")


@pytest.fixture
def staff(town):
    return make_staff("staff", town, username="staff")


@pytest.fixture
def handler(justice):
    return make_staff("department", department=justice, username="justice-handler")


@pytest.fixture
def police_handler(police):
    return make_staff("department", department=police, username="police-handler")
