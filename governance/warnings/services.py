"""Security warnings: one service per change, every move through the engine (governance.flow).

Staff draft and edit a warning; the director approves it, publishes it (the center's workstations
and member units are told through the notification outbox, the lobby screens get a delta and the
center's public pages are dropped from the cache: the engine's effects) and may withdraw it with a
reason. The sweep (`expire_due`, run by governance.periodic) expires warnings whose validity ended.
"""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.flow import engine, relations
from governance.flow.engine import Lifecycle, Step
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import Workstation
from governance.services import audit, clock
from governance.services.notifications import Message
from governance.warnings import flow
from governance.warnings.models import SecurityWarning, WarningType

SUBJECT = "warning"
LIVE_REASON = "warnings"
FLOW = flow.WARNING_FLOW
EDITABLE = ("warning_type_id", "level", "title", "content", "advice", "valid_from", "valid_until")


def _relations(actor, warning):
    return relations.relations_to(actor, warning.center_id)


WARNING = Lifecycle(
    model=SecurityWarning,
    flow=FLOW,
    relations=_relations,
    subject=SUBJECT,
    live_reason=LIVE_REASON,
    watched=("status", "warning_type", "level", "title", "content", "advice", "valid_from", "valid_until"),
)


@dataclass
class WarningData:
    warning_type_id: int
    level: str
    title: str
    content: str
    advice: str
    valid_from: date
    valid_until: date
    village_ids: list = field(default_factory=list)


def types_for(center_id):
    """The active warning types a center may choose: the county's and its own."""
    from django.db.models import Q

    return WarningType.objects.filter(Q(center__isnull=True) | Q(center_id=center_id), is_active=True)


def _clean(center, data):
    errors = {}
    for name in ("title", "content", "advice"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if not types_for(center.pk).filter(pk=data.warning_type_id).exists():
        errors["warning_type"] = _("Choose a warning type of this center or the county.")
    if data.level not in flow.Level.values:
        errors["level"] = _("Choose a warning level.")
    if not isinstance(data.valid_from, date):
        errors["valid_from"] = _("Enter a valid date.")
    if not isinstance(data.valid_until, date):
        errors["valid_until"] = _("Enter a valid date.")
    elif isinstance(data.valid_from, date) and data.valid_until < data.valid_from:
        errors["valid_until"] = _("The end of validity cannot be before its start.")
    elif data.valid_until < clock.today():
        errors["valid_until"] = _("The end of validity cannot be in the past.")
    villages = set(data.village_ids or ())
    if villages and Workstation.objects.filter(pk__in=villages, center=center).count() != len(villages):
        errors["villages"] = _("Choose villages of this center only.")
    if errors:
        raise ValidationError(errors)


def _require_center_staff(actor, center_id, permission):
    if actor is not None and not actor.has_perm(permission):
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if actor is not None and flow.CENTER not in relations.relations_to(actor, center_id):
        raise MoveNotAllowed(_("Only the center's own staff can do this."))


# --- drafting ------------------------------------------------------------------------------------


@transaction.atomic
def warning_create(*, center, actor, data):
    """Draft a warning (not yet seen by anyone outside the center's staff)."""
    _require_center_staff(actor, center.pk, flow.ADD)
    _clean(center, data)
    warning = SecurityWarning.objects.create(
        center=center,
        warning_type_id=data.warning_type_id,
        level=data.level,
        title=data.title.strip(),
        content=data.content.strip(),
        advice=data.advice.strip(),
        valid_from=data.valid_from,
        valid_until=data.valid_until,
        created_by=actor,
    )
    warning.villages.set(data.village_ids or ())
    engine.note(WARNING, warning, "create", actor, from_status="", changed=False)
    return warning


@transaction.atomic
def warning_update_draft(*, pk, actor, data, expected_version):
    """Edit a draft; an approved warning is sent back to draft first, a published one is withdrawn."""
    warning = SecurityWarning.objects.select_for_update().select_related("center").get(pk=pk)
    if warning.version != expected_version:
        raise StaleEdit(FLOW.message("stale"))
    if warning.status != flow.DRAFT:
        raise MoveNotAllowed(_("Only a draft can be edited."))
    _require_center_staff(actor, warning.center_id, "warnings.change_securitywarning")
    _clean(warning.center, data)
    values = {name: (getattr(data, name).strip() if isinstance(getattr(data, name), str) else getattr(data, name)) for name in EDITABLE}
    changed = audit.changes_of(warning, values)
    for name in changed:
        setattr(warning, name, values[name])
    old_villages = set(warning.villages.values_list("pk", flat=True))
    new_villages = set(data.village_ids or ())
    if old_villages != new_villages:
        warning.villages.set(new_villages)
        changed["villages"] = [sorted(old_villages), sorted(new_villages)]
    warning.version += 1
    warning.save(update_fields=sorted(set(changed) - {"villages"} | {"version", "updated_at"}))
    engine.note(WARNING, warning, "edit", actor, data={"changed": changed}, changed=False)
    return warning


# --- the lifecycle ---------------------------------------------------------------------------------


def warning_approve(*, pk, actor, expected_version=None):
    return engine.perform(WARNING, pk, "approve", actor, expected_version=expected_version)


def warning_return(*, pk, actor, reason, expected_version=None):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say what should be changed.")})
    return engine.perform(WARNING, pk, "return", actor, reason=reason, expected_version=expected_version)


def recipients(warning):
    """Who is told of a published or withdrawn warning: the users of the workstations concerned (of
    every workstation when the whole township is), and the users of the center's member units."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    villages = list(warning.villages.values_list("pk", flat=True))
    stations = User.objects.filter(is_active=True, staff_profile__center_id=warning.center_id, staff_profile__workstation__isnull=False)
    if villages:
        stations = stations.filter(staff_profile__workstation_id__in=villages)
    units = User.objects.filter(is_active=True, staff_profile__center_id=warning.center_id, staff_profile__department__isnull=False)
    return list(stations.order_by("pk")) + list(units.order_by("pk"))


def _message(warning, title):
    body = f"{warning.content}\n\n{_('Prevention advice')}：{warning.advice}"
    return Message(recipients(warning), "warning", title, body, None, warning.center_id)


def warning_publish(*, pk, actor, expected_version=None):
    """Publish (发布): public site, lobby screens, workstations and member units."""

    def apply(warning):
        if warning.valid_until < clock.today():
            raise ValidationError({"valid_until": _("The validity has already ended; send the warning back to draft and change it.")})
        warning.published_at, warning.published_by = timezone.now(), actor
        return ["published_at", "published_by"]

    def tell(warning):
        title = _("Security warning (%(level)s): %(title)s") % {"level": warning.level_label, "title": warning.title}
        return [_message(warning, title)]

    return engine.perform(WARNING, pk, "publish", actor, apply=apply, notify=tell, expected_version=expected_version)


def warning_withdraw(*, pk, actor, reason, expected_version=None):
    """Withdraw (撤销) with a reason; a published warning's recipients are told."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the warning is withdrawn.")})

    was_published = []

    def apply(warning):
        was_published.append(warning.status == flow.PUBLISHED)
        warning.ended_on, warning.withdraw_reason = clock.today(), reason[:200]
        return ["ended_on", "withdraw_reason"]

    def tell(warning):
        if not was_published[0]:
            return []
        return [_message(warning, _("Security warning withdrawn: %(title)s") % {"title": warning.title})]

    return engine.perform(WARNING, pk, "withdraw", actor, reason=reason, apply=apply, notify=tell, expected_version=expected_version)


def expire_due(today=None):
    """The sweep: published warnings whose validity ended before `today` expire (one batch through
    the engine: one lobby delta and one cache drop per center). Returns how many expired."""
    today = today or clock.today()
    due = SecurityWarning.objects.filter(status=flow.PUBLISHED, valid_until__lt=today).values_list("pk", flat=True)

    def prepare(records):
        steps = {}
        for record in records:
            if record.status == flow.PUBLISHED and record.valid_until < today:  # checked again under the lock
                record.ended_on = today
                steps[record.pk] = Step(fields=("ended_on",), reason=_("The period of validity has ended."))
        return steps

    return len(engine.perform_batch(WARNING, list(due), "expire", None, prepare=prepare))
