"""The one step function: every change of state of every record goes through `perform` (one
record) or `perform_batch` (imports and sweeps). Each

1. locks the row(s) (select_for_update) inside one transaction,
2. refuses a stale edit (the version the form was opened with is not the current one; what the
   user then sees: governance.flow.stale),
3. asks the lifecycle's table whether this actor may take this move from this state,
4. applies the move's own changes, sets the new state, bumps the version and saves only the
   changed fields,
5. writes one timeline entry per record (governance.flow.timeline),
6. queues the notifications (delivered after commit), and
7. schedules the after-commit effects per center: the lobby delta and the public-cache drop
   (governance.flow.effects).

A lifecycle is declared once (`Lifecycle(...)`) next to its services. Nothing else writes a
status field: tests/governance/flow/test_status_writes.py fails when code outside this package does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import batched

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.flow import effects, timeline
from governance.flow.relations import permissions_of
from governance.flow.table import SAME, Flow, MoveNotAllowed, StaleEdit
from governance.services import notifications
from governance.services.notifications import Message

_REGISTRY: dict = {}


@dataclass(frozen=True, eq=False)
class Lifecycle:
    model: type
    flow: Flow
    relations: Callable  # (actor, record) -> set of relations
    subject: str  # the timeline's name for the record ("case", "notice", …)
    live_reason: str  # what the lobby delta says changed
    permissions: Callable | None = None  # (actor) -> permissions the table speaks of; default: permissions_of
    case_timeline: bool = False  # the timeline is CaseEvent (cases) rather than AuditEvent
    public: bool = True  # public pages show these records: a change drops the center's cached pages
    watched: tuple = ("status",)  # the fields users work with: a stale refusal lists their changes (governance.flow.stale)

    def __post_init__(self):
        _REGISTRY[self.model] = self

    def permissions_of(self, actor):
        return self.permissions(actor) if self.permissions else permissions_of(actor, self.flow)

    def check(self, action, record, actor, target=SAME):
        """The state after `action`, or MoveNotAllowed."""
        return self.flow.check(action, record.status, self.relations(actor, record), self.permissions_of(actor), target)

    def available(self, record, actor, exclude=()):
        return self.flow.available(record.status, self.relations(actor, record), self.permissions_of(actor), exclude)


def lifecycle_of(model_or_record):
    model = model_or_record if isinstance(model_or_record, type) else type(model_or_record)
    return _REGISTRY[model]


def registered():
    return dict(_REGISTRY)


@dataclass
class Step:
    """What a batch's `prepare` gives for one record: the fields it changed (besides state and
    version), rows to create with it, the timeline's reason and details, messages to send."""

    fields: tuple = ()
    rows: list = field(default_factory=list)
    reason: str = ""
    data: dict = field(default_factory=dict)
    messages: list = field(default_factory=list)


def _version_fields(record, fields):
    names = {f.name for f in record._meta.concrete_fields}
    if "version" in names:
        record.version += 1
        fields.add("version")
    if "updated_at" in names:
        record.updated_at = timezone.now()
        fields.add("updated_at")
    return fields


def _send(messages):
    if messages:
        notifications.notify_many(messages)


@transaction.atomic
def perform(lifecycle, pk, action, actor, *, target=SAME, apply=None, reason="", expected_version=None, data=None, notify=None, inputs=None):
    """Take `action` on the record `pk` as `actor` (None: the system) and return the saved record.

    `apply(record)` makes the move's own changes (it may raise ValidationError: nothing is saved) and
    returns the names of the fields it changed; `notify(record)` returns Messages to queue; the
    move's required input (Move.requires) is looked up in `inputs` and, for "reason", the reason
    written on the timeline."""
    record = lifecycle.model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and getattr(record, "version", None) != expected_version:
        raise StaleEdit(lifecycle.flow.message("stale"))
    after = lifecycle.check(action, record, actor, target)
    _require(lifecycle.flow.moves[action], {"reason": reason, **(inputs or {})})
    before = record.status
    fields = set(apply(record) or ()) if apply else set()
    if after != record.status:
        record.status = after
        fields.add("status")
    record.save(update_fields=sorted(_version_fields(record, fields)))
    timeline.write(lifecycle, record, action, actor, before, reason=reason, data=data)
    if notify is not None:
        _send(list(notify(record) or ()))
    effects.record_changed(getattr(record, "center_id", None), lifecycle.live_reason, public=lifecycle.public)
    return record


def _require(move, inputs):
    """The move's required input (Move.requires) must be given: the services check it with their own
    words first; this is the table's guarantee for every caller."""
    missing = {name: _("This field is required.") for name in move.requires if not str(inputs.get(name) or "").strip()}
    if missing:
        raise ValidationError(missing)


@transaction.atomic
def perform_batch(lifecycle, pks, action, actor=None, *, prepare, chunk=500, related=(), as_system=False, live_reason=None):
    """Take `action` on many records in one transaction: rows locked chunk by chunk, one bulk
    update, bulk timeline and notification rows, one lobby delta and cache drop per center.

    `prepare(records)` gets each locked chunk (with `related` selected) and returns {pk: Step} for
    the records to move (a record left out is skipped: e.g. a concurrent sweep moved it first).
    `as_system`: the move is the system's consequence of the actor's change (the table is asked for
    the system; the timeline names the actor). Returns the moved records."""
    checker = None if as_system else actor
    moved = []
    centers = set()
    for part in batched(sorted(set(pks)), chunk):
        locked = lifecycle.model.objects.select_for_update(of=("self",)).filter(pk__in=part)
        records = list(locked.select_related(*related).order_by("pk") if related else locked.order_by("pk"))
        steps = prepare(records) or {}
        entries, rows, messages, by_fields = [], [], [], {}
        for record in records:
            step = steps.get(record.pk)
            if step is None:
                continue
            after = lifecycle.check(action, record, checker)
            _require(lifecycle.flow.moves[action], {"reason": step.reason})
            before = record.status
            fields = set(step.fields)
            if after != record.status:
                record.status = after
                fields.add("status")
            fields = _version_fields(record, fields)
            by_fields.setdefault(tuple(sorted(fields)), []).append(record)
            entries.append(timeline.entry(lifecycle, record, action, actor, before, reason=step.reason, data=step.data))
            rows += step.rows
            messages += step.messages
            centers.add(getattr(record, "center_id", None))
            moved.append(record)
        for names, group in by_fields.items():
            lifecycle.model.objects.bulk_update(group, names, batch_size=chunk)
        _create_rows(rows)
        timeline.write_many(entries)
        _send(messages)
    effects.records_changed(centers, live_reason or lifecycle.live_reason, public=lifecycle.public)
    return moved


@transaction.atomic
def create_batch(lifecycle, records, action, actor=None, *, states=None, entries_data=None, reason="", insert=None):
    """Create many records at once (an import of history), each in the state `states` gives (the
    flow's first state when None), with one timeline entry each (`entries_data[i]` its details),
    and one lobby delta and cache drop per center. `insert(records)` saves them and sets their
    primary keys (default: bulk_create). Returns the records."""
    initial = lifecycle.flow.states[0][0]
    for index, record in enumerate(records):
        state = initial if states is None else states[index]
        if state not in lifecycle.flow.values:
            raise ValueError(f"{lifecycle.subject}: unknown state {state!r}")
        record.status = state
    if insert is not None:
        insert(records)
    else:
        lifecycle.model.objects.bulk_create(records, batch_size=500)
    timeline.write_many(
        timeline.entry(lifecycle, record, action, actor, "", reason=reason, data=entries_data[index] if entries_data else None)
        for index, record in enumerate(records)
    )
    effects.records_changed({getattr(record, "center_id", None) for record in records}, lifecycle.live_reason, public=lifecycle.public)
    return records


def _create_rows(rows):
    by_model = {}
    for row in rows:
        by_model.setdefault(type(row), []).append(row)
    for model, items in by_model.items():
        model.objects.bulk_create(items, batch_size=500)


def note(lifecycle, record, action, actor, *, reason="", data=None, changed=True, from_status=None, notify=None):
    """An event on a record that is not a move (a reveal of personal data, a tag, a creation: then
    `from_status=""`): its timeline entry, the Messages `notify(record)` returns (queued as a move's
    are) and, when `changed`, the record's after-commit effects."""
    before = record.status if from_status is None else from_status
    entry = timeline.write(lifecycle, record, action, actor, before, reason=reason, data=data)
    if notify is not None:
        _send(list(notify(record) or ()))
    if changed:
        effects.record_changed(getattr(record, "center_id", None), lifecycle.live_reason, public=lifecycle.public)
    return entry


__all__ = ["Lifecycle", "Message", "MoveNotAllowed", "StaleEdit", "Step", "create_batch", "lifecycle_of", "note", "perform", "perform_batch"]
