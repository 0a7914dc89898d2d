"""Reading the records of an assessment period into the counts the indicator formulas need.

A fixed number of queries per assessment (one per indicator), whatever the number of units; the
rules in governance.institutions.rules.indicators decide what counts and how.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min

from governance.calendar import load_work_calendar
from governance.institutions.models import MeetingAttendance, RectificationNotice, ScreeningReport, settings_for
from governance.institutions.rules import flows, periods
from governance.institutions.rules import indicators as ind
from governance.models import Case, CaseEvent, Center, Department, FollowUp, Workstation
from governance.rules.deadlines import WORKING_DAYS, compute_deadline

SIGN_FOR_WORKING_DAYS = 5  # a department signs for a routed case or objects within 5 working days


@dataclass
class Unit:
    key: str
    name: str
    subject: str  # rules.indicators.DEPARTMENT / WORKSTATION / CENTER
    center_id: int
    ratios: dict = field(default_factory=dict)


def _outcomes_by(rows, key_of, outcome_of):
    grouped = defaultdict(list)
    for row in rows:
        grouped[key_of(row)].append(outcome_of(row))
    return {key: ind.ratio_of(outcomes) for key, outcomes in grouped.items()}


def _ratio_by(rows, key_of, hit_of):
    grouped = defaultdict(lambda: [0, 0])
    for row in rows:
        pair = grouped[key_of(row)]
        pair[0] += 1 if hit_of(row) else 0
        pair[1] += 1
    return {key: ind.Ratio(*pair) for key, pair in grouped.items()}


# --- the indicators, each keyed by the unit that answers for it -----------------------------------------


def acceptance_by_center(center_ids, start, end, as_of):
    rows = Case.objects.filter(center_id__in=center_ids, acceptance_due__range=(start, end)).values(
        "center_id", "acceptance_due", "accepted_on", "notice_date", "reject_reason"
    )

    def decided_on(row):
        return row["accepted_on"] or (row["notice_date"] if row["reject_reason"] else None)

    return _outcomes_by(rows, lambda r: r["center_id"], lambda r: ind.deadline_outcome(r["acceptance_due"], decided_on(r), as_of))


def signing_by_department(center_ids, start, end, as_of, calendar):
    """Routed cases signed for (started) within 5 working days of routing, by lead department."""
    cases = Case.objects.filter(center_id__in=center_ids, lead_department__isnull=False, routed_on__range=(start, end))
    started = dict(
        CaseEvent.objects.filter(case__in=cases, action="start").values("case_id").annotate(first=Min("created_at")).values_list("case_id", "first")
    )
    rows = cases.values("pk", "lead_department_id", "routed_on")

    def outcome(row):
        due = compute_deadline(row["routed_on"], SIGN_FOR_WORKING_DAYS, WORKING_DAYS, calendar).due
        first = started.get(row["pk"])
        return ind.deadline_outcome(due, first.date() if first else None, as_of)

    return _outcomes_by(rows, lambda r: r["lead_department_id"], outcome)


def completion(center_ids, start, end, as_of, key):
    rows = Case.objects.filter(center_id__in=center_ids, due_date__range=(start, end)).values(key, "due_date", "resolved_on")
    return _outcomes_by(rows, lambda r: r[key], lambda r: ind.deadline_outcome(r["due_date"], r["resolved_on"], as_of))


def resolution(center_ids, start, end, key):
    rows = Case.objects.filter(center_id__in=center_ids, resolved_on__range=(start, end), outcome__isnull=False).values(
        key, "outcome__counts_as_resolved"
    )
    return _ratio_by(rows, lambda r: r[key], lambda r: r["outcome__counts_as_resolved"])


def satisfaction(center_ids, start, end, key):
    rows = FollowUp.objects.filter(case__center_id__in=center_ids, visited_on__range=(start, end)).values(f"case__{key}", "result")
    return _ratio_by(rows, lambda r: r[f"case__{key}"], lambda r: r["result"] == FollowUp.Result.SATISFIED)


def rectification(center_ids, start, end, as_of, key):
    rows = (
        RectificationNotice.objects.filter(center_id__in=center_ids, deadline__range=(start, end))
        .exclude(status__in=(flows.DRAFT, flows.CANCELLED))
        .values(key, "deadline", "rectified_on")
    )
    return _outcomes_by(rows, lambda r: r[key], lambda r: ind.deadline_outcome(r["deadline"], r["rectified_on"], as_of))


def attendance(center_ids, start, end, key):
    rows = MeetingAttendance.objects.filter(
        meeting__center_id__in=center_ids, meeting__held_on__range=(start, end), meeting__status__in=(flows.HELD, flows.CLOSED)
    ).values(key, "status")
    return _ratio_by(rows, lambda r: r[key], lambda r: r["status"] == MeetingAttendance.Status.PRESENT)


def report_timeliness(workstations, start, end, as_of):
    """{workstation_id: Ratio} over the half-months ending in the period (and their grace days)."""
    half_months = periods.half_months_ending_between(start, end)
    ids = [w.pk for w in workstations]
    filed = {
        (row["workstation_id"], row["period_start"]): row["filed_on"]
        for row in ScreeningReport.objects.filter(
            workstation_id__in=ids, kind=ScreeningReport.Kind.REGULAR, period_start__in=[p.start for p in half_months]
        ).values("workstation_id", "period_start", "filed_on")
    }
    grace = {}
    result = {}
    for station in workstations:
        days = grace.setdefault(station.center_id, settings_for(station.center_id).screening_grace_days)
        outcomes = [ind.deadline_outcome(p.due_on(days), filed.get((station.pk, p.start)), as_of) for p in half_months]
        result[station.pk] = ind.ratio_of(outcomes)
    return result


def plan_milestones(center_ids, start, end, as_of, key):
    """Milestones of approved community prevention plans due in the period, by `key`
    ("center_id", "owner_department_id", or "plan__village_id" for the workstations' own)."""
    from governance.plans import flows as plan_flows
    from governance.plans.models import Milestone

    rows = Milestone.objects.filter(center_id__in=center_ids, due_date__range=(start, end), plan__status=plan_flows.APPROVED)
    if key == "plan__village_id":
        rows = rows.filter(owner_department__isnull=True)
    rows = rows.values(key, "due_date", "done_on", "status")

    def done_on(row):
        return row["done_on"] if row["status"] == plan_flows.CONFIRMED else None

    return _outcomes_by(rows, lambda r: r[key], lambda r: ind.deadline_outcome(r["due_date"], done_on(r), as_of))


def incidents_handled(center_ids, start, end):
    """Incidents opened in the period and not cancelled, by center: closed ÷ all."""
    from governance.incidents import flows as incident_flows
    from governance.incidents.models import Incident

    rows = (
        Incident.objects.filter(center_id__in=center_ids, opened_at__date__range=(start, end))
        .exclude(status=incident_flows.CANCELLED)
        .values("center_id", "status")
    )
    return _ratio_by(rows, lambda r: r["center_id"], lambda r: r["status"] == incident_flows.CLOSED)


# --- the units of an assessment -----------------------------------------------------------------------


def collect_units(subject, center_id, start, end, as_of):
    """The units of one assessment with their ratios per computed indicator."""
    if subject == "departments":
        departments = list(Department.objects.filter(center_id=center_id, is_active=True).order_by("sort_order", "name"))
        ids = [center_id]
        calendar = load_work_calendar()
        sources = {
            ind.ON_TIME_ACCEPTANCE: signing_by_department(ids, start, end, as_of, calendar),
            ind.ON_TIME_COMPLETION: completion(ids, start, end, as_of, "lead_department_id"),
            ind.RESOLUTION_RATE: resolution(ids, start, end, "lead_department_id"),
            ind.SATISFACTION: satisfaction(ids, start, end, "lead_department_id"),
            ind.RECTIFICATION_ON_TIME: rectification(ids, start, end, as_of, "recipient_id"),
            ind.MEETING_ATTENDANCE: attendance(ids, start, end, "department_id"),
            ind.PLANS_ON_TIME: plan_milestones(ids, start, end, as_of, "owner_department_id"),
        }
        units = [Unit(f"department:{d.pk}", d.name, ind.DEPARTMENT, center_id) for d in departments]
        ids_of = [d.pk for d in departments]
    elif subject == "workstations":
        stations = list(Workstation.objects.filter(center_id=center_id, is_active=True).order_by("name"))
        ids = [center_id]
        sources = {
            ind.RESOLUTION_RATE: resolution(ids, start, end, "workstation_id"),
            ind.SATISFACTION: satisfaction(ids, start, end, "workstation_id"),
            ind.REPORT_TIMELINESS: report_timeliness(stations, start, end, as_of),
            ind.PLANS_ON_TIME: plan_milestones(ids, start, end, as_of, "plan__village_id"),
        }
        units = [Unit(f"workstation:{w.pk}", w.name, ind.WORKSTATION, center_id) for w in stations]
        ids_of = [w.pk for w in stations]
    elif subject == "centers":
        centers = list(Center.objects.filter(is_active=True).order_by("name"))
        ids = [c.pk for c in centers]
        stations = list(Workstation.objects.filter(center_id__in=ids, is_active=True))
        per_station = report_timeliness(stations, start, end, as_of)
        reports = defaultdict(ind.Ratio)
        for station in stations:
            reports[station.center_id] = reports[station.center_id] + per_station[station.pk]
        sources = {
            ind.ON_TIME_ACCEPTANCE: acceptance_by_center(ids, start, end, as_of),
            ind.ON_TIME_COMPLETION: completion(ids, start, end, as_of, "center_id"),
            ind.RESOLUTION_RATE: resolution(ids, start, end, "center_id"),
            ind.SATISFACTION: satisfaction(ids, start, end, "center_id"),
            ind.REPORT_TIMELINESS: dict(reports),
            ind.RECTIFICATION_ON_TIME: rectification(ids, start, end, as_of, "center_id"),
            ind.MEETING_ATTENDANCE: attendance(ids, start, end, "meeting__center_id"),
            ind.PLANS_ON_TIME: plan_milestones(ids, start, end, as_of, "center_id"),
            ind.INCIDENTS_HANDLED: incidents_handled(ids, start, end),
        }
        units = [Unit(f"center:{c.pk}", c.name, ind.CENTER, c.pk) for c in centers]
        ids_of = ids
    else:
        raise ValueError(subject)
    for unit, unit_id in zip(units, ids_of):
        unit.ratios = {key: by_unit.get(unit_id, ind.Ratio()) for key, by_unit in sources.items()}
    return units
