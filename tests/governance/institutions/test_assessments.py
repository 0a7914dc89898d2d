"""Assessments: the indicators computed from hand-built records of the third quarter of 2026, the
inspection scores and weights, the ranking, publishing, the county ranking of centers, exports."""

import io
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from governance.audit_guard import rewriting_audit
from governance.institutions.models import JointMeeting, MeetingAttendance, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows
from governance.institutions.rules import indicators as ind
from governance.institutions.rules.periods import half_month_starting
from governance.institutions.services import assessments as services
from governance.models import Case, CaseEvent, FollowUp
from tests.factories import register  # noqa: F401

pytestmark = pytest.mark.django_db

AS_OF = date(2026, 10, 10)  # the third quarter is over


def at(day):
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


@pytest.fixture
def quarter(town, station, departments, director, reference, clock):
    """Hand-built records: four cases led by 派出所, two notices to it, two meetings, six half-months of 甲村."""
    clock.today = date(2026, 7, 1)
    police = departments["派出所"]

    def case(**fields):
        made = register(town, director, reference)
        Case.objects.filter(pk=made.pk).update(lead_department=police, status="handling", **fields)
        return made

    outcome_ok, outcome_not = reference("outcome", "mediated"), reference("outcome", "litigation")
    c1 = case(
        routed_on=date(2026, 7, 20),
        due_date=date(2026, 8, 10),
        resolved_on=date(2026, 8, 5),
        outcome=outcome_ok,
        workstation=station,
        acceptance_due=date(2026, 7, 10),
        accepted_on=date(2026, 7, 8),
    )
    c2 = case(
        routed_on=date(2026, 8, 3),
        due_date=date(2026, 8, 20),
        resolved_on=date(2026, 8, 25),
        outcome=outcome_not,
        acceptance_due=date(2026, 7, 25),
        accepted_on=date(2026, 7, 30),
    )
    c3 = case(routed_on=date(2026, 9, 1), due_date=date(2026, 9, 15), acceptance_due=date(2026, 8, 15), accepted_on=date(2026, 8, 15))
    c4 = case(
        routed_on=date(2026, 10, 1),
        due_date=date(2026, 10, 20),
        resolved_on=date(2026, 9, 10),
        outcome=outcome_ok,
        acceptance_due=date(2026, 9, 20),
        accepted_on=date(2026, 9, 19),
    )
    # Signing for (start): c1 two days after routing, c2 after 9 working days, c3 never.
    for made, day in ((c1, date(2026, 7, 22)), (c2, date(2026, 8, 14))):
        event = CaseEvent.objects.create(case=made, action="start", from_status="routed", to_status="handling")
        with rewriting_audit():  # back-dating a timeline row: the PostgreSQL trigger allows it only so
            CaseEvent.objects.filter(pk=event.pk).update(created_at=at(day))
    FollowUp.objects.create(case=c1, visited_on=date(2026, 8, 20), result=FollowUp.Result.SATISFIED)
    FollowUp.objects.create(case=c4, visited_on=date(2026, 9, 20), result=FollowUp.Result.PARTLY)

    def notice(deadline, rectified_on, status):
        RectificationNotice.objects.create(
            center=town,
            recipient=police,
            problem="p",
            place="p",
            basis="b",
            measures="m",
            responsible_person="r",
            funds="f",
            contingency_plan="c",
            deadline=deadline,
            rectified_on=rectified_on,
            status=status,
        )

    notice(date(2026, 8, 31), date(2026, 8, 30), flows.CLOSED)
    notice(date(2026, 9, 20), date(2026, 9, 25), flows.RECTIFIED)
    notice(date(2026, 9, 1), None, flows.DRAFT)  # a draft does not count

    present, absent, excused = MeetingAttendance.Status.PRESENT, MeetingAttendance.Status.ABSENT, MeetingAttendance.Status.EXCUSED
    for held_on, states in (
        (date(2026, 7, 5), {"派出所": present, "甲镇卫生院": present, "综治办": present}),
        (date(2026, 8, 5), {"派出所": present, "甲镇卫生院": absent, "综治办": excused}),
    ):
        meeting = JointMeeting.objects.create(center=town, title="月度会议", scheduled_on=held_on, held_on=held_on, status=flows.CLOSED)
        for name, status in states.items():
            MeetingAttendance.objects.create(meeting=meeting, department=departments[name], status=status)
    planned = JointMeeting.objects.create(center=town, kind="ad_hoc", title="未召开", scheduled_on=date(2026, 9, 9))
    MeetingAttendance.objects.create(meeting=planned, department=police, status=absent)  # not held: does not count

    for start, filed_on in (
        (date(2026, 7, 1), date(2026, 7, 15)),
        (date(2026, 7, 16), date(2026, 8, 2)),
        (date(2026, 8, 1), date(2026, 8, 14)),
        (date(2026, 9, 1), date(2026, 9, 15)),
        (date(2026, 9, 16), date(2026, 9, 30)),
    ):
        period = half_month_starting(start)
        ScreeningReport.objects.create(
            center=town,
            workstation=station,
            period_start=period.start,
            period_end=period.end,
            filed_on=filed_on,
            is_zero=True,
            on_time=filed_on <= period.end,
        )
    clock.today = AS_OF
    return {"cases": (c1, c2, c3, c4)}


def values(result):
    return {key: (Decimal(v) if v is not None else None) for key, v in result.values.items()}


def test_department_indicators_on_hand_built_records(quarter, town, director, departments):
    assessment = services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    assert (assessment.period_start, assessment.period_end) == (date(2026, 7, 1), date(2026, 9, 30))
    services.assessment_compute(pk=assessment.pk, actor=director)
    results = {r.name: r for r in assessment.results.all()}
    police = results["派出所"]
    assert police.ratios == {
        ind.ON_TIME_ACCEPTANCE: [1, 3],  # signed for within 5 working days: c1 only
        ind.ON_TIME_COMPLETION: [1, 3],  # due in the quarter: c1 on time, c2 late, c3 still open
        ind.RESOLUTION_RATE: [2, 3],  # resolved in the quarter: c1, c2 (not resolved), c4
        ind.SATISFACTION: [1, 2],
        ind.RECTIFICATION_ON_TIME: [1, 2],
        ind.MEETING_ATTENDANCE: [2, 2],
        ind.PLANS_ON_TIME: [0, 0],  # no plan milestone of its own
    }
    assert values(police) == {
        ind.ON_TIME_ACCEPTANCE: Decimal("33.33"),
        ind.ON_TIME_COMPLETION: Decimal("33.33"),
        ind.RESOLUTION_RATE: Decimal("66.67"),
        ind.SATISFACTION: Decimal("50.00"),
        ind.REPORT_TIMELINESS: None,
        ind.RECTIFICATION_ON_TIME: Decimal("50.00"),
        ind.MEETING_ATTENDANCE: Decimal("100.00"),
        ind.PLANS_ON_TIME: None,
        ind.INCIDENTS_HANDLED: None,
        ind.INSPECTION: None,
    }
    # (10×33.33 + 15×33.33 + 15×66.67 + 15×50 + 10×50 + 5×100) / 70 = 3583.3 / 70
    assert police.total == Decimal("51.19")
    assert values(results["甲镇卫生院"])[ind.MEETING_ATTENDANCE] == Decimal("50.00")
    assert values(results["综治办"])[ind.MEETING_ATTENDANCE] == Decimal("50.00")  # excused is not present
    assert [(r.name, r.rank) for r in assessment.results.order_by("rank", "sort_order")] == [("派出所", 1), ("综治办", 2), ("甲镇卫生院", 2)]

    by_name = {r.name: r.pk for r in assessment.results.all()}
    services.assessment_set_scores(pk=assessment.pk, actor=director, scores={by_name["派出所"]: "90", by_name["综治办"]: ""})
    police = assessment.results.get(name="派出所")
    # + 10 × 90 inspection: 4483.3 / 80
    assert (police.inspection_score, police.total) == (Decimal("90.00"), Decimal("56.04"))

    services.assessment_set_weights(pk=assessment.pk, actor=director, weights={ind.MEETING_ATTENDANCE: 1})
    totals = dict(assessment.results.values_list("name", "total"))
    assert totals == {"派出所": Decimal("100.00"), "综治办": Decimal("50.00"), "甲镇卫生院": Decimal("50.00")}

    with pytest.raises(ValidationError):
        services.assessment_set_scores(pk=assessment.pk, actor=director, scores={by_name["派出所"]: "101"})


def test_workstation_report_timeliness_counts_late_and_missing_half_months(quarter, town, director):
    assessment = services.assessment_create(actor=director, center=town, kind="quarterly", subject="workstations", year=2026, number=3)
    services.assessment_compute(pk=assessment.pk, actor=director)
    result = assessment.results.get()
    assert result.ratios[ind.REPORT_TIMELINESS] == [4, 6]  # 16–31 July late, 16–31 August missing
    assert values(result)[ind.REPORT_TIMELINESS] == Decimal("66.67")
    assert values(result)[ind.RESOLUTION_RATE] == Decimal("100.00")  # c1 is in 甲村
    # (15×100 + 15×100 + 10×66.67) / 40
    assert result.total == Decimal("91.67")


def test_the_county_ranks_its_centers_on_the_same_indicators(quarter, town, other_center, county_user, director):
    with pytest.raises(flows.MoveNotAllowed):
        services.assessment_create(actor=director, center=None, kind="quarterly", subject="centers", year=2026, number=3)
    ranking = services.assessment_create(actor=county_user, center=None, kind="quarterly", subject="centers", year=2026, number=3)
    services.assessment_compute(pk=ranking.pk, actor=county_user)
    results = {r.name: r for r in ranking.results.all()}
    mine = results[town.name]
    assert mine.ratios[ind.ON_TIME_ACCEPTANCE] == [3, 4]
    assert mine.ratios[ind.REPORT_TIMELINESS] == [4, 6]
    assert mine.ratios[ind.MEETING_ATTENDANCE] == [4, 6]
    # (10×75 + 15×33.33 + 15×66.67 + 15×50 + 10×66.67 + 10×50 + 5×66.67) / 80
    assert mine.total == Decimal("56.25")
    # The other center filed no report at all: that counts (0 of 6), it is not "nothing to count".
    other = results[other_center.name]
    assert other.ratios[ind.REPORT_TIMELINESS] == [0, 6] and other.total == Decimal("0.00")
    services.assessment_set_scores(pk=ranking.pk, actor=county_user, scores={other.pk: 95})
    assert dict(ranking.results.values_list("name", "total")) == {town.name: Decimal("56.25"), other_center.name: Decimal("47.50")}
    assert dict(ranking.results.values_list("name", "rank")) == {town.name: 1, other_center.name: 2}
    with pytest.raises(flows.MoveNotAllowed):
        services.assessment_compute(pk=ranking.pk, actor=director)  # a center does not touch the county's ranking


def test_published_results_are_final(quarter, town, director):
    assessment = services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    with pytest.raises(flows.MoveNotAllowed):
        services.assessment_publish(pk=assessment.pk, actor=director)  # nothing computed yet
    services.assessment_compute(pk=assessment.pk, actor=director)
    assert services.assessment_publish(pk=assessment.pk, actor=director).status == flows.PUBLISHED
    for call in (
        lambda: services.assessment_compute(pk=assessment.pk, actor=director),
        lambda: services.assessment_set_weights(pk=assessment.pk, actor=director, weights=ind.DEFAULT_WEIGHTS),
    ):
        with pytest.raises(flows.MoveNotAllowed):
            call()


def test_one_assessment_per_period_and_not_before_it_starts(town, director, clock):
    services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    with pytest.raises(ValidationError):
        services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    with pytest.raises(ValidationError):
        services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=4)
    with pytest.raises(ValidationError):
        services.assessment_create(actor=director, center=town, kind="quarterly", subject="centers", year=2026, number=2)


def test_results_export_to_xlsx_ranked(quarter, client, town, director):
    from openpyxl import load_workbook

    assessment = services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    services.assessment_compute(pk=assessment.pk, actor=director)
    client.force_login(director)
    response = client.get(f"/admin/institutions/assessments/{assessment.pk}/xlsx/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == assessment.title
    assert [row[:2] for row in rows[3:]] == [(1, "派出所"), (2, "综治办"), (2, "甲镇卫生院")]
    assert rows[3][-1] == pytest.approx(51.19)  # the total of test_department_indicators_on_hand_built_records


@pytest.fixture
def prevention_records(town, station, departments):
    """Third quarter 2026: an approved community plan's milestones and the center's incidents."""
    from governance.incidents.models import Incident
    from governance.plans.models import CommunityPlan, Milestone

    police = departments["派出所"]
    plan = CommunityPlan.objects.create(center=town, village=station, year=2026, measures="巡逻", responsible_people="张三 村支书", status="approved")
    draft = CommunityPlan.objects.create(center=town, village=station, year=2025, measures="巡逻", responsible_people="张三", status="draft")

    def milestone(owner=None, due=None, done=None, status="open", of=plan):
        Milestone.objects.create(plan=of, center=town, title="节点", owner_department=owner, due_date=due, done_on=done, status=status)

    milestone(due=date(2026, 8, 1), done=date(2026, 7, 30), status="confirmed")  # on time
    milestone(due=date(2026, 9, 1), done=date(2026, 9, 5), status="confirmed")  # late
    milestone(due=date(2026, 9, 20), done=date(2026, 9, 18), status="reported")  # reported, not yet confirmed: late
    milestone(owner=police, due=date(2026, 8, 15))  # the department's, still open after its due date
    milestone(due=date(2026, 10, 20))  # due after the quarter
    milestone(due=date(2026, 8, 1), of=draft)  # a plan not approved does not count

    def incident(day, status):
        Incident.objects.create(
            center=town, title="事件", summary="聚集", opened_at=at(day), estimated_people=20, lead_official="李四", status=status
        )

    incident(date(2026, 8, 2), "closed")
    incident(date(2026, 9, 10), "open")
    incident(date(2026, 9, 12), "cancelled")
    incident(date(2026, 10, 5), "closed")  # after the quarter


def test_plans_on_time_and_incidents_handled_count_for_their_units(prevention_records, town, station, departments):
    from governance.institutions.selectors.indicators import collect_units

    start, end = date(2026, 7, 1), date(2026, 9, 30)
    [center] = [unit for unit in collect_units("centers", None, start, end, AS_OF) if unit.center_id == town.pk]
    assert center.ratios[ind.PLANS_ON_TIME] == ind.Ratio(1, 4)
    assert center.ratios[ind.INCIDENTS_HANDLED] == ind.Ratio(1, 2)
    stations = {unit.name: unit for unit in collect_units("workstations", town.pk, start, end, AS_OF)}
    assert stations[station.name].ratios[ind.PLANS_ON_TIME] == ind.Ratio(1, 3)  # the village's own, not the department's
    units = {unit.name: unit for unit in collect_units("departments", town.pk, start, end, AS_OF)}
    assert units["派出所"].ratios[ind.PLANS_ON_TIME] == ind.Ratio(0, 1)
    assert ind.INCIDENTS_HANDLED not in units["派出所"].ratios  # a center's indicator only
    values = ind.indicator_values(stations[station.name].ratios, ind.WORKSTATION, None)
    assert values[ind.PLANS_ON_TIME] == Decimal("33.33") and values[ind.INCIDENTS_HANDLED] is None
