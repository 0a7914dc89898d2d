"""Joint meetings (联席会议): created ahead for every month, or ad hoc; attendance by department;
an agenda proposed from the records; minutes; decisions that become tracked tasks."""

from datetime import date, time

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.institutions.models import AgendaItem, JointMeeting, MeetingAttendance, MeetingTask, settings_for
from governance.institutions.rules import flows, periods
from governance.institutions.selectors.agenda import propose_agenda
from governance.institutions.services import common
from governance.institutions.services.tasks import TASK
from governance.models import Department
from governance.services import notifications
from governance.services.notifications import notify

SUBJECT = "meeting"
FLOW = flows.MEETING_FLOW
DEFAULT_TIME = time(9, 0)


def _relations(actor, meeting):
    return common.relations_to(actor, meeting.center_id)


MEETING = Lifecycle(
    model=JointMeeting,
    flow=FLOW,
    relations=_relations,
    subject=SUBJECT,
    live_reason=common.LIVE_REASON,
    watched=("status", "title", "scheduled_on", "scheduled_time", "place", "chair", "recorder", "held_on", "minutes"),
)


def monthly_title(center, month):
    return _("%(center)s joint meeting, %(year)s-%(month)02d") % {"center": center.short_name, "year": month.year, "month": month.month}


def _write_agenda(meeting, as_of):
    """Replace the proposed items with a fresh proposal; items added by hand stay, after them."""
    meeting.agenda.exclude(source=AgendaItem.Source.MANUAL).delete()
    proposals = propose_agenda(meeting.center_id, as_of, exclude_meeting_id=meeting.pk)
    AgendaItem.objects.bulk_create(
        [
            AgendaItem(meeting=meeting, order=index, source=p.source, title=p.title, case_id=p.case_id, notice_id=p.notice_id, task_id=p.task_id)
            for index, p in enumerate(proposals, start=1)
        ]
    )
    manual = list(meeting.agenda.filter(source=AgendaItem.Source.MANUAL).order_by("order", "pk"))
    for offset, item in enumerate(manual, start=len(proposals) + 1):
        item.order = offset
    AgendaItem.objects.bulk_update(manual, ["order"])
    return len(proposals)


def _create(center, actor, *, kind, scheduled_on, title, place="", chair="", scheduled_time=None, month=None):
    meeting = JointMeeting(
        center=center,
        kind=kind,
        month=month,
        title=title,
        scheduled_on=scheduled_on,
        scheduled_time=scheduled_time or DEFAULT_TIME,
        place=place,
        chair=chair,
        created_by=actor,
    )
    with transaction.atomic():  # a savepoint: a monthly meeting created concurrently loses cleanly
        meeting.save()
    departments = Department.objects.filter(center=center, is_active=True)
    MeetingAttendance.objects.bulk_create([MeetingAttendance(meeting=meeting, department=d) for d in departments])
    _write_agenda(meeting, common.today())
    engine.note(MEETING, meeting, "create", actor, from_status="", data={"kind": kind, "scheduled_on": scheduled_on.isoformat()})
    return meeting


@transaction.atomic
def meeting_create(*, center, actor, scheduled_on, title="", kind=JointMeeting.Kind.AD_HOC, place="", chair="", scheduled_time=None):
    """Create a meeting by hand: usually an ad-hoc one (临时召开); a missing monthly one also works."""
    common.require_center_staff(actor, center.pk, "institutions.add_jointmeeting")
    if not isinstance(scheduled_on, date):
        raise ValidationError({"scheduled_on": _("Enter a valid date.")})
    month = None
    if kind == JointMeeting.Kind.MONTHLY:
        month = periods.month_start(scheduled_on)
        if JointMeeting.objects.filter(center=center, kind=kind, month=month).exists():
            raise ValidationError({"scheduled_on": _("This month's joint meeting already exists.")})
        title = title.strip() or monthly_title(center, month)
    title = common.required_text(title, "title")
    return _create(
        center,
        actor,
        kind=kind,
        scheduled_on=scheduled_on,
        title=title,
        place=place.strip(),
        chair=chair.strip(),
        scheduled_time=scheduled_time,
        month=month,
    )


def ensure_monthly_meetings(*, center, today=None, months_ahead=1):
    """Create the monthly meeting of this month and the next `months_ahead` ones if missing; returns how many."""
    today = today or common.today()
    day = settings_for(center.pk).monthly_meeting_day
    created = 0
    for offset in range(0, months_ahead + 1):
        month = periods.add_months(today, offset)
        if JointMeeting.objects.filter(center=center, kind=JointMeeting.Kind.MONTHLY, month=month).exists():
            continue
        try:
            with transaction.atomic():
                _create(
                    center,
                    None,
                    kind=JointMeeting.Kind.MONTHLY,
                    month=month,
                    title=monthly_title(center, month),
                    scheduled_on=periods.monthly_meeting_date(month, day),
                    place=_("Joint meeting room"),
                )
        except IntegrityError:  # a concurrent sweep created it
            continue
        created += 1
    return created


@transaction.atomic
def meeting_propose_agenda(*, pk, actor):
    """Propose the agenda from the records as they are today (overdue and group cases, high-risk
    disputes, notices falling due, overdue meeting tasks)."""
    counts = {}

    def apply(meeting):
        counts["items"] = _write_agenda(meeting, common.today())

    meeting = engine.perform(MEETING, pk, "agenda", actor, apply=apply)
    return meeting, counts["items"]


@transaction.atomic
def meeting_add_agenda_item(*, pk, actor, title):
    title = common.required_text(title, "title")

    def apply(meeting):
        last = meeting.agenda.aggregate(m=Max("order"))["m"] or 0
        AgendaItem.objects.create(meeting=meeting, order=last + 1, source=AgendaItem.Source.MANUAL, title=title)

    return engine.perform(MEETING, pk, "agenda", actor, apply=apply, reason=title)


@transaction.atomic
def meeting_record_attendance(*, pk, actor, rows):
    """rows: {department_id: (status, attendee)} for the meeting's departments."""

    def apply(meeting):
        existing = {a.department_id: a for a in meeting.attendance.all()}
        unknown = set(rows) - set(existing)
        if unknown:
            raise ValidationError({"attendance": _("A department is not on this meeting's list.")})
        changed = []
        for department_id, (status, attendee) in rows.items():
            if status not in MeetingAttendance.Status.values:
                raise ValidationError({"attendance": _("Unknown attendance status.")})
            attendee = (attendee or "").strip()
            if status == MeetingAttendance.Status.PRESENT and not attendee:
                raise ValidationError({"attendance": _("Name who attended for each department present.")})
            attendance = existing[department_id]
            if (attendance.status, attendance.attendee) != (status, attendee):
                attendance.status, attendance.attendee = status, attendee
                changed.append(attendance)
        MeetingAttendance.objects.bulk_update(changed, ["status", "attendee"])

    present = sum(1 for status, _a in rows.values() if status == MeetingAttendance.Status.PRESENT)
    return engine.perform(MEETING, pk, "attendance", actor, apply=apply, data={"present": present, "expected": len(rows)})


@transaction.atomic
def meeting_hold(*, pk, actor, held_on, chair="", recorder=""):
    """Record that the meeting took place."""
    common.require_past_or_today(held_on, "held_on")

    def apply(meeting):
        meeting.held_on = held_on
        meeting.chair = (chair or meeting.chair).strip()
        meeting.recorder = (recorder or meeting.recorder).strip()
        return ["held_on", "chair", "recorder"]

    return engine.perform(MEETING, pk, "hold", actor, apply=apply)


@transaction.atomic
def meeting_record_minutes(*, pk, actor, minutes, expected_version=None):
    minutes = common.required_text(minutes, "minutes")

    def apply(meeting):
        meeting.minutes = minutes
        return ["minutes"]

    return engine.perform(MEETING, pk, "minutes", actor, apply=apply, expected_version=expected_version)


@transaction.atomic
def meeting_add_decision(*, pk, actor, decision, owner, deadline, case=None):
    """A decision becomes a task of its owner department with a deadline; the department is told."""
    decision = common.required_text(decision, "decision")
    created = {}

    def apply(meeting):
        if owner is None or owner.center_id != meeting.center_id:
            raise ValidationError({"owner": _("Choose a department of this center.")})
        if not isinstance(deadline, date) or deadline < (meeting.held_on or common.today()):
            raise ValidationError({"deadline": _("The deadline must come after the meeting.")})
        if case is not None and case.center_id != meeting.center_id:
            raise ValidationError({"case": _("The case belongs to another center.")})
        number = (meeting.tasks.aggregate(m=Max("number"))["m"] or 0) + 1
        created["task"] = MeetingTask.objects.create(
            center_id=meeting.center_id,
            meeting=meeting,
            number=number,
            decision=decision,
            owner=owner,
            deadline=deadline,
            case=case,
            created_by=actor,
        )

    meeting = engine.perform(MEETING, pk, "decision", actor, apply=apply, reason=decision)
    task = created["task"]
    engine.note(TASK, task, "create", actor, from_status="", data={"owner": owner.name, "deadline": deadline.isoformat()})
    notify(
        notifications.department_users(owner.pk),
        kind="task",
        title=_("Joint meeting task for your department, due %(deadline)s") % {"deadline": deadline},
        body=decision,
        case=case,
        center_id=meeting.center_id,
    )
    return task


@transaction.atomic
def meeting_close(*, pk, actor):
    """Close the minutes: attendance recorded for every department and the minutes written."""

    def apply(meeting):
        if not meeting.minutes.strip():
            raise ValidationError({"minutes": _("Write the minutes before closing them.")})
        if meeting.attendance.filter(status=MeetingAttendance.Status.EXPECTED).exists():
            raise ValidationError({"attendance": _("Record the attendance of every department first.")})

    return engine.perform(MEETING, pk, "close", actor, apply=apply)


@transaction.atomic
def meeting_cancel(*, pk, actor, reason):
    reason = common.required_text(reason, "reason", _("Say why the meeting is cancelled."))
    return engine.perform(MEETING, pk, "cancel", actor, reason=reason)
