"""Fixtures of the analysis tests: center A (甲镇, villages 甲村 and 乙庄) with its people, center B,
a frozen "today", cases in this month, last month and the same month last year, and a held joint
meeting."""

from datetime import date
from itertools import count

import pytest

from tests.factories import Clock, reference  # noqa: F401 (fixtures)

TODAY = date(2026, 11, 20)
NOVEMBER, OCTOBER, LAST_NOVEMBER = date(2026, 11, 5), date(2026, 10, 12), date(2025, 11, 3)
_serial = count(1)


@pytest.fixture
def clock(monkeypatch):
    from governance.services import clock as service_clock

    frozen = Clock(TODAY)
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@pytest.fixture
def town(center, reference, clock):
    from governance.models import Workstation

    Workstation.objects.create(center=center, name="乙庄")
    return center


@pytest.fixture
def villages(town):
    return {w.name: w for w in town.workstations.all()}


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
def reporter(villages, town, make_user):
    return make_user("workstation", town, workstation=villages["甲村"])


@pytest.fixture
def county_user(db, make_user):
    return make_user("county", None)


@pytest.fixture
def other_director(other_center, reference, make_user):
    return make_user("director", other_center)


@pytest.fixture
def make_case(town, reference):
    from governance.models import Case

    def make(day, village=None, kind="dispute", category="neighbour", source="walk_in", center=None):
        center = center or town
        number = next(_serial)
        return Case.objects.create(
            center=center,
            code=f"{center.short_name}〔{day.year}〕{number:04d}号",
            year=day.year,
            sequence=number,
            kind=kind,
            source=reference("source", source),
            category=reference("category", category),
            summary="两户村民因院墙滴水问题发生争执。",
            received_on=day,
            workstation=village,
        )

    return make


@pytest.fixture
def records(villages, make_case):
    """甲村: 3 this month, 1 last month, 1 a year ago; 乙庄: 1 this month (a hazard), 2 last month."""
    jia, yi = villages["甲村"], villages["乙庄"]
    for day in (NOVEMBER, NOVEMBER, NOVEMBER, OCTOBER, LAST_NOVEMBER):
        make_case(day, jia)
    make_case(NOVEMBER, yi, kind="hazard")
    make_case(OCTOBER, yi)
    make_case(OCTOBER, yi)


@pytest.fixture
def meeting(town, director):
    from governance.institutions.services import meetings

    made = meetings.meeting_create(center=town, actor=director, scheduled_on=TODAY, title="甲镇治安形势分析会")
    return meetings.meeting_hold(pk=made.pk, actor=director, held_on=TODAY)


@pytest.fixture
def opinions(town):
    from governance.analysis.services import OpinionData

    police = town.departments.get(name="派出所")
    office = town.departments.get(name="综治办")
    return [
        OpinionData("在甲村组织夜间巡逻。", police.pk, date(2026, 12, 10)),
        OpinionData("对邻里纠纷开展专项排查。", office.pk, date(2026, 12, 20)),
    ]


@pytest.fixture
def make_analysis(town, staff, director, meeting, opinions, records):
    """make_analysis(state): November's analysis of 甲镇 in "draft", "submitted" or "approved"."""
    from governance.analysis import services

    def make(state="draft", attach=True):
        analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
        data = services.DraftData(analysis.overview, analysis.features, opinions)
        analysis = services.analysis_update_draft(pk=analysis.pk, actor=staff, data=data, expected_version=analysis.version)
        if attach:
            analysis = services.analysis_attach(pk=analysis.pk, actor=staff, meeting_id=meeting.pk)
        if state in ("submitted", "approved"):
            analysis = services.analysis_submit(pk=analysis.pk, actor=staff)
        if state == "approved":
            analysis = services.analysis_approve(pk=analysis.pk, actor=director)
        return analysis

    return make
