"""Fixtures of the incident and key-work tests: center A (甲镇: 综治办, 派出所, 甲镇卫生院; 甲村) with
its people, center B, a frozen "today", an urgent report, a group case and builders of incidents."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from governance.incidents.services import incidents, keywork
from tests.factories import Clock, reference, register  # noqa: F401  (the reference fixture)

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
def departments(town):
    return {d.name: d for d in town.departments.all()}


@pytest.fixture
def director(town, make_user):
    return make_user("director", town)


@pytest.fixture
def staff(town, make_user):
    return make_user("staff", town)


@pytest.fixture
def police(town, make_user, departments):
    return make_user("department", town, department=departments["派出所"])


@pytest.fixture
def health(town, make_user, departments):
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


@pytest.fixture
def urgent_report(town, station, reporter, reference):
    from governance.institutions.services import screening

    return screening.screening_file_urgent(
        workstation=station,
        actor=reporter,
        summary="二十余名村民聚集村委会讨要土地补偿款。",
        category_id=reference.pk("category", "land"),
        people_count=22,
        place="甲村村委会",
    )


@pytest.fixture
def group_case(town, director, reference):
    return register(town, director, reference, people_count=8, summary="八户村民因灌溉用水发生纠纷。")


def incident_data(**changes):
    values = dict(
        kind="early_sign",
        title="甲村土地补偿苗头",
        summary="村民在群里相约到镇政府反映补偿款问题。",
        opened_at=timezone.now().replace(second=0, microsecond=0) - timedelta(hours=3),
        estimated_people=10,
        lead_official="王副镇长",
    )
    values.update(changes)
    return incidents.IncidentData(**values)


@pytest.fixture
def incident(town, staff, station):
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(village_ids=[station.pk]))
    incidents.person_add(incident=made, actor=staff, data=incidents.PersonData(name="李四", role="leader", id_number=ID_NUMBER, phone=PHONE))
    made.refresh_from_db()
    return made


@pytest.fixture
def work(town, director, departments):
    data = keywork.KeyWorkData(
        title="国庆期间矛盾纠纷排查",
        description="集中排查化解。",
        period_start=TODAY,
        period_end=TODAY + timedelta(days=30),
        lead_department_id=departments["综治办"].pk,
        cooperating_ids=[departments["派出所"].pk],
        assigned_people="中心工作人员2名",
    )
    return keywork.keywork_create(center=town, actor=director, data=data)


@pytest.fixture
def task(work, director, departments):
    data = keywork.TaskData(owner_id=departments["派出所"].pk, description="排查重点场所", deadline=TODAY + timedelta(days=10))
    made = keywork.task_add(work=work, actor=director, data=data)
    work.refresh_from_db()
    return made
