"""The unit registry: units are added and edited by the center's staff (the credit code and the
security lead's phone checked), closed and reopened through the engine; the lead's phone is shown
masked and revealed only to an allowed user, each reveal logged on the unit's timeline."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.rules import identity
from governance.rules.credit_code import CreditCodeError, validate_credit_code
from governance.services import audit
from governance.units import flows
from governance.units.models import Unit, UnitKind
from governance.units.services import common

REVEAL_PERMISSION = "units.reveal_unit_contact"
# What an edit's timeline entry keeps of each field: the lead's name and phone masked, the rest as typed.
EDIT_MASKS = {"lead_name": identity.mask_name, "lead_phone": identity.mask_phone}


def _relations(actor, unit):
    return common.relations_to(actor, unit.center_id)


UNIT = Lifecycle(
    model=Unit,
    flow=flows.UNIT_FLOW,
    relations=_relations,
    subject="unit",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "name", "kind", "village", "address", "credit_code", "lead_name", "lead_phone", "is_key"),
)


@dataclass
class UnitData:
    kind_id: int | None
    name: str
    address: str
    lead_name: str
    lead_phone: str = ""
    credit_code: str = ""
    village_id: int | None = None
    is_key: bool = False


def _clean(center, data, exclude_pk=None):
    """The values to store, or ValidationError naming every bad field (in Chinese)."""
    errors = {}
    if not data.kind_id or not UnitKind.objects.filter(pk=data.kind_id, is_active=True).exists():
        errors["kind"] = _("Choose a unit kind.")
    name = common.required(data.name, "name", errors)
    if name and Unit.objects.filter(center=center, name=name).exclude(pk=exclude_pk).exists():
        errors["name"] = _("This center already has a unit of that name.")
    address = common.required(data.address, "address", errors)
    lead_name = common.required(data.lead_name, "lead_name", errors)
    phone, code = (data.lead_phone or "").strip(), (data.credit_code or "").strip()
    if phone:
        try:
            phone = identity.validate_phone(phone)
        except identity.IdentityError as exc:
            errors["lead_phone"] = str(exc)
    if code:
        try:
            code = validate_credit_code(code)
        except CreditCodeError as exc:
            errors["credit_code"] = str(exc)
        else:
            if Unit.objects.filter(center=center, credit_code=code).exclude(pk=exclude_pk).exists():
                errors["credit_code"] = _("Another unit of this center has this credit code.")
    if errors:
        raise ValidationError(errors)
    common.check_village(center, data.village_id)
    return {
        "kind_id": data.kind_id,
        "name": name,
        "address": address,
        "lead_name": lead_name,
        "lead_phone": phone,
        "credit_code": code,
        "village_id": data.village_id or None,
        "is_key": bool(data.is_key),
    }


@transaction.atomic
def unit_create(*, center, actor, data):
    """Add a unit to the center's registry (state: active)."""
    common.require_center_staff(actor, center.pk, "units.add_unit")
    values = _clean(center, data)
    unit = Unit.objects.create(center=center, created_by=actor, **values)
    engine.note(UNIT, unit, "create", actor, from_status="")
    return unit


def _changes(unit, values):
    changed = audit.changes_of(unit, values)
    for name, mask in EDIT_MASKS.items():
        if name in changed:
            changed[name] = [mask(getattr(unit, name)), mask(values[name])]
    if "name" in changed:  # a unit's name is not a person's: kept as typed
        changed["name"] = [unit.name, values["name"]]
    return changed


@transaction.atomic
def unit_update(*, pk, actor, data, expected_version):
    """Edit a unit's details; a closed unit is read-only."""
    unit = Unit.objects.select_for_update().select_related("center").get(pk=pk)
    if unit.version != expected_version:
        raise StaleEdit(flows.UNIT_FLOW.message("stale"))
    common.require_center_staff(actor, unit.center_id, "units.change_unit")
    if unit.status == flows.CLOSED:
        raise MoveNotAllowed(_("A closed unit is read-only."))
    values = _clean(unit.center, data, exclude_pk=unit.pk)
    changed = _changes(unit, values)
    for name in changed:
        setattr(unit, name, values[name])
    unit.version += 1
    unit.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    engine.note(UNIT, unit, "edit", actor, data={"changed": changed})
    return unit


def unit_move(*, pk, action, actor, reason="", expected_version=None):
    """Close or reopen a unit (flows.UNIT_FLOW)."""
    reason = (reason or "").strip()
    found = flows.UNIT_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return engine.perform(UNIT, pk, action, actor, reason=reason, expected_version=expected_version)


def may_reveal(user, unit):
    return bool(common.relations_to(user, unit.center_id)) and user.has_perm(REVEAL_PERMISSION)


def lead_reveal(*, unit, actor):
    """The security lead's full phone, for an allowed user; the reveal is logged on the unit's timeline."""
    if not may_reveal(actor, unit):
        raise MoveNotAllowed(_("You do not have permission to see personal data."))
    engine.note(UNIT, unit, "reveal", actor, data={"field": "lead_phone"}, changed=False)
    return {"lead_phone": unit.lead_phone}


def masked_phone(unit):
    return identity.mask_phone(unit.lead_phone)
