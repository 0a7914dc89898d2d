"""Fixtures of the working-system tests: a center with its people, a frozen "today" shared by the
case services and the institutions services, and builders for cases with chosen dates."""

from datetime import date

import pytest

from tests.factories import Clock, make_intake, reference  # noqa: F401  (the reference fixture)

TODAY = date(2026, 9, 28)


@pytest.fixture
def clock(monkeypatch):
    """Freezes "today" for every service (governance.services.clock)."""
    from governance.services import clock as service_clock

    frozen = Clock(TODAY)
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@pytest.fixture
def town(center, reference, clock):
    """Center A (甲镇: 综治办, 派出所, 甲镇卫生院; workstation 甲村) with the county's reference lists."""
    return center


@pytest.fixture
def departments(town):
    return {d.name: d for d in town.departments.all()}


@pytest.fixture
def station(town):
    return town.workstations.get(name="甲村")


@pytest.fixture
def director(town, make_user):
    return make_user("director", town, title="中心主任")


@pytest.fixture
def staff(town, make_user):
    return make_user("staff", town)


@pytest.fixture
def police(town, departments, make_user):
    return make_user("department", town, department=departments["派出所"])


@pytest.fixture
def clinic(town, departments, make_user):
    return make_user("department", town, department=departments["甲镇卫生院"])


@pytest.fixture
def reporter(town, station, make_user):
    return make_user("workstation", town, workstation=station)


@pytest.fixture
def county_user(db, make_user):
    return make_user("county", None)


@pytest.fixture
def other_director(other_center, reference, make_user):
    return make_user("director", other_center)
