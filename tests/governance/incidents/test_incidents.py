"""Incidents: opened from an urgent report, a group case or by hand (the county told at once), the
log kept through the engine, control, closing with a report, cancellation, stale edits, and the
people involved (checked, encrypted at rest, masked, revealed to an allowed user only, logged)."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.incidents.models import Incident, IncidentPerson
from governance.incidents.services import incidents
from governance.models import AuditEvent, Notification
from tests.governance.incidents.conftest import ID_NUMBER, PHONE, incident_data

pytestmark = pytest.mark.django_db


def test_opening_by_hand_notifies_the_county_and_the_directors(town, staff, director, county_user, station):
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(village_ids=[station.pk]))
    assert made.status == "open" and made.source == "manual"
    assert list(made.villages.all()) == [station]
    told = Notification.objects.filter(kind="urgent_report", center=town)
    assert {n.recipient for n in told} == {county_user, director}
    assert "甲村土地补偿苗头" in told.first().title
    event = AuditEvent.objects.get(action="incident.create", object_id=str(made.pk))
    assert event.actor == staff and event.data["source"] == "manual"


def test_opening_from_an_urgent_report_links_it_once(town, staff, urgent_report, station):
    assert list(incidents.urgent_reports_for(town)) == [urgent_report]
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(source="report", report_id=urgent_report.pk))
    assert made.screening_report == urgent_report and list(made.villages.all()) == [station]
    assert list(urgent_report.incidents.all()) == [made]
    assert not incidents.urgent_reports_for(town).exists()
    with pytest.raises(ValidationError) as error:
        incidents.incident_open(center=town, actor=staff, data=incident_data(source="report", report_id=urgent_report.pk))
    assert "report" in error.value.message_dict


def test_opening_from_a_group_case_only(town, staff, director, group_case, reference):
    from tests.factories import register

    small = register(town, director, reference, people_count=2)
    with pytest.raises(ValidationError) as error:
        incidents.incident_open(center=town, actor=staff, data=incident_data(source="case", case_id=small.pk))
    assert "case" in error.value.message_dict
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(source="case", case_id=group_case.pk))
    assert made.case == group_case and list(group_case.incidents.all()) == [made]


def test_another_centers_report_is_refused(town, other_center, reference, make_user, staff):
    from governance.institutions.services import screening

    station = other_center.workstations.first()
    report = screening.screening_file_urgent(
        workstation=station,
        actor=make_user("workstation", other_center, workstation=station),
        summary="聚集",
        category_id=reference.pk("category", "land"),
        people_count=9,
    )
    with pytest.raises(ValidationError):
        incidents.incident_open(center=town, actor=staff, data=incident_data(source="report", report_id=report.pk))


def test_bad_input_is_refused_in_chinese(town, staff):
    future = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError) as error:
        incidents.incident_open(center=town, actor=staff, data=incident_data(title=" ", lead_official="", estimated_people=0, opened_at=future))
    assert set(error.value.message_dict) == {"title", "lead_official", "estimated_people", "opened_at"}
    assert "时间" in error.value.message_dict["opened_at"][0]
    assert not Incident.objects.exists()


@pytest.mark.parametrize("who", ["police", "reporter", "county_user", "other_director"])
def test_only_the_centers_staff_open_incidents(request, town, who):
    with pytest.raises(MoveNotAllowed):
        incidents.incident_open(center=town, actor=request.getfixturevalue(who), data=incident_data())


def test_the_log_keeps_actions_deployments_and_reports_in_time_order(incident, staff, departments):
    opened = incident.opened_at
    incidents.log_add(
        pk=incident.pk, actor=staff, kind="report", occurred_at=opened + timedelta(minutes=40), content="电话报告", reported_to="镇党委"
    )
    incidents.log_add(
        pk=incident.pk,
        actor=staff,
        kind="deploy",
        occurred_at=opened + timedelta(minutes=20),
        content="调派民警到场",
        department_ids=[departments["派出所"].pk],
    )
    incidents.log_add(pk=incident.pk, actor=staff, kind="action", occurred_at=opened + timedelta(minutes=5), content="到场劝导")
    assert [e.kind for e in incident.log.all()] == ["action", "deploy", "report"]
    assert list(incident.log.get(kind="deploy").departments.all()) == [departments["派出所"]]
    actions = list(AuditEvent.objects.filter(object_type="incident", object_id=str(incident.pk)).values_list("action", flat=True))
    assert {"incident.log_action", "incident.log_deploy", "incident.log_report"} <= set(actions)
    incident.refresh_from_db()
    assert incident.status == "open" and incident.version == 5  # opened, a person added, three entries


def test_a_log_entry_needs_its_details(incident, staff, other_center):
    with pytest.raises(ValidationError) as error:
        incidents.log_add(pk=incident.pk, actor=staff, kind="report", occurred_at=timezone.now(), content="报告")
    assert "reported_to" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        incidents.log_add(pk=incident.pk, actor=staff, kind="deploy", occurred_at=timezone.now(), content="调配")
    assert "departments" in error.value.message_dict
    foreign = other_center.departments.first()
    with pytest.raises(ValidationError):
        incidents.log_add(pk=incident.pk, actor=staff, kind="deploy", occurred_at=timezone.now(), content="调配", department_ids=[foreign.pk])
    with pytest.raises(ValidationError) as error:
        incidents.log_add(pk=incident.pk, actor=staff, kind="action", occurred_at=incident.opened_at - timedelta(hours=1), content="早")
    assert "occurred_at" in error.value.message_dict
    assert not incident.log.exists()


def test_lifecycle_control_close_with_report_then_read_only(incident, staff, director):
    incidents.incident_move(pk=incident.pk, action="control", actor=staff, reason="已劝离")
    with pytest.raises(MoveNotAllowed):
        incidents.incident_close(pk=incident.pk, actor=staff, closing_report="报告")
    with pytest.raises(ValidationError):
        incidents.incident_close(pk=incident.pk, actor=director, closing_report=" ")
    closed = incidents.incident_close(pk=incident.pk, actor=director, closing_report="诉求已解决。")
    assert closed.status == "closed" and closed.closed_at and closed.closing_report == "诉求已解决。"
    with pytest.raises(MoveNotAllowed):
        incidents.log_add(pk=incident.pk, actor=staff, kind="action", occurred_at=timezone.now(), content="晚")
    with pytest.raises(MoveNotAllowed):
        incidents.person_add(incident=closed, actor=staff, data=incidents.PersonData(name="王五"))


def test_cancel_needs_a_reason_and_frees_the_source(town, staff, director, urgent_report):
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(source="report", report_id=urgent_report.pk))
    with pytest.raises(ValidationError):
        incidents.incident_move(pk=made.pk, action="cancel", actor=director, reason="")
    incidents.incident_move(pk=made.pk, action="cancel", actor=director, reason="经核实为误报")
    assert list(incidents.urgent_reports_for(town)) == [urgent_report]


def test_an_edit_records_old_and_new_and_refuses_a_stale_version(incident, staff):
    data = incident_data(title="甲村土地补偿群体性事件苗头", estimated_people=15)
    incidents.incident_update(pk=incident.pk, actor=staff, data=data, expected_version=incident.version)
    event = AuditEvent.objects.get(action="incident.edit", object_id=str(incident.pk))
    assert event.data["changed"]["estimated_people"] == [10, 15]
    with pytest.raises(StaleEdit):
        incidents.incident_update(pk=incident.pk, actor=staff, data=data, expected_version=incident.version)


def test_people_are_checked_encrypted_masked_and_revealed_with_a_log(incident, staff, director, county_user):
    with pytest.raises(ValidationError) as error:
        incidents.person_add(incident=incident, actor=staff, data=incidents.PersonData(name="", id_number="123", phone="12"))
    assert set(error.value.message_dict) == {"name", "id_number", "phone"}
    person = incident.people.get()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id_number FROM {IncidentPerson._meta.db_table} WHERE id = %s", [person.pk])
        assert ID_NUMBER not in cursor.fetchone()[0]
    shown = incidents.masked(person)
    assert ID_NUMBER not in shown["id_number"] and PHONE not in shown["phone"] and shown["phone"].endswith(PHONE[-4:])
    for who in (staff, county_user):
        with pytest.raises(MoveNotAllowed):
            incidents.person_reveal(person=person, actor=who)
    assert incidents.person_reveal(person=person, actor=director) == {"id_number": ID_NUMBER, "phone": PHONE}
    event = AuditEvent.objects.get(action="incident.reveal")
    assert event.actor == director and event.data["person"] == person.pk
    added = AuditEvent.objects.get(action="incident.person_add")
    assert "李四" not in str(added.data)


def test_the_situation_analysis_counts_incidents_once_and_not_cancelled_ones(monkeypatch, town, staff, director, group_case, station):
    from governance.analysis import sources
    from governance.incidents import figures

    monkeypatch.setattr(sources, "FIGURE_SOURCES", list(sources.FIGURE_SOURCES))
    figures.join_the_analysis()
    figures.join_the_analysis()  # once only
    assert [s.key for s in sources.FIGURE_SOURCES].count("incident") == 1

    made = incidents.incident_open(center=town, actor=staff, data=incident_data(source="case", case_id=group_case.pk, village_ids=[station.pk]))
    dropped = incidents.incident_open(center=town, actor=staff, data=incident_data(title="误报"))
    incidents.incident_move(pk=dropped.pk, action="cancel", actor=director, reason="误报")
    day = timezone.localtime(made.opened_at).date()
    facts = [fact for fact in sources.collect(town.pk, day, day) if fact.record == "incident"]
    assert [(f.village, f.category, f.case_id) for f in facts] == [("甲村", "苗头", group_case.pk)]
    assert sources.record_labels()["incident"] == "突发事件"
