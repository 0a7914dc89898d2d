"""The institutions sweep: safe to run every few minutes; running it twice sends nothing twice.

- creates this month's and next month's joint meeting ahead of time;
- reminds workstations that have not reported before the half-month ends, and tells the center
  who missed the last period;
- turns notices past their deadline overdue, escalates them after the configured days, and urges
  notices and meeting tasks once when their deadline nears and once when it has passed.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.institutions.models import MeetingTask, RectificationNotice, Reminder, ScreeningReport, settings_for
from governance.institutions.rules import flows, periods
from governance.institutions.services import common, meetings, notices, tasks
from governance.models import Center, Workstation
from governance.services import notifications
from governance.services.notifications import notify


@dataclass
class SweepResult:
    meetings: int = 0
    screening_reminders: int = 0
    screening_missed: int = 0
    notices_overdue: int = 0
    notices_escalated: int = 0
    notice_urges: int = 0
    task_urges: int = 0


def _mark_once(center_id, subject, object_id, level, due_date):
    """True the first time (subject, object, level, due date) is seen; the row is the sweep's memory."""
    try:
        with transaction.atomic():
            Reminder.objects.create(center_id=center_id, subject=subject, object_id=object_id, level=level, due_date=due_date)
    except IntegrityError:
        return False
    return True


def missing_workstations(center_id, period):
    filed = ScreeningReport.objects.filter(center_id=center_id, kind=ScreeningReport.Kind.REGULAR, period_start=period.start).values("workstation_id")
    return Workstation.objects.filter(center_id=center_id, is_active=True).exclude(pk__in=filed).order_by("name")


def _screening(center, today, result):
    config = settings_for(center.pk)
    period = periods.half_month_of(today)
    if today >= period.reminders_from(config.screening_reminder_days):
        for station in missing_workstations(center.pk, period):
            if _mark_once(center.pk, "screening", station.pk, "due_soon", period.end):
                notify(
                    notifications.workstation_users(station.pk),
                    kind="screening_reminder",
                    title=_("Reminder: file the screening report for %(period)s by %(end)s (a zero report if nothing was found)")
                    % {"period": period.label, "end": period.end},
                    center_id=center.pk,
                )
                result.screening_reminders += 1
    previous = period.previous()
    if today > previous.due_on(config.screening_grace_days):
        missed = [s for s in missing_workstations(center.pk, previous) if _mark_once(center.pk, "screening", s.pk, "missed", previous.end)]
        if missed:
            notify(
                notifications.center_staff_with(center.pk, "institutions.view_screeningreport"),
                kind="screening_reminder",
                title=_("No screening report for %(period)s from: %(names)s")
                % {"period": previous.label, "names": "、".join(s.name for s in missed)},
                center_id=center.pk,
            )
            result.screening_missed += len(missed)


def _notices(today, result):
    open_notices = RectificationNotice.objects.filter(status__in=flows.NOTICE_OPEN).order_by("pk")
    for notice in open_notices.filter(status__in=(flows.ISSUED, flows.RECEIVED), deadline__lt=today):
        notices.notice_mark_overdue(pk=notice.pk)
        result.notices_overdue += 1
    for notice in open_notices.filter(status=flows.OVERDUE):
        if notices.escalation_due(notice, today) and _mark_once(notice.center_id, "notice", notice.pk, "escalated", notice.deadline):
            notices.notice_escalate(
                pk=notice.pk,
                reason=_("Escalated automatically: still not rectified %(days)s days after the deadline.") % {"days": (today - notice.deadline).days},
            )
            result.notices_escalated += 1
    for notice in open_notices.filter(status__in=(flows.ISSUED, flows.RECEIVED), deadline__gte=today):
        days = settings_for(notice.center_id).notice_due_soon_days
        if notice.deadline <= today + timedelta(days=days) and _mark_once(notice.center_id, "notice", notice.pk, "due_soon", notice.deadline):
            notices.notice_urge(
                pk=notice.pk, actor=None, text=_("The rectification deadline is %(deadline)s.") % {"deadline": notice.deadline}, level="due_soon"
            )
            result.notice_urges += 1


def _tasks(today, result):
    for task in MeetingTask.objects.filter(status__in=flows.TASK_PENDING).order_by("pk"):
        if task.deadline < today:
            level, text = "overdue", _("The task is overdue (deadline %(deadline)s): report on it now.")
        elif task.deadline <= today + timedelta(days=settings_for(task.center_id).task_due_soon_days):
            level, text = "due_soon", _("The task is due on %(deadline)s.")
        else:
            continue
        if _mark_once(task.center_id, "task", task.pk, level, task.deadline):
            tasks.task_urge(pk=task.pk, actor=None, text=text % {"deadline": task.deadline}, level=level)
            result.task_urges += 1


def run_institutions_sweep(today=None):
    """Run every periodic duty of the working systems once for `today`."""
    today = today or common.today()
    result = SweepResult()
    for center in Center.objects.filter(is_active=True).order_by("pk"):
        result.meetings += meetings.ensure_monthly_meetings(center=center, today=today)
        _screening(center, today, result)
    _notices(today, result)
    _tasks(today, result)
    return result
