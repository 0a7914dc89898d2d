"""Fixtures of the unit tests: a center with its people, a frozen "today", a unit with a security
lead, and a completed check with a non-compliant item."""

from datetime import date

import pytest

from governance.rules.credit_code import make_credit_code
from governance.units.models import ChecklistItem, CheckResult, UnitKind
from governance.units.services import checks, units
from tests.factories import Clock, reference  # noqa: F401  (the reference fixture)

TODAY = date(2026, 9, 28)
PHONE = "13800138000"
CREDIT_CODE = make_credit_code("91230602MA1B2C3D4")


@pytest.fixture
def clock(monkeypatch):
    from governance.services import clock as service_clock

    frozen = Clock(TODAY)
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@pytest.fixture
def town(center, reference, clock):
    return center


@pytest.fixture
def station(town):
    return town.workstations.get(name="甲村")


@pytest.fixture
def director(town, make_user):
    return make_user("director", town)


@pytest.fixture
def staff(town, make_user):
    return make_user("staff", town)


@pytest.fixture
def police(town, make_user):
    return make_user("department", town, department=town.departments.get(name="派出所"))


@pytest.fixture
def reporter(town, station, make_user):
    return make_user("workstation", town, workstation=station)


@pytest.fixture
def county_user(db, make_user):
    return make_user("county", None)


@pytest.fixture
def other_director(other_center, reference, make_user):
    return make_user("director", other_center)


@pytest.fixture
def school_kind(db):
    return UnitKind.objects.get(code="school")


def unit_data(kind, **changes):
    values = dict(
        kind_id=kind.pk,
        name="甲镇中心小学",
        address="甲镇新华路18号",
        lead_name="高文军",
        lead_phone=PHONE,
        credit_code=CREDIT_CODE,
        is_key=True,
    )
    values.update(changes)
    return units.UnitData(**values)


@pytest.fixture
def unit(town, staff, station, school_kind):
    return units.unit_create(center=town, actor=staff, data=unit_data(school_kind, village_id=station.pk))


def results(**special):
    """A result for every active checklist item: compliant unless `special` says (code=(result, note))."""
    return [
        checks.ResultData(item.pk, *special.get(item.code, (CheckResult.Result.COMPLIANT, "")))
        for item in ChecklistItem.objects.filter(is_active=True)
    ]


def check_data(unit, **changes):
    values = dict(
        unit_id=unit.pk,
        check_date=TODAY,
        inspectors="王伟、李娜",
        findings="消防器材过期",
        results=results(fire=(CheckResult.Result.NON_COMPLIANT, "灭火器3具过期")),
    )
    values.update(changes)
    return checks.CheckData(**values)


@pytest.fixture
def draft_check(town, staff, unit):
    return checks.check_create(center=town, actor=staff, data=check_data(unit))


@pytest.fixture
def completed_check(draft_check, staff):
    return checks.check_move(pk=draft_check.pk, action="complete", actor=staff)
