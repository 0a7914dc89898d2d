"""Community prevention plans: creation and edits by the center's staff (one plan per village and
year), the plan's moves (submit, approve, return), its milestones and their moves (progress and
"done" reported by the owner, confirmed or sent back by the center), all through the engine."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.plans import flows
from governance.plans.models import CommunityPlan, Milestone
from governance.plans.services import common
from governance.services import audit, notifications
from governance.services.notifications import Message

PLAN = Lifecycle(
    model=CommunityPlan,
    flow=flows.PLAN_FLOW,
    relations=lambda actor, plan: common.relations_to(actor, plan.center_id),
    subject="plan",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "measures", "responsible_people"),
)


def _milestone_relations(actor, milestone):
    return common.milestone_relations(actor, milestone, milestone.plan.village_id)


MILESTONE = Lifecycle(
    model=Milestone,
    flow=flows.MILESTONE_FLOW,
    relations=_milestone_relations,
    subject="milestone",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "title", "due_date", "progress_note", "done_on"),
)


@dataclass
class PlanData:
    measures: str
    responsible_people: str


@dataclass
class MilestoneData:
    title: str
    due_date: date | None
    owner_department_id: int | None = None


def _clean_plan(data):
    errors = {}
    if not (data.measures or "").strip():
        errors["measures"] = _("This field is required.")
    if not (data.responsible_people or "").strip():
        errors["responsible_people"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return data.measures.strip(), data.responsible_people.strip()


@transaction.atomic
def plan_create(*, center, actor, village_id, year, data):
    """A draft plan for one village of `center` and one year."""
    common.require_center_staff(actor, center.pk, "plans.add_communityplan")
    errors = {}
    village = center.workstations.filter(pk=village_id).first() if village_id else None
    if village is None:
        errors["village"] = _("Choose a village of this center.")
    if not year or not 2000 <= int(year) <= 2100:
        errors["year"] = _("Give a year between 2000 and 2100.")
    elif village is not None and CommunityPlan.objects.filter(village=village, year=year).exists():
        errors["year"] = _("This village already has a plan for that year.")
    try:
        measures, people = _clean_plan(data)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    plan = CommunityPlan.objects.create(
        center=center, village=village, year=int(year), measures=measures, responsible_people=people, created_by=actor
    )
    engine.note(PLAN, plan, "create", actor, from_status="")
    return plan


def _locked_plan(pk, expected_version):
    plan = CommunityPlan.objects.select_for_update().get(pk=pk)
    if expected_version is not None and plan.version != expected_version:
        raise StaleEdit(flows.PLAN_FLOW.message("stale"))
    return plan


def _require_editable(plan):
    if plan.status not in flows.EDITABLE_PLAN:
        raise MoveNotAllowed(_("Only a draft or returned plan can be changed."))


@transaction.atomic
def plan_update(*, pk, actor, data, expected_version):
    """Edit a draft or returned plan's measures and responsible people."""
    plan = _locked_plan(pk, expected_version)
    common.require_center_staff(actor, plan.center_id, flows.EDIT_PLAN)
    _require_editable(plan)
    measures, people = _clean_plan(data)
    values = {"measures": measures, "responsible_people": people}
    changed = audit.changes_of(plan, values)
    for name in changed:
        setattr(plan, name, values[name])
    plan.version += 1
    plan.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    engine.note(PLAN, plan, "edit", actor, data={"changed": changed})
    return plan


def plan_move(*, pk, action, actor, reason="", expected_version=None):
    """Submit, approve or return a plan (flows.PLAN_FLOW); a plan is submitted with at least one milestone."""
    reason = (reason or "").strip()
    found = flows.PLAN_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})

    def apply(plan):
        if action == "submit" and not plan.milestones.exists():
            raise ValidationError(_("Add at least one milestone before submitting the plan."))
        return ()

    return engine.perform(PLAN, pk, action, actor, apply=apply, reason=reason, expected_version=expected_version)


def _clean_milestone(plan, data):
    errors = {}
    title = (data.title or "").strip()
    if not title:
        errors["title"] = _("This field is required.")
    if data.due_date is None:
        errors["due_date"] = _("Give the due date.")
    elif data.due_date.year != plan.year:
        errors["due_date"] = _("The due date must fall in the plan's year.")
    if data.owner_department_id and not plan.center.departments.filter(pk=data.owner_department_id).exists():
        errors["owner_department"] = _("Choose a department of this center.")
    if errors:
        raise ValidationError(errors)
    return title


@transaction.atomic
def milestone_add(*, plan_id, actor, data, expected_version=None):
    """A milestone of a draft or returned plan."""
    plan = _locked_plan(plan_id, expected_version)
    common.require_center_staff(actor, plan.center_id, flows.EDIT_PLAN)
    _require_editable(plan)
    title = _clean_milestone(plan, data)
    milestone = Milestone.objects.create(
        plan=plan, center_id=plan.center_id, title=title, due_date=data.due_date, owner_department_id=data.owner_department_id or None
    )
    # An "edit" of the plan (the audit screen names it), the reason saying which milestone.
    added = _("Milestone added: %(title)s") % {"title": title}
    engine.note(PLAN, plan, "edit", actor, reason=added, data={"milestone_added": milestone.pk})
    engine.note(MILESTONE, milestone, "create", actor, from_status="", changed=False)
    return milestone


@transaction.atomic
def milestone_remove(*, milestone_id, actor):
    """Take a milestone out of a draft or returned plan (its plan's timeline keeps the removal)."""
    milestone = Milestone.objects.select_related("plan").get(pk=milestone_id)
    plan = _locked_plan(milestone.plan_id, None)
    common.require_center_staff(actor, plan.center_id, flows.EDIT_PLAN)
    _require_editable(plan)
    removed = _("Milestone removed: %(title)s") % {"title": milestone.title}
    engine.note(PLAN, plan, "edit", actor, reason=removed, data={"milestone_removed": milestone.pk})
    milestone.delete()


def milestone_move(*, pk, action, actor, reason="", done_on=None, expected_version=None):
    """Report progress or "done" (the owner, or the center on its behalf), confirm or send back (the
    center). Only the milestones of an approved plan move; "done" needs the date the work was done."""
    reason = (reason or "").strip()
    found = flows.MILESTONE_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Describe the progress.") if action == "progress" else _("Give the reason.")})

    def apply(milestone):
        if milestone.plan.status != flows.APPROVED:
            raise MoveNotAllowed(_("The plan has not been approved yet."))
        today = common.today()
        if action == "progress":
            milestone.progress_note = reason
            return ("progress_note",)
        if action == "report":
            if done_on is None:
                raise ValidationError({"done_on": _("Give the date the work was done.")})
            if done_on > today:
                raise ValidationError({"done_on": _("The date cannot be in the future.")})
            milestone.done_on = done_on
            fields = ["done_on"]
            if reason:
                milestone.progress_note = reason
                fields.append("progress_note")
            return fields
        if action == "confirm":
            milestone.confirmed_on = today
            return ("confirmed_on",)
        return ()

    return engine.perform(MILESTONE, pk, action, actor, apply=apply, reason=reason, expected_version=expected_version, notify=_tell(action))


def _tell(action):
    """Who hears of a milestone's move: the center's reviewers of a "done" report, the owner of a
    milestone sent back."""

    def notify(milestone):
        plan = milestone.plan
        names = {"village": plan.village.name, "title": milestone.title}
        if action == "report":
            recipients = notifications.center_staff_with(milestone.center_id, flows.CONFIRM_MILESTONE)
            title = _("%(village)s reported a plan milestone done: %(title)s") % names
        elif action == "send_back":
            owner = milestone.owner_department_id
            recipients = notifications.department_users(owner) if owner else notifications.workstation_users(plan.village_id)
            title = _("A plan milestone of %(village)s was sent back: %(title)s") % names
        else:
            return []
        return [Message(recipients, "plan_milestone", title, center_id=milestone.center_id)]

    return notify
