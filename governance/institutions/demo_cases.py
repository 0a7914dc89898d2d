"""The demo's cases: walk-ins (a spike in one village, a repeat filer) and every case of the demo
history carried along the case lifecycle, the older the further, all through the case services
"as of" a past day (`as_of`), so dates, deadlines and timestamps agree."""

from contextlib import contextmanager
from datetime import datetime, time, timedelta

from django.utils import timezone

from governance.models import CaseKind, Department, FollowUp, ReferenceItem, ReferenceKind, RoutingRule
from governance.services import cases as case_services

OUTCOMES = {CaseKind.DISPUTE: "mediated", CaseKind.HAZARD: "rectified", CaseKind.PETITION: "replied", CaseKind.INCIDENT: "contained"}
FOLLOW_UPS = [FollowUp.Result.SATISFIED] * 5 + [FollowUp.Result.PARTLY] + [FollowUp.Result.SATISFIED] * 3 + [FollowUp.Result.NOT_RESOLVED]


@contextmanager
def as_of(day):
    """Run the block as if it were 10:00 on `day` (demo history only; restored afterwards)."""
    real_now = timezone.now
    moment = timezone.make_aware(datetime.combine(day, time(10, 0)))
    timezone.now = lambda: moment
    try:
        yield
    finally:
        timezone.now = real_now


def reference(kind, code):
    return ReferenceItem.objects.get(kind=kind, code=code, center__isnull=True)


def walk_ins(center, spec, director, today):
    """The spike (one village, one category, many cases lately) and the repeat filer."""
    registered = []
    rows = []
    spike = spec.get("spike")
    if spike:
        station = center.workstations.get(name=spike["workstation"])
        for n, (summary, days_ago) in enumerate(zip(spike["summaries"], spike["days_ago"])):
            rows.append((days_ago, spike["kind"], spike["category"], summary, spike["place"], 2, f"西村村民{n + 1}", f"1390000{n:04d}", station))
    repeat = spec.get("repeat_filer")
    if repeat:
        station = center.workstations.get(name=repeat["workstation"])
        for summary, days_ago in zip(repeat["summaries"], repeat["days_ago"]):
            rows.append((days_ago, "dispute", repeat["category"], summary, station.name, 1, repeat["name"], "13912340001", station))
    for days_ago, kind, category, summary, place, people, name, phone, station in sorted(rows, key=lambda r: -r[0]):
        day = today - timedelta(days=days_ago)
        intake = case_services.Intake(
            kind=kind,
            source_id=reference(ReferenceKind.SOURCE, "walk_in").pk,
            category_id=reference(ReferenceKind.CATEGORY, category).pk,
            summary=summary,
            place=place,
            people_count=people,
            workstation_id=station.pk,
            received_on=day,
            parties=[case_services.PartyData(name=name, phone=phone)],
        )
        with as_of(day):
            registered.append((case_services.case_register(center=center, actor=director, intake=intake), day))
    return registered


def _lead(case):
    rule = RoutingRule.objects.filter(center_id=case.center_id, category_id=case.category_id).select_related("lead_department").first()
    return rule.lead_department if rule else Department.objects.filter(center_id=case.center_id, role="lead").first()


def advance(case, received_on, today, director, number):
    """Carry an older case along the lifecycle: the older, the further (some stay overdue)."""
    age = (today - received_on).days
    outcome = reference(ReferenceKind.OUTCOME, OUTCOMES[case.kind])
    steps = [(1, lambda: case_services.case_accept(case_id=case.pk, actor=director, notice_date=timezone.localdate()))]
    if age > 6:
        steps.append(
            (2, lambda: case_services.case_route(case_id=case.pk, actor=director, lead_department=_lead(case), responsible_person="值班调解员"))
        )
        steps.append((3, lambda: case_services.case_start(case_id=case.pk, actor=director)))
    finishes = age > 60 or (age > 20 and number % 3 != 0)
    if finishes:
        steps.append(
            (
                min(12, age - 3),
                lambda: case_services.case_resolve(case_id=case.pk, actor=director, outcome=outcome, note="经调解，双方达成一致并已履行。"),
            )
        )
        steps.append((min(13, age - 2), lambda: case_services.case_feedback(case_id=case.pk, actor=director, told_on=timezone.localdate())))
    if finishes and age > 40:
        result = FOLLOW_UPS[number % len(FOLLOW_UPS)]
        steps.append((20, lambda: case_services.case_follow_up(case_id=case.pk, actor=director, result=result, note="电话回访当事人。")))
    for offset, step in steps:
        day = received_on + timedelta(days=offset)
        if day > today:
            break
        with as_of(day):
            step()
