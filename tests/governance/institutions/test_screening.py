"""governance.institutions.services.screening: half-monthly reports (items become cases, zero
reports, late ones), the urgent report that reaches the director within the same request, and the
sweep's reminders."""

from datetime import date

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from governance.institutions.models import InstitutionSettings, ScreeningReport
from governance.institutions.rules import flows
from governance.institutions.services import screening as services
from governance.institutions.services.sweep import run_institutions_sweep
from governance.models import AuditEvent, Case, CaseEvent, Notification

pytestmark = pytest.mark.django_db


def item(reference, **overrides):
    values = dict(
        kind="dispute", category_id=reference.pk("category", "neighbour"), summary="两户因排水沟堵塞发生口角。", place="东头组", people_count=2
    )
    values.update(overrides)
    return services.ItemData(**values)


def test_items_of_a_report_become_registered_cases(station, reporter, director, reference, clock):
    report = services.screening_file(
        workstation=station,
        actor=reporter,
        period_start=date(2026, 9, 16),
        items=[
            item(reference),
            item(reference, kind="hazard", category_id=reference.pk("category", "safety"), summary="机井未封盖。", party_name="王五"),
        ],
        summary="入户走访32户。",
    )
    assert (report.period_start, report.period_end, report.on_time, report.is_zero) == (date(2026, 9, 16), date(2026, 9, 30), True, False)
    cases = [i.case for i in report.items.order_by("pk")]
    assert [c.kind for c in cases] == ["dispute", "hazard"]
    for case in cases:
        assert (case.status, case.workstation, case.source.code, case.received_on) == ("registered", station, "workstation", clock.today)
        event = CaseEvent.objects.get(case=case, action="register")
        assert "甲村" in event.reason and event.actor is None  # registered by the system on the report's behalf
    assert [p.name for p in cases[1].parties.all()] == ["王五"]
    assert "甲村" in cases[0].parties.get().name  # the workstation itself raised it
    assert Notification.objects.filter(recipient=director, kind="screening").exists()
    assert AuditEvent.objects.filter(action="screening.file", actor=reporter, object_id=str(report.pk)).exists()


def test_zero_report_is_allowed_and_empty_non_zero_report_is_not(station, reporter, reference, clock):
    with pytest.raises(ValidationError):
        services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16))
    with pytest.raises(ValidationError):
        services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True, items=[item(reference)])
    report = services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True)
    assert report.is_zero and not report.items.exists()
    assert Case.objects.count() == 0


def test_one_regular_report_per_workstation_and_period(station, reporter, clock):
    services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True)
    with pytest.raises(ValidationError):
        services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True)
    services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 1), zero=True)  # the earlier period: still possible


def test_a_period_must_have_started_and_start_on_the_1st_or_16th(station, reporter, clock):
    with pytest.raises(ValidationError):
        services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 10, 1), zero=True)
    with pytest.raises(ValidationError):
        services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 10), zero=True)


@pytest.mark.parametrize(
    ("filed_on", "grace", "on_time"),
    [
        (date(2026, 2, 28), 0, True),  # the last day of February
        (date(2026, 3, 1), 0, False),
        (date(2026, 3, 2), 2, True),  # two days of grace run into March
        (date(2026, 3, 3), 2, False),
    ],
)
def test_the_february_report_is_on_time_up_to_the_month_end_plus_grace(town, station, reporter, clock, filed_on, grace, on_time):
    InstitutionSettings.objects.create(center=town, screening_grace_days=grace)
    clock.today = filed_on
    report = services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 2, 16), zero=True)
    assert report.on_time is on_time


def test_a_reporter_files_only_for_their_own_workstation(town, station, make_user, director, clock):
    other_station = town.workstations.create(name="乙组")
    other_reporter = make_user("workstation", town, workstation=other_station)
    with pytest.raises(flows.MoveNotAllowed):
        services.screening_file(workstation=station, actor=other_reporter, period_start=date(2026, 9, 16), zero=True)
    # The center's staff may file on a workstation's behalf.
    assert services.screening_file(workstation=station, actor=director, period_start=date(2026, 9, 16), zero=True).filed_by == director


def test_department_handlers_cannot_file(station, police, clock):
    with pytest.raises(flows.MoveNotAllowed):
        services.screening_file(workstation=station, actor=police, period_start=date(2026, 9, 16), zero=True)


def test_urgent_report_creates_an_incident_case_and_alerts_the_director(station, reporter, director, staff, reference, clock):
    report = services.screening_file_urgent(
        workstation=station,
        actor=reporter,
        summary="十余名村民聚集在村委会。",
        category_id=reference.pk("category", "land"),
        people_count=15,
        place="村委会",
    )
    case = report.incident_case
    assert (case.kind, case.people_count, case.risk.code, case.status, case.workstation) == ("incident", 15, "high", "registered", station)
    alert = Notification.objects.get(recipient=director, kind="urgent_report")
    assert "甲村" in alert.title and alert.case == case
    assert Notification.objects.filter(recipient=staff, kind="urgent_report").exists()
    # one notice of it each, the urgent one: not a second "new registration" notice as well
    assert Notification.objects.filter(case=case).exclude(kind="urgent_report").count() == 0


def test_urgent_report_reaches_the_director_within_the_same_request(
    client, station, reporter, director, reference, clock, django_capture_on_commit_callbacks
):
    director.email = "director@example.org"
    director.save()
    client.force_login(reporter)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/institutions/reports/urgent/",
            {
                "workstation": station.pk,
                "summary": "村民因征地补偿聚集，情绪激动。",
                "category": reference.pk("category", "expropriation"),
                "place": "村委会",
                "people_count": 20,
            },
        )
    assert response.status_code == 302
    report = ScreeningReport.objects.get(kind="urgent")
    assert response["Location"] == f"/admin/institutions/reports/{report.pk}/"
    # When the response is sent the director's alert exists and its email has gone out.
    alert = Notification.objects.get(recipient=director, kind="urgent_report")
    assert alert.emailed_at is not None
    assert [m.to for m in mail.outbox if m.subject == alert.title] == [["director@example.org"]]


def test_the_report_form_files_items_as_cases(client, station, reporter, reference, clock):
    client.force_login(reporter)
    response = client.post(
        "/admin/institutions/screeningreport/create/",
        {
            "workstation": station.pk,
            "period": "2026-09-16",
            "summary": "走访",
            "item-TOTAL_FORMS": "2",
            "item-INITIAL_FORMS": "0",
            "item-MIN_NUM_FORMS": "0",
            "item-MAX_NUM_FORMS": "30",
            "item-0-kind": "dispute",
            "item-0-category": reference.pk("category", "neighbour"),
            "item-0-summary": "邻里纠纷",
            "item-0-people_count": "2",
            "item-1-kind": "dispute",
            "item-1-people_count": "1",  # an untouched row
        },
    )
    assert response.status_code == 302, response.context["form"].errors or response.context["items"].errors
    report = ScreeningReport.objects.get()
    assert report.items.count() == 1 and report.items.get().case.summary == "邻里纠纷"


# --- the sweep ------------------------------------------------------------------------------------------------


def test_reminders_go_out_before_the_period_ends_once_and_only_to_who_has_not_reported(town, station, reporter, make_user, director, clock):
    second = town.workstations.create(name="乙组")
    second_reporter = make_user("workstation", town, workstation=second)
    for unit, who in ((station, reporter), (second, second_reporter)):  # both reported for 1–15 September
        services.screening_file(workstation=unit, actor=who, period_start=date(2026, 9, 1), zero=True)
    clock.today = date(2026, 9, 27)  # period 16–30 September, reminders from the 28th (2 days before)
    assert run_institutions_sweep().screening_reminders == 0
    services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True)
    clock.today = date(2026, 9, 28)
    assert run_institutions_sweep().screening_reminders == 1
    assert run_institutions_sweep().screening_reminders == 0
    assert Notification.objects.filter(recipient=second_reporter, kind="screening_reminder").count() == 1
    assert not Notification.objects.filter(recipient=reporter, kind="screening_reminder").exists()

    clock.today = date(2026, 10, 1)  # the September period is over: the center hears who missed it
    result = run_institutions_sweep()
    assert result.screening_missed == 1
    missed = Notification.objects.get(recipient=director, kind="screening_reminder")
    assert "乙组" in missed.title and "甲村" not in missed.title
    assert run_institutions_sweep().screening_missed == 0
