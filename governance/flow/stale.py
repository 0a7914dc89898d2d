"""Stale edits: what changed since the form was opened, and a form whose next submit goes through.

A form that edits or moves a versioned record carries, besides its hidden `version`, a signed
snapshot of the record's watched fields (the lifecycle's `watched`) as the form was built from them
(`protect`). When the engine refuses the submit as stale, `refused` compares that snapshot with the
record now and re-binds the form: the user's input kept, the version and snapshot the current ones,
and on an edit form the fields the user left alone taking the other person's values, so that the
next submit saves the user's own changes without undoing anyone else's. The page lists the changes
field by field as users read them (choice and state labels, related names, dates) with who changed
the record since, from its timeline.

The snapshot is signed, not encrypted: it holds only what the page shows anyway, and fields named
like ID numbers or phones are kept masked (with a keyed digest to tell a change).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django import forms
from django.core import signing
from django.db import models
from django.utils import formats, timezone
from django.utils.crypto import salted_hmac
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from governance.flow import timeline
from governance.flow.engine import lifecycle_of
from governance.rules.identity import mask_id_number, mask_phone

SNAPSHOT = "stale_snapshot"  # the hidden field's name
_SALT = "governance.flow.stale"
_MASKS = {"id_number": mask_id_number, "phone": mask_phone}  # by the end of the field's name
_EVENTS_SHOWN = 5


@dataclass(frozen=True)
class Change:
    label: str
    seen: str  # the value the user's form was built from
    now: str
    kept_yours: bool = False  # the user changed this field too: the form keeps their value
    taken: bool = False  # the user had left it alone: the form now shows the current value


@dataclass(frozen=True)
class Event:
    actor: str
    at: datetime
    action: str


@dataclass(frozen=True)
class Report:
    changes: tuple
    events: tuple


@dataclass(frozen=True)
class _Guard:
    record: models.Model
    edits: bool


def protect(form, record, *, edits=False):
    """Give `form` (one that carries `record`'s version) the hidden snapshot of `record`; a bound
    form keeps the snapshot it was submitted with. `edits`: the form's fields of the record's names
    edit those fields (a refusal then takes the other person's values where the user changed nothing).
    A form without a version field is never refused as stale and is left alone."""
    if "version" not in form.fields:
        return form
    form.fields[SNAPSHOT] = forms.CharField(widget=forms.HiddenInput, required=False, initial=None if form.is_bound else snapshot(record))
    form.stale_guard = _Guard(record, edits)
    form.stale = None
    return form


def refused(form, error):
    """Show the stale refusal `error` on `form` and, when the form is protected, what changed since
    it was opened, and re-bind it to the record as it is now."""
    form.add_error(None, str(error))
    guard = getattr(form, "stale_guard", None)
    if guard is None:
        return form
    record = type(guard.record)._default_manager.get(pk=guard.record.pk)
    payload = _load(form.data.get(form.add_prefix(SNAPSHOT)) or "", record)
    seen = payload["values"] if payload else {}
    data = form.data.copy()
    changes = []
    for name in _watched(record):
        if name not in seen:
            continue
        field = record._meta.get_field(name)
        now = _encode(name, field.value_from_object(record))
        if seen[name] == now:
            continue
        kept = taken = False
        if guard.edits and name in form.fields and name in getattr(form, "cleaned_data", {}):
            mine = _encode(name, form.cleaned_data[name])
            if mine == seen[name]:
                _set(data, form.add_prefix(name), field.value_from_object(record))
                taken = True
            else:
                kept = mine != now
        changes.append(Change(_label(form, field), _display(field, seen[name]), _display(field, now), kept, taken))
    data[form.add_prefix("version")] = str(record.version)
    data[form.add_prefix(SNAPSHOT)] = snapshot(record)
    form.data = data
    since = datetime.fromisoformat(payload["at"]) if payload else None
    form.stale = Report(tuple(changes), tuple(_events(record, since)))
    return form


def snapshot(record):
    """The signed snapshot of `record`'s watched fields, stamped with the time it was taken."""
    values = {name: _encode(name, record._meta.get_field(name).value_from_object(record)) for name in _watched(record)}
    return signing.dumps({"record": _key(record), "at": timezone.now().isoformat(), "values": values}, salt=_SALT, compress=True)


def _load(token, record):
    try:
        payload = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return payload if payload.get("record") == _key(record) else None


def _key(record):
    return f"{record._meta.label_lower}:{record.pk}"


def _watched(record):
    return lifecycle_of(record).watched


def _mask_of(name):
    return next((mask for suffix, mask in _MASKS.items() if name.endswith(suffix)), None)


def _encode(name, value):
    """One comparable, JSON-safe form of a value, whether it comes from the record or the form."""
    if isinstance(value, models.Model):
        value = value.pk
    if isinstance(value, str):
        value = value.strip()
    if value in ("", None):
        return None
    if isinstance(value, (date, time)):  # datetime is a date
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    mask = _mask_of(name)
    if mask is not None:
        return {"masked": mask(str(value)), "digest": salted_hmac(_SALT, str(value), algorithm="sha256").hexdigest()}
    return value


def _set(data, key, value):
    """Put a record value into bound form data the way a browser would have sent it."""
    if isinstance(value, bool):
        data[key] = "true" if value else "false"
    else:
        data[key] = "" if value is None else str(value)


def _label(form, field):
    form_field = form.fields.get(field.name)
    return str(form_field.label) if form_field is not None and form_field.label else capfirst(str(field.verbose_name))


def _display(field, value):
    """A snapshot value as users read it."""
    if value is None:
        return _("(empty)")
    if isinstance(value, dict):
        return value["masked"]
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.is_relation:
        related = field.related_model._default_manager.filter(pk=value).first()
        return str(related) if related is not None else f"#{value}"
    if isinstance(field, models.BooleanField):
        return _("Yes") if value else _("No")
    if isinstance(field, models.DateTimeField):
        return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")
    if isinstance(field, models.DateField):
        return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")
    if isinstance(field, models.TimeField):
        return formats.time_format(time.fromisoformat(value), "H:i")
    return str(value)


def _events(record, since):
    """Who changed the record since the snapshot was taken (without one: the last change)."""
    lifecycle = lifecycle_of(record)
    rows = timeline.for_record(lifecycle, record)
    if since is not None:
        rows = rows.filter(created_at__gt=since)
    result = []
    for row in rows:
        action = row.action.removeprefix(f"{lifecycle.subject}.")
        if action == "edit" or action in lifecycle.flow.moves:
            result.append(Event(row.actor_label, row.created_at, _("Edited") if action == "edit" else str(lifecycle.flow.label(action))))
    return result[-_EVENTS_SHOWN:] if since is not None else result[-1:]
