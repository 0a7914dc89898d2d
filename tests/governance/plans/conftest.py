"""Fixtures of the plans tests: a center with its people (two villages, each with a reporter), a
frozen "today", a draft plan of 甲村 with two milestones (one the village's, one the 派出所's), the
same plan approved, and a technical prevention point."""

from datetime import date

import pytest

from governance.plans.models import TechKind
from governance.plans.services import plans, techpoints
from tests.factories import Clock, reference  # noqa: F401  (the reference fixture)

TODAY = date(2026, 9, 28)


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
def other_station(town):
    return town.workstations.create(name="丙村")


@pytest.fixture
def director(town, make_user):
    return make_user("director", town)


@pytest.fixture
def staff(town, make_user):
    return make_user("staff", town)


@pytest.fixture
def police_station(town):
    return town.departments.get(name="派出所")


@pytest.fixture
def police(town, police_station, make_user):
    return make_user("department", town, department=police_station)


@pytest.fixture
def reporter(town, station, make_user):
    return make_user("workstation", town, workstation=station)


@pytest.fixture
def other_reporter(town, other_station, make_user):
    return make_user("workstation", town, workstation=other_station)


@pytest.fixture
def county_user(db, make_user):
    return make_user("county", None)


@pytest.fixture
def other_director(other_center, reference, make_user):
    return make_user("director", other_center)


PLAN_DATA = plans.PlanData(measures="加强夜间巡逻；完善视频监控。", responsible_people="王建国—村党支部书记")


@pytest.fixture
def plan(town, station, staff, police_station):
    made = plans.plan_create(center=town, actor=staff, village_id=station.pk, year=2026, data=PLAN_DATA)
    plans.milestone_add(plan_id=made.pk, actor=staff, data=plans.MilestoneData(title="开展入户宣传", due_date=date(2026, 9, 30)))
    plans.milestone_add(
        plan_id=made.pk, actor=staff, data=plans.MilestoneData(title="监控联网", due_date=date(2026, 6, 30), owner_department_id=police_station.pk)
    )
    made.refresh_from_db()
    return made


@pytest.fixture
def approved(plan, staff, director):
    plans.plan_move(pk=plan.pk, action="submit", actor=staff)
    plans.plan_move(pk=plan.pk, action="approve", actor=director)
    plan.refresh_from_db()
    return plan


@pytest.fixture
def village_milestone(approved):
    return approved.milestones.get(owner_department__isnull=True)


@pytest.fixture
def police_milestone(approved):
    return approved.milestones.get(owner_department__isnull=False)


@pytest.fixture
def point(town, station, staff):
    data = techpoints.PointData(
        village_id=station.pk, kind_id=TechKind.objects.get(code="camera").pk, location="村委会门前", installed_on=date(2025, 5, 1)
    )
    return techpoints.point_create(center=town, actor=staff, data=data)
