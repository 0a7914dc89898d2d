"""Writing the general audit log, and the old → new record of an edit."""

from datetime import date, datetime
from decimal import Decimal

from governance.models import AuditEvent
from governance.models.audit import actor_snapshot
from governance.rules import identity

# Fields that hold personal data in identity's sense (names, ID numbers, phones, addresses): an
# edit's record keeps only their masked old and new values.
PERSONAL_MASKS = {
    "name": identity.mask_name,
    "id_number": identity.mask_id_number,
    "phone": identity.mask_phone,
    "address": identity.mask_address,
    "responsible_person": identity.mask_name,
    "place": identity.mask_address,
}


def audit(action, *, actor=None, center_id=None, obj=None, **data):
    return AuditEvent.objects.create(
        action=action,
        **actor_snapshot(actor),
        center_id=center_id,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )


def recorded_value(name, value):
    """What an edit's record stores for one value: masked for personal fields."""
    mask = PERSONAL_MASKS.get(name)
    if mask is not None:
        return mask(None if value is None else str(value))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def changes_of(record, values):
    """{field: [old, new]} for the fields of `values` that differ from `record`'s current values,
    personal fields masked (the masked values are what is stored). Call before applying."""
    changed = {}
    for name in sorted(values):
        old, new = getattr(record, name), values[name]
        if old != new:
            changed[name] = [recorded_value(name, old), recorded_value(name, new)]
    return changed
