"""Demo situation analyses for every center: last month's, approved at a held joint meeting with its
work opinions turned into meeting tasks, and this month's draft. Everything goes through the
services (audit rows, the meeting's agenda item and decisions, notifications). Idempotent: a center
that has analyses is skipped."""

from datetime import timedelta

from django.utils import timezone

from governance.analysis import periods, services
from governance.analysis.models import SituationAnalysis
from governance.models import Center
from governance.services import notifications

# (owner department, days from today, opinion); the first department of the center stands in for a missing one.
OPINIONS = [
    ("派出所", 20, "针对上月盗窃电动车、农用物资警情上升的情况，在东村、西村等上升较多的村组织夜间巡逻和重点时段守护，落实“技防+人防”措施。"),
    ("司法所", 30, "对上月矛盾纠纷上升较多的类别开展专项排查化解，对久调不结的纠纷组织律师、人民调解员联合调解，月底前报告化解情况。"),
    ("综治办", 15, "督促各村（社区）按时报送半月排查报告，对上报的安全隐患逐条建立整改台账，跟踪整改到位。"),
]


def _actors(center):
    directors = notifications.center_directors(center.pk)
    staff = [u for u in notifications.center_staff_with(center.pk, "analysis.add_situationanalysis") if u not in directors]
    director = directors[0] if directors else None
    return (staff[0] if staff else director), director


def _held_meeting(center, director, today):
    """The center's latest held joint meeting, or an ad-hoc one held today for the analysis."""
    from governance.institutions.models import JointMeeting
    from governance.institutions.rules import flows
    from governance.institutions.services import meetings

    meeting = JointMeeting.objects.filter(center=center, status=flows.HELD).order_by("-held_on", "-pk").first()
    if meeting is not None:
        return meeting
    meeting = meetings.meeting_create(center=center, actor=director, scheduled_on=today, title="治安形势分析会", place="中心会议室", chair="")
    return meetings.meeting_hold(pk=meeting.pk, actor=director, held_on=today)


def _opinions(center, today):
    departments = {d.name: d for d in center.departments.filter(is_active=True)}
    fallback = center.departments.filter(is_active=True).order_by("sort_order", "name").first()
    return [
        services.OpinionData(text, (departments.get(name) or fallback).pk, today + timedelta(days=days))
        for name, days, text in OPINIONS
        if departments.get(name) or fallback
    ]


def load_center(center):
    if SituationAnalysis.objects.filter(center=center).exists():
        return 0
    drafter, director = _actors(center)
    if drafter is None or director is None:
        return 0
    today = timezone.localdate()
    last_month = periods.last_complete(periods.MONTH, today)
    analysis = services.analysis_create(center=center, actor=drafter, kind=periods.MONTH, day=last_month.start)
    data = services.DraftData(analysis.overview, analysis.features, _opinions(center, today))
    analysis = services.analysis_update_draft(pk=analysis.pk, actor=drafter, data=data, expected_version=analysis.version)
    meeting = _held_meeting(center, director, today)
    services.analysis_attach(pk=analysis.pk, actor=drafter, meeting_id=meeting.pk)
    services.analysis_submit(pk=analysis.pk, actor=drafter)
    services.analysis_approve(pk=analysis.pk, actor=director)
    services.analysis_create(center=center, actor=drafter, kind=periods.MONTH, day=today)
    return 2


def load_demo_analysis():
    return sum(load_center(center) for center in Center.objects.order_by("pk"))
