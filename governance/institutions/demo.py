"""Demo data of the working systems: half a year of screening reports (their matters registered as
cases and carried along the case lifecycle), rectification notices in every state, monthly and
ad-hoc joint meetings with their tasks, assessments, a county ranking and special-work tags.

Everything goes through the services, so it carries audit rows, notifications and case events like
real use. To give the records a history, each step runs "as of" a past day (`as_of`): Django's
clock is set back for the duration of the step, so dates, deadlines and timestamps agree.

Idempotent: each part of a center is skipped when that center already has records of its kind, so
a second run creates nothing.
"""

import base64
import json
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.utils import timezone

from governance.institutions.demo_cases import advance, as_of, reference, walk_ins
from governance.institutions.models import (
    Assessment,
    CaseTag,
    InstitutionSettings,
    JointMeeting,
    MeetingAttendance,
    RectificationNotice,
    ScreeningReport,
    settings_for,
)
from governance.institutions.rules import periods
from governance.institutions.services import assessments, meetings, notices, screening, tags, tasks
from governance.models import Case, CaseKind, Center, ReferenceKind, StaffProfile

DEMO_FILE = Path(settings.BASE_DIR) / "fixtures" / "demo_institutions.json"
# A 1×1 grey PNG: the demo's rectification photo.
EVIDENCE_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAAAAAA6fptVAAAACklEQVR4nGNoAAAAggCB3z8mGwAAAABJRU5ErkJggg==")


def read_demo_data(path=DEMO_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def load_demo_institutions(path=DEMO_FILE):
    """Create the working systems' demo records for the demo centers; returns how many were created."""
    data = read_demo_data(path)
    today = timezone.localdate()
    User = get_user_model()
    created = 0
    for slug, spec in data["centers"].items():
        center = Center.objects.filter(slug=slug).first()
        if center is None:
            continue
        actors = {role: User.objects.get(username=name) for role, name in spec["actors"].items()}
        created += _settings(center)
        created += _screening(center, spec, actors, today)
        created += _notices(center, spec, actors, today)
        created += _meetings(center, spec, actors, today)
        created += _assessments(center, spec, actors, today)
        created += _tags(center, spec, actors)
    created += _county_ranking(data["county_ranking"], today)
    return created


def _settings(center):
    _row, created = InstitutionSettings.objects.get_or_create(center=center)
    return int(created)


# --- screening reports and the cases they bring -------------------------------------------------------


def _reporter(station, fallback):
    profile = StaffProfile.objects.filter(workstation=station, user__is_active=True).select_related("user").first()
    return profile.user if profile else fallback


def _screening(center, spec, actors, today):
    if ScreeningReport.objects.filter(center=center).exists():
        return 0
    director = actors["director"]
    stations = list(center.workstations.filter(is_active=True).order_by("pk"))
    pool = spec["item_pool"]
    skip = {tuple(x) for x in spec.get("skip_periods", [])}
    late = {tuple(x) for x in spec.get("late_periods", [])}
    current = periods.half_month_of(today)
    period = periods.half_month_of(periods.add_months(today, -spec["history_months"]))
    history = []
    while period.start < current.start:
        history.append(period)
        period = period.next()
    created, cases, counter = 0, [], 0
    for index, period in enumerate(history):
        back = len(history) - index  # 1 = the period just before the current one
        for s_index, station in enumerate(stations):
            if (station.name, back) in skip:
                continue
            filed_on = period.end + timedelta(days=2) if (station.name, back) in late else period.end - timedelta(days=(s_index + back) % 3)
            filed_on = min(filed_on, today)
            cycle = spec.get("items_per_report", {}).get(station.name, [0, 1, 2])
            count = cycle[(s_index + back) % len(cycle)]
            items = []
            for _n in range(count):
                kind, category, summary, place, people, party = pool[counter % len(pool)]
                counter += 1
                items.append(
                    screening.ItemData(
                        kind=kind,
                        category_id=reference(ReferenceKind.CATEGORY, category).pk,
                        summary=summary,
                        place=place,
                        people_count=people,
                        party_name=party,
                    )
                )
            with as_of(filed_on):
                report = screening.screening_file(
                    workstation=station,
                    actor=_reporter(station, director),
                    period_start=period.start,
                    items=items,
                    zero=not items,
                    summary="本期组织网格员入户走访，排查矛盾纠纷和安全隐患。" if items else "本期排查未发现矛盾纠纷和隐患。",
                )
            created += 1 + len(items)
            cases += [(item.case, filed_on) for item in report.items.select_related("case")]
    for name, mode in spec.get("current_period_filed", []):
        station = center.workstations.get(name=name)
        with as_of(today):
            screening.screening_file(
                workstation=station,
                actor=_reporter(station, director),
                period_start=current.start,
                zero=mode == "zero",
                summary="本期排查未发现矛盾纠纷和隐患。",
            )
        created += 1
    cases += walk_ins(center, spec, director, today)
    for name, days_ago, category, summary, place, people in spec.get("urgent", []):
        station = center.workstations.get(name=name)
        with as_of(today - timedelta(days=days_ago)):
            report = screening.screening_file_urgent(
                workstation=station,
                actor=_reporter(station, director),
                summary=summary,
                category_id=reference(ReferenceKind.CATEGORY, category).pk,
                people_count=people,
                place=place,
            )
        cases.append((report.incident_case, today - timedelta(days=days_ago)))
        created += 2
    created += len(cases)
    for number, (case, received_on) in enumerate(sorted(cases, key=lambda pair: (pair[1], pair[0].pk))):
        advance(case, received_on, today, director, number)
    return created


# --- rectification notices --------------------------------------------------------------------------------


def _notices(center, spec, actors, today):
    if RectificationNotice.objects.filter(center=center).exists():
        return 0
    director = actors["director"]
    created = 0
    for row in spec.get("notices", []):
        issued = today - timedelta(days=row["issued_days_ago"])
        deadline = issued + timedelta(days=row["deadline_days"])
        case = None
        if row.get("case_hazard"):
            case = Case.objects.filter(center=center, kind=CaseKind.HAZARD, summary__contains=row["case_hazard"]).order_by("pk").first()
        data = notices.NoticeData(
            recipient_id=center.departments.get(name=row["recipient"]).pk,
            case_id=case.pk if case else None,
            deadline=deadline,
            **{k: row[k] for k in ("problem", "place", "basis", "measures", "responsible_person", "funds", "contingency_plan")},
        )
        with as_of(issued):
            notice = notices.notice_create(center=center, actor=director, data=data)
        created += 1
        state = row["state"]
        if state == "draft":
            continue
        with as_of(issued):
            notices.notice_issue(pk=notice.pk, actor=director)
        if state == "issued":
            continue
        with as_of(issued + timedelta(days=1)):
            notices.notice_return_receipt(
                pk=notice.pk,
                actor=director,
                received_on=issued + timedelta(days=1),
                signer=row["responsible_person"],
                note="已收到通知书，将按要求落实整改措施。",
            )
        if state in ("rectified", "closed"):
            fixed = min(today, deadline - timedelta(days=5)) if state == "closed" else today - timedelta(days=2)
            with as_of(fixed):
                notices.notice_report_rectified(
                    pk=notice.pk,
                    actor=director,
                    rectified_on=fixed,
                    note="已按通知要求完成整改，附整改后照片。",
                    evidence=[(ContentFile(EVIDENCE_PNG, name="rectified.png"), "整改后现场照片")],
                )
        if state == "closed":
            with as_of(deadline - timedelta(days=3)):
                notices.notice_reinspect(pk=notice.pk, actor=director, passed=True, note="经复查，整改到位，同意销号。")
        if state == "escalated":
            with as_of(deadline + timedelta(days=1)):
                notices.notice_mark_overdue(pk=notice.pk)
            with as_of(min(today, deadline + timedelta(days=1 + settings_for(center.pk).notice_escalate_after_days))):
                notices.notice_escalate(pk=notice.pk, reason="逾期未整改，提请中心主任和县综治中心升级督办。")
    return created


# --- joint meetings and tasks --------------------------------------------------------------------------------


def _hold(meeting, spec, director, day, absent=None, close=True):
    with as_of(day):
        meetings.meeting_hold(pk=meeting.pk, actor=director, held_on=day, chair=spec["chair"], recorder=spec["recorder"])
        rows = {}
        for row in meeting.attendance.select_related("department"):
            name = row.department.name
            status = MeetingAttendance.Status.ABSENT if name == absent else MeetingAttendance.Status.PRESENT
            rows[row.department_id] = (status, "" if name == absent else spec["attendees"].get(name, f"{name}干部"))
        meetings.meeting_record_attendance(pk=meeting.pk, actor=director, rows=rows)
        meetings.meeting_record_minutes(pk=meeting.pk, actor=director, minutes="\n".join(spec["minutes"]))
    return meeting


def _decide(meeting, center, director, day, decisions, progress):
    created = 0
    for index, (owner, days, text) in enumerate(decisions):
        with as_of(day):
            task = meetings.meeting_add_decision(
                pk=meeting.pk, actor=director, decision=text, owner=center.departments.get(name=owner), deadline=day + timedelta(days=days)
            )
        created += 1
        stage = progress[index % len(progress)]
        steps = []
        if stage in ("started", "reported", "done"):
            steps.append((2, lambda t=task: tasks.task_start(pk=t.pk, actor=director)))
        if stage in ("reported", "done"):
            steps.append((days - 2, lambda t=task: tasks.task_report(pk=t.pk, actor=director, note="已按会议要求落实，情况已书面报送中心。")))
        if stage == "done":
            steps.append((days - 1, lambda t=task: tasks.task_confirm(pk=t.pk, actor=director)))
        for offset, step in steps:
            if day + timedelta(days=offset) > timezone.localdate():
                break
            with as_of(day + timedelta(days=offset)):
                step()
    return created


def _meetings(center, spec, actors, today):
    if JointMeeting.objects.filter(center=center).exists():
        return 0
    director = actors["director"]
    plan = spec["meetings"]
    meeting_day = settings_for(center.pk).monthly_meeting_day
    created = 0
    for back in (3, 2, 1, 0):
        month = periods.add_months(today, -back)
        day = periods.monthly_meeting_date(month, meeting_day)
        with as_of(min(day - timedelta(days=7), today)):
            meeting = meetings.meeting_create(
                center=center, actor=director, kind=JointMeeting.Kind.MONTHLY, scheduled_on=day, place=plan["place"], chair=plan["chair"]
            )
        created += 1
        if day > today:
            continue
        _hold(meeting, plan, director, day, absent=plan.get("absent", {}).get(str(back)))
        progress = ["done", "done", "reported"] if back >= 2 else ["done", "started", "assigned"]
        created += _decide(meeting, center, director, day, plan["decisions"], progress)
        if back > 0:
            with as_of(day):
                meetings.meeting_close(pk=meeting.pk, actor=director)
    created += meetings.ensure_monthly_meetings(center=center, today=today)
    ad_hoc = spec.get("ad_hoc")
    if ad_hoc:
        day = today - timedelta(days=ad_hoc["days_ago"])
        with as_of(day):
            meeting = meetings.meeting_create(
                center=center, actor=director, scheduled_on=day, title=ad_hoc["title"], place=plan["place"], chair=plan["chair"]
            )
        _hold(meeting, plan, director, day)
        owner, days, text = ad_hoc["decision"]
        created += 1 + _decide(meeting, center, director, day, [(owner, days, text)], ["started"])
    return created


# --- assessments, the county ranking, tags ----------------------------------------------------------------------


def _assessments(center, spec, actors, today):
    if Assessment.objects.filter(center=center).exists():
        return 0
    director = actors["director"]
    year, number = periods.previous_assessment_period(periods.QUARTERLY, today)
    departments = assessments.assessment_create(
        actor=director, center=center, kind=periods.QUARTERLY, subject=Assessment.Subject.DEPARTMENTS, year=year, number=number
    )
    assessments.assessment_compute(pk=departments.pk, actor=director)
    scores = spec.get("inspection_scores", {})
    if scores:
        by_name = {r.name: r.pk for r in departments.results.all()}
        assessments.assessment_set_scores(pk=departments.pk, actor=director, scores={by_name[n]: s for n, s in scores.items() if n in by_name})
        assessments.assessment_publish(pk=departments.pk, actor=director)
    stations = assessments.assessment_create(
        actor=director, center=center, kind=periods.QUARTERLY, subject=Assessment.Subject.WORKSTATIONS, year=year, number=number
    )
    assessments.assessment_compute(pk=stations.pk, actor=director)
    return 2


def _county_ranking(spec, today):
    if Assessment.objects.filter(center__isnull=True).exists():
        return 0
    actor = get_user_model().objects.filter(username=spec["actor"]).first()
    if actor is None:
        return 0
    year, number = periods.previous_assessment_period(periods.QUARTERLY, today)
    ranking = assessments.assessment_create(
        actor=actor, center=None, kind=periods.QUARTERLY, subject=Assessment.Subject.CENTERS, year=year, number=number
    )
    assessments.assessment_compute(pk=ranking.pk, actor=actor)
    slugs = dict(Center.objects.values_list("pk", "slug"))
    scores = {r.pk: spec["inspection_scores"].get(slugs[int(r.unit_key.split(":")[1])]) for r in ranking.results.all()}
    assessments.assessment_set_scores(pk=ranking.pk, actor=actor, scores=scores)
    return 1


def _tags(center, spec, actors):
    if CaseTag.objects.filter(case__center=center).exists():
        return 0
    created = 0
    for category, tag in spec.get("tags", []):
        case = Case.objects.filter(center=center, category__code=category).order_by("pk").first()
        if case is not None:
            tags.case_tag_add(case_id=case.pk, actor=actors["director"], tag=tag)
            created += 1
    return created
