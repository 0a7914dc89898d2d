"""Technical prevention points (技防点位): registration and detail edits by the center's staff, and
their state (working, faulty, removed) and checks through the engine, so each has a timeline."""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.plans import flows
from governance.plans.models import TechKind, TechPoint
from governance.plans.services import common
from governance.services import audit

POINT = Lifecycle(
    model=TechPoint,
    flow=flows.POINT_FLOW,
    relations=lambda actor, point: common.relations_to(actor, point.center_id),
    subject="techpoint",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "kind", "location", "installed_on", "last_checked_on", "note"),
)


@dataclass
class PointData:
    village_id: int
    kind_id: int
    location: str
    installed_on: date | None = None
    note: str = ""


def _clean(center, data):
    errors = {}
    if not data.village_id or not center.workstations.filter(pk=data.village_id).exists():
        errors["village"] = _("Choose a village of this center.")
    if not TechKind.objects.filter(pk=data.kind_id, is_active=True).exists():
        errors["kind"] = _("Choose a kind.")
    if not (data.location or "").strip():
        errors["location"] = _("This field is required.")
    if data.installed_on and data.installed_on > common.today():
        errors["installed_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return {
        "village_id": int(data.village_id),
        "kind_id": int(data.kind_id),
        "location": data.location.strip(),
        "installed_on": data.installed_on,
        "note": (data.note or "").strip(),
    }


@transaction.atomic
def point_create(*, center, actor, data):
    common.require_center_staff(actor, center.pk, "plans.add_techpoint")
    values = _clean(center, data)
    point = TechPoint.objects.create(center=center, created_by=actor, **values)
    engine.note(POINT, point, "create", actor, from_status="")
    return point


@transaction.atomic
def point_update(*, pk, actor, data, expected_version):
    """Edit a point's details; a removed point is read-only."""
    point = TechPoint.objects.select_for_update().select_related("center").get(pk=pk)
    if point.version != expected_version:
        raise StaleEdit(flows.POINT_FLOW.message("stale"))
    common.require_center_staff(actor, point.center_id, "plans.change_techpoint")
    if point.status == flows.REMOVED:
        raise MoveNotAllowed(_("A removed point is read-only."))
    values = _clean(point.center, data)
    changed = audit.changes_of(point, values)
    for name in changed:
        setattr(point, name, values[name])
    point.version += 1
    point.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    engine.note(POINT, point, "edit", actor, data={"changed": changed})
    return point


def point_move(*, pk, action, actor, reason="", checked_on=None, expected_version=None):
    """A check, a fault, a repair or the removal of a point (flows.POINT_FLOW). A check and a repair
    set the date it was last checked (today unless given)."""
    reason = (reason or "").strip()
    found = flows.POINT_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})

    def apply(point):
        if action not in ("check", "repair"):
            return ()
        day = checked_on or common.today()
        if day > common.today():
            raise ValidationError({"checked_on": _("The date cannot be in the future.")})
        point.last_checked_on = day
        return ("last_checked_on",)

    return engine.perform(POINT, pk, action, actor, apply=apply, reason=reason, expected_version=expected_version)
