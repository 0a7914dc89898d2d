"""Meeting tasks (会议交办事项): the owner department signs for and reports completion; the center
confirms or sends it back, urges, extends or cancels. Tracked like cases until done."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.institutions.models import MeetingTask
from governance.institutions.rules import flows
from governance.institutions.services import common
from governance.services import notifications
from governance.services.notifications import Message

SUBJECT = "task"
FLOW = flows.TASK_FLOW


def _relations(actor, task):
    return common.relations_to(actor, task.center_id, task.owner_id)


TASK = Lifecycle(
    model=MeetingTask,
    flow=FLOW,
    relations=_relations,
    subject=SUBJECT,
    live_reason=common.LIVE_REASON,
    watched=("status", "decision", "owner", "deadline", "progress_note", "reported_on"),
)


def _step(pk, action, actor, **kwargs):
    return engine.perform(TASK, pk, action, actor, **kwargs)


def _to_owner(kind, title, body=""):
    """A `notify` for the engine: the message to the task's owner department, titled from the task."""
    return lambda task: [Message(notifications.department_users(task.owner_id), kind, title(task), body, task.case, task.center_id)]


def _title(task):
    return _("task %(number)s of %(meeting)s") % {"number": task.number, "meeting": task.meeting.title}


@transaction.atomic
def task_start(*, pk, actor, expected_version=None):
    """The owner department signs for the task."""
    return _step(pk, "start", actor, expected_version=expected_version)


@transaction.atomic
def task_report(*, pk, actor, note, expected_version=None):
    """The owner reports the task done, saying what was done."""
    note = common.required_text(note, "note", _("Describe what was done."))

    def apply(task):
        task.progress_note, task.reported_on = note, common.today()
        return ["progress_note", "reported_on"]

    def tell(task):
        recipients = notifications.center_staff_with(task.center_id, flows.SUPERVISE_TASK)
        return [Message(recipients, "task", _("Completion reported: %(task)s") % {"task": _title(task)}, note, task.case, task.center_id)]

    return _step(pk, "report", actor, apply=apply, reason=note, expected_version=expected_version, notify=tell)


@transaction.atomic
def task_confirm(*, pk, actor, note=""):
    """The center confirms the task done."""

    def apply(task):
        task.done_on = common.today()
        return ["done_on"]

    return _step(pk, "confirm", actor, apply=apply, reason=note)


@transaction.atomic
def task_reject(*, pk, actor, reason):
    """Not done after all: back to the owner, with the reason."""
    reason = common.required_text(reason, "reason", _("Say what is still missing."))

    def apply(task):
        task.reported_on = None
        return ["reported_on"]

    task = _step(
        pk, "reject", actor, apply=apply, reason=reason, notify=_to_owner("task", lambda t: _("Sent back: %(task)s") % {"task": _title(t)}, reason)
    )
    return task


@transaction.atomic
def task_urge(*, pk, actor, text, level="manual"):
    """Urge (催办) the owner; the sweep urges once when the deadline nears and once when it passes."""
    text = common.required_text(text, "text", _("Write what the owner should do."))
    return _step(pk, "urge", actor, reason=text, data={"level": level}, notify=lambda task: urge_messages(task, text))


def urge_messages(task, text):
    title = _("Urge: %(task)s, due %(deadline)s") % {"task": _title(task), "deadline": task.deadline}
    return [Message(notifications.department_users(task.owner_id), "urge", title, text, task.case, task.center_id)]


@transaction.atomic
def task_extend(*, pk, actor, deadline, reason):
    """A later deadline, with the reason; the owner is told."""
    reason = common.required_text(reason, "reason")

    def apply(task):
        if not isinstance(deadline, date) or deadline <= task.deadline:
            raise ValidationError({"deadline": _("The new deadline must be later than the current one.")})
        task.deadline = deadline
        return ["deadline"]

    def title(task):
        return _("New deadline %(deadline)s: %(task)s") % {"deadline": deadline, "task": _title(task)}

    return _step(pk, "extend", actor, apply=apply, reason=reason, data={"deadline": deadline.isoformat()}, notify=_to_owner("task", title, reason))


@transaction.atomic
def task_cancel(*, pk, actor, reason):
    reason = common.required_text(reason, "reason", _("Say why the task is cancelled."))
    return _step(pk, "cancel", actor, reason=reason, notify=_to_owner("task", lambda t: _("Cancelled: %(task)s") % {"task": _title(t)}, reason))
