"""阶段性重点工作: the center deploys a key work item across departments (a lead department, the
cooperating ones, the people assigned) for a period and gives each department its tasks with a
deadline (a date, or a number of days counted by the one period function); departments report
progress and completion, the center confirms or sends back; the item is completed or cancelled."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed
from governance.incidents import flows
from governance.incidents.models import KeyWork, KeyWorkTask
from governance.incidents.services import common
from governance.rules.deadlines import UNITS, compute_deadline
from governance.services import notifications
from governance.services.notifications import Message


def keywork_relations(actor, work):
    return common.relations_to(actor, work.center_id)


def task_relations(actor, task):
    return common.relations_to(actor, task.center_id, responsible=task.owner_id)


KEYWORK = Lifecycle(
    model=KeyWork,
    flow=flows.KEYWORK_FLOW,
    relations=keywork_relations,
    subject="keywork",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "title", "description", "period_start", "period_end", "assigned_people", "progress_summary"),
)
TASK = Lifecycle(
    model=KeyWorkTask,
    flow=flows.TASK_FLOW,
    relations=task_relations,
    subject="keywork_task",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "description", "owner", "assignee", "deadline", "progress", "progress_note"),
)


@dataclass
class KeyWorkData:
    title: str
    description: str
    period_start: date
    period_end: date
    lead_department_id: int
    cooperating_ids: list = field(default_factory=list)
    assigned_people: str = ""


@dataclass
class TaskData:
    owner_id: int
    description: str
    assignee: str = ""
    deadline: date | None = None
    days: int | None = None  # instead of a date: days from today, counted in `unit`
    unit: str = ""


@transaction.atomic
def keywork_create(*, center, actor, data):
    common.require_center_staff(actor, center.pk, "incidents.add_keywork")
    errors = {}
    for name in ("title", "description"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if not isinstance(data.period_start, date) or not isinstance(data.period_end, date):
        errors["period_end"] = _("Enter the period.")
    elif data.period_end < data.period_start:
        errors["period_end"] = _("The end of the period cannot be before its start.")
    if not data.lead_department_id or not center.departments.filter(pk=data.lead_department_id).exists():
        errors["lead_department"] = _("Choose departments of this center.")
    if errors:
        raise ValidationError(errors)
    cooperating = [pk for pk in common.check_departments(center, data.cooperating_ids, "cooperating_departments") if pk != data.lead_department_id]
    work = KeyWork.objects.create(
        center=center,
        title=data.title.strip(),
        description=data.description.strip(),
        period_start=data.period_start,
        period_end=data.period_end,
        lead_department_id=data.lead_department_id,
        assigned_people=(data.assigned_people or "").strip(),
        created_by=actor,
    )
    work.cooperating_departments.set(cooperating)
    engine.note(KEYWORK, work, "create", actor, from_status="")
    return work


def keywork_move(*, pk, action, actor, reason="", expected_version=None):
    """Update the progress summary, complete or cancel: the text given becomes the summary (not on cancel)."""
    reason = (reason or "").strip()
    if action in flows.FORM_MOVES:
        raise MoveNotAllowed(_("Unknown action."))
    if action in flows.KEYWORK_FLOW.moves and not reason:
        raise ValidationError({"reason": _("Write the progress or the reason.")})

    def apply(work):
        if action == "cancel":
            return []
        work.progress_summary = reason
        return ["progress_summary"]

    return engine.perform(KEYWORK, pk, action, actor, apply=apply, reason=reason, expected_version=expected_version)


def task_deadline(data, today):
    """The date given, or `days` from today counted by the one period function."""
    if data.days:
        if data.unit not in UNITS or data.days < 1:
            raise ValidationError({"days": _("Give a number of days and whether they are calendar or working days.")})
        return compute_deadline(today, data.days, data.unit, load_work_calendar()).due
    if not isinstance(data.deadline, date):
        raise ValidationError({"deadline": _("Give a deadline or a number of days.")})
    if data.deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    return data.deadline


def task_add(*, work, actor, data):
    """A task of the lead or a cooperating department (a side move of the key work); its handlers are told."""
    departments = {work.lead_department_id, *work.cooperating_departments.values_list("pk", flat=True)}
    errors = {}
    if data.owner_id not in departments:
        errors["owner"] = _("Choose the lead or a cooperating department of this key work.")
    if not (data.description or "").strip():
        errors["description"] = _("Describe the task.")
    if errors:
        raise ValidationError(errors)
    deadline = task_deadline(data, common.today())
    made = {}

    def apply(record):
        made["task"] = KeyWorkTask.objects.create(
            key_work=record,
            center_id=record.center_id,
            owner_id=data.owner_id,
            description=data.description.strip(),
            assignee=(data.assignee or "").strip(),
            deadline=deadline,
        )
        return []

    def tell(record):
        task = made["task"]
        title = _("Key work task for your department, due %(deadline)s: %(work)s") % {"deadline": deadline, "work": record.title}
        return [Message(notifications.department_users(task.owner_id), "task", title, task.description, None, record.center_id)]

    with transaction.atomic():
        engine.perform(KEYWORK, work.pk, "task_add", actor, apply=apply, notify=tell, data={"deadline": deadline.isoformat()})
        task = made["task"]
        engine.note(TASK, task, "create", actor, from_status="", data={"deadline": deadline.isoformat()})
    return task


def task_move(*, pk, action, actor, reason="", progress=None, expected_version=None):
    """Report progress or completion (the owner department or the center), confirm, send back, cancel."""
    reason = (reason or "").strip()
    found = flows.TASK_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Write what was done or the reason.")})
    if action == "progress" and (progress is None or not 0 <= progress <= 100):
        raise ValidationError({"progress": _("Give the progress between 0 and 100.")})

    def apply(task):
        if action == "progress":
            task.progress, task.progress_note = progress, reason
            return ["progress", "progress_note"]
        if action == "report":
            task.progress, task.progress_note = 100, reason
            return ["progress", "progress_note"]
        return []

    def tell(task):
        title = _("Key work task %(task)s: %(move)s") % {"task": task.description[:30], "move": flows.TASK_FLOW.label(action)}
        if action == "report":
            recipients = notifications.center_staff_with(task.center_id, flows.SUPERVISE_TASK)
        elif action in ("reject", "cancel"):
            recipients = notifications.department_users(task.owner_id)
        else:
            return []
        return [Message(recipients, "task", title, reason, None, task.center_id)]

    data = {"progress": progress} if action == "progress" else None
    return engine.perform(TASK, pk, action, actor, apply=apply, reason=reason, data=data, notify=tell, expected_version=expected_version)
