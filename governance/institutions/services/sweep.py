"""The institutions sweep: safe to run every few minutes; running it twice sends nothing twice.

- creates this month's and next month's joint meeting ahead of time;
- reminds workstations that have not reported before the half-month ends, and tells the center
  who missed the last period;
- turns notices past their deadline overdue, escalates them after the configured days, and urges
  notices and meeting tasks once when their deadline nears and once when it has passed.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.institutions.models import MeetingTask, RectificationNotice, Reminder, ScreeningReport, settings_for
from governance.institutions.rules import flows, periods
from governance.institutions.services import common, meetings, notices, tasks
from governance.models import Center, Workstation
from governance.rules.deadlines import is_due_soon, overdue_from
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


def _remembered(subject, pks):
    """(object id, level, due date) the sweep already acted on, for these records."""
    rows = Reminder.objects.filter(subject=subject, object_id__in=pks).values_list("object_id", "level", "due_date")
    return set(rows)


def _once(done, record, subject, level, due_date, step):
    """The step, with the sweep's memory row, unless done before; None then."""
    if (record.pk, level, due_date) in done:
        return None
    step.rows.append(Reminder(center_id=record.center_id, subject=subject, object_id=record.pk, level=level, due_date=due_date))
    return step


def _notices(today, result):
    """Overdue, escalated and due-soon notices, each kind one batch through the engine."""
    late = RectificationNotice.objects.filter(status__in=(flows.ISSUED, flows.RECEIVED), deadline__lt=today).values_list("pk", flat=True)

    def overdue(records):
        steps = {}
        for notice in records:
            if notice.deadline < today:
                notice.overdue_on = overdue_from(notice.deadline)
                steps[notice.pk] = engine.Step(fields=("overdue_on",), messages=notices.overdue_messages(notice))
        return steps

    result.notices_overdue += len(engine.perform_batch(notices.NOTICE, list(late), "overdue", prepare=overdue, related=("case",)))

    calendar = load_work_calendar()

    def escalate(records):
        done, steps = _remembered("notice", [n.pk for n in records]), {}
        for notice in records:
            if notices.escalation_due(notice, today, calendar):
                reason = _("Escalated automatically: still not rectified %(days)s days after the deadline.") % {
                    "days": (today - notice.deadline).days
                }
                notice.escalated_on = today
                step = engine.Step(fields=("escalated_on",), reason=reason, messages=notices.escalation_messages(notice, reason))
                steps[notice.pk] = _once(done, notice, "notice", "escalated", notice.deadline, step)
        return {pk: step for pk, step in steps.items() if step}

    overdue_pks = RectificationNotice.objects.filter(status=flows.OVERDUE).values_list("pk", flat=True)
    result.notices_escalated += len(
        engine.perform_batch(notices.NOTICE, list(overdue_pks), "escalate", prepare=escalate, related=("case", "recipient"))
    )

    def urge(records):
        done, steps = _remembered("notice", [n.pk for n in records]), {}
        for notice in records:
            if is_due_soon(notice.deadline, today, settings_for(notice.center_id).notice_due_soon_days):
                text = _("The rectification deadline is %(deadline)s.") % {"deadline": notice.deadline}
                step = engine.Step(reason=text, data={"level": "due_soon"}, messages=notices.urge_messages(notice, text))
                steps[notice.pk] = _once(done, notice, "notice", "due_soon", notice.deadline, step)
        return {pk: step for pk, step in steps.items() if step}

    coming = RectificationNotice.objects.filter(status__in=(flows.ISSUED, flows.RECEIVED), deadline__gte=today).values_list("pk", flat=True)
    result.notice_urges += len(engine.perform_batch(notices.NOTICE, list(coming), "urge", prepare=urge, related=("case",)))


def _tasks(today, result):
    """Meeting tasks due soon or overdue: one batch of urges through the engine."""

    def urge(records):
        done, steps = _remembered("task", [t.pk for t in records]), {}
        for task in records:
            if task.deadline < today:
                level, text = "overdue", _("The task is overdue (deadline %(deadline)s): report on it now.")
            elif is_due_soon(task.deadline, today, settings_for(task.center_id).task_due_soon_days):
                level, text = "due_soon", _("The task is due on %(deadline)s.")
            else:
                continue
            text = text % {"deadline": task.deadline}
            step = engine.Step(reason=text, data={"level": level}, messages=tasks.urge_messages(task, text))
            steps[task.pk] = _once(done, task, "task", level, task.deadline, step)
        return {pk: step for pk, step in steps.items() if step}

    pending = MeetingTask.objects.filter(status__in=flows.TASK_PENDING).values_list("pk", flat=True)
    result.task_urges += len(engine.perform_batch(tasks.TASK, list(pending), "urge", prepare=urge, related=("case", "meeting")))


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
