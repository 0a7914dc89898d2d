"""The timeline: one entry per event about a record (moves, edits, tags, reveals, imports).

A case's timeline is its CaseEvent rows (the case page lists them, the ledgers export them). Every
other lifecycle writes its entries to AuditEvent, tagged with the record's type and id, with the
action as "<subject>.<action>": AuditEvent is also the security audit (logins, exports, permission
changes), so the records of the working systems and the security events share one append-only
table that nothing in the application deletes. Only the engine writes here.
"""

from governance.models import AuditEvent, CaseEvent
from governance.models.audit import actor_snapshot


def entry(lifecycle, obj, action, actor, from_status, *, reason="", data=None):
    """An unsaved timeline row for `obj` (saved by write / write_many)."""
    who = actor_snapshot(actor)  # the actor's username and name as they are now, kept on the row
    if lifecycle.case_timeline:
        return CaseEvent(
            case=obj,
            action=action,
            **who,
            from_status=from_status or "",
            to_status=obj.status,
            reason=reason or "",
            data=data or {},
        )
    return AuditEvent(
        action=f"{lifecycle.subject}.{action}",
        **who,
        center_id=getattr(obj, "center_id", None),
        object_type=obj._meta.model_name,
        object_id=str(obj.pk),
        data={"from": from_status or "", "to": getattr(obj, "status", ""), "reason": reason or "", **(data or {})},
    )


def write(lifecycle, obj, action, actor, from_status, *, reason="", data=None):
    row = entry(lifecycle, obj, action, actor, from_status, reason=reason, data=data)
    row.save()
    return row


def write_many(rows):
    """Save prepared entries with one INSERT per table (per database batch)."""
    by_model = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, items in by_model.items():
        model.objects.bulk_create(items, batch_size=500)


def for_record(lifecycle, obj):
    """The record's timeline, oldest first."""
    if lifecycle.case_timeline:
        return CaseEvent.objects.filter(case_id=obj.pk).select_related("actor").order_by("created_at", "pk")
    return (
        AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk), action__startswith=f"{lifecycle.subject}.")
        .select_related("actor")
        .order_by("created_at", "pk")
    )
