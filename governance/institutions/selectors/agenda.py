"""The agenda a joint meeting is proposed from the records: what the plan says the meeting is for
(研究处理重点、难点案件): overdue cases, group cases, high-risk disputes, notices falling due, and
earlier meeting tasks that are late."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from governance.institutions.models import AgendaItem, MeetingTask, RectificationNotice, settings_for
from governance.institutions.rules import flows
from governance.models import OPEN_STATUSES, Case, CaseKind
from governance.rules.deadlines import warn_after

NOTICE_HORIZON_DAYS = 7
PER_SOURCE = 15


@dataclass
class Proposal:
    source: str
    title: str
    case_id: int | None = None
    notice_id: int | None = None
    task_id: int | None = None


def propose_agenda(center_id, as_of, exclude_meeting_id=None):
    """The proposed items, most pressing first; a case appears once, under its first reason."""
    proposals, seen_cases = [], set()
    open_cases = Case.objects.filter(center_id=center_id, status__in=OPEN_STATUSES).select_related("category", "lead_department")

    def add_cases(queryset, source, template):
        for case in queryset[:PER_SOURCE]:
            if case.pk in seen_cases:
                continue
            seen_cases.add(case.pk)
            title = template % {
                "code": case.code,
                "category": case.category.name,
                "due": case.due_date,
                "people": case.people_count,
                "department": case.lead_department.name if case.lead_department_id else _("not routed"),
            }
            proposals.append(Proposal(source, title, case_id=case.pk))

    add_cases(
        open_cases.filter(due_date__lt=as_of).order_by("due_date", "pk"),
        AgendaItem.Source.OVERDUE_CASE,
        _("Overdue case %(code)s (%(category)s), deadline %(due)s, lead: %(department)s"),
    )
    add_cases(
        open_cases.filter(people_count__gte=settings_for(center_id).group_size).order_by("-people_count", "pk"),
        AgendaItem.Source.GROUP_CASE,
        _("Group case %(code)s (%(category)s), %(people)s people, lead: %(department)s"),
    )
    add_cases(
        open_cases.filter(kind=CaseKind.DISPUTE, risk__code="high").order_by("received_on", "pk"),
        AgendaItem.Source.HIGH_RISK,
        _("High-risk dispute %(code)s (%(category)s), lead: %(department)s"),
    )
    notices = (
        RectificationNotice.objects.filter(center_id=center_id, status__in=flows.NOTICE_OPEN, deadline__lte=warn_after(as_of, NOTICE_HORIZON_DAYS))
        .select_related("recipient")
        .order_by("deadline", "pk")[:PER_SOURCE]
    )
    for notice in notices:
        template = (
            _("Rectification notice %(number)s to %(department)s is overdue (deadline %(deadline)s)")
            if notice.deadline < as_of
            else _("Rectification notice %(number)s to %(department)s is due on %(deadline)s")
        )
        title = template % {"number": notice.number, "department": notice.recipient.name, "deadline": notice.deadline}
        proposals.append(Proposal(AgendaItem.Source.NOTICE_DUE, title, case_id=notice.case_id, notice_id=notice.pk))
    tasks = (
        MeetingTask.objects.filter(center_id=center_id, status__in=flows.TASK_PENDING, deadline__lt=as_of)
        .exclude(meeting_id=exclude_meeting_id)
        .select_related("owner", "meeting")
        .order_by("deadline", "pk")[:PER_SOURCE]
    )
    for task in tasks:
        title = _("Late task of %(meeting)s for %(department)s (deadline %(deadline)s): %(decision)s") % {
            "meeting": task.meeting.title,
            "department": task.owner.name,
            "deadline": task.deadline,
            "decision": task.decision[:80],
        }
        proposals.append(Proposal(AgendaItem.Source.TASK_OVERDUE, title, case_id=task.case_id, task_id=task.pk))
    return proposals
