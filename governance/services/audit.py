"""Writing the general audit log."""

from governance.models import AuditEvent


def audit(action, *, actor=None, center_id=None, obj=None, **data):
    return AuditEvent.objects.create(
        action=action,
        actor=actor if getattr(actor, "pk", None) else None,
        center_id=center_id,
        object_type=obj._meta.model_name if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        data=data,
    )
