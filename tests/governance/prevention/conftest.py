"""Fixtures of the prevention tests: a center with its people, a frozen "today", a team with
members and a recorded patrol with a finding."""

from datetime import date, time
from decimal import Decimal

import pytest

from governance.prevention.models import TeamKind
from governance.prevention.services import patrols, teams
from tests.factories import Clock, reference  # noqa: F401  (the reference fixture)

TODAY = date(2026, 9, 28)
ID_NUMBER = "11010519491231002X"
PHONE = "13800138000"


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
def backbone_kind(db):
    return TeamKind.objects.get(code="patrol")


@pytest.fixture
def team(town, director, station, backbone_kind):
    data = teams.TeamData(kind_id=backbone_kind.pk, name="甲镇巡防队", leader="刘强", equipment="对讲机2部", village_ids=[station.pk])
    made = teams.team_create(center=town, actor=director, data=data)
    teams.member_add(team=made, actor=director, data=teams.MemberData(name="刘强", id_number=ID_NUMBER, phone=PHONE, role="leader"))
    teams.member_add(team=made, actor=director, data=teams.MemberData(name="陈军", phone="13900139000"))
    return made


def patrol_data(team, **changes):
    values = dict(
        patrol_date=TODAY,
        start_time=time(8, 0),
        end_time=time(10, 0),
        team_ids=[team.pk],
        route="镇区主干道",
        people_count=2,
        hours=Decimal("2.0"),
        summary="巡逻",
        participant_ids=[m.pk for m in team.members.all()],
        findings=[patrols.FindingData(description="桥头护栏断裂", place="桥头")],
    )
    values.update(changes)
    return patrols.PatrolData(**values)


@pytest.fixture
def patrol(town, staff, team):
    return patrols.patrol_record(center=town, actor=staff, data=patrol_data(team))
