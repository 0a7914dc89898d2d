"""Lifecycles as data: states, moves and who may take them. Pure: no ORM.

Every record that moves through states (cases, rectification notices, meetings, meeting tasks,
assessments, and every later lifecycle) declares one `Flow`: its states in display order and its
moves. A move lists its edges (from → to; `SAME` keeps the state, for side paths such as urging or
recording minutes), the permission it needs and who may take it, as relations of the actor to the
record (see governance.flow.relations). The engine (governance.flow.engine.perform) asks
`Flow.check` before every change; admin pages draw their buttons from `Flow.available`, and the
public workflow chart is drawn from the case flow, so neither can disagree with the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

# How an actor stands to a record.
CENTER = "center"  # staff of the record's own center (not a department handler or workstation)
LEAD = "lead"  # handler in a case's lead department
COOPERATING = "cooperating"  # handler in a case's cooperating department
RESPONSIBLE = "responsible"  # handler of the department a notice is addressed to or a task is owned by
OWNER = "owner"  # whoever runs an assessment: its center's staff, or the county for a county ranking
COUNTY = "county"  # county-level supervisor (any center)
SYSTEM = "system"  # the sweeps, imports and other management commands (no user)

SAME = None  # the record keeps its state


class MoveNotAllowed(Exception):
    """The move is not allowed; the message says why, in the user's language."""


class StaleEdit(Exception):
    """Someone else changed the record since the form was opened; the form keeps the input."""


RECORD_MESSAGES = {
    "state": _("This action is not available in the current state."),
    "assigned": _("This record is not assigned to you."),
    "stale": _("Someone else changed this record after you opened the form. Please check it and submit again."),
}


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    edges: tuple  # ((from_state, to_state or SAME), ...): the first edge from a state is its default
    permission: str
    who: frozenset
    requires: tuple = ()  # input the move cannot do without (names of perform's keyword `inputs`)

    @property
    def sources(self) -> frozenset:
        return frozenset(source for source, _target in self.edges)

    @property
    def targets(self) -> tuple:
        """The states the move can lead to (SAME for a side path), in table order."""
        seen = []
        for _source, target in self.edges:
            if target not in seen:
                seen.append(target)
        return tuple(seen)

    @property
    def changes_state(self) -> bool:
        return any(target is not SAME for target in self.targets)

    def target_from(self, status, target=SAME):
        """The state after the move from `status` (the same state for a side path); `target` picks
        one of several edges from `status`. KeyError when no edge fits."""
        for source, candidate in self.edges:
            if source == status and (target is SAME or candidate == target):
                return status if candidate is SAME else candidate
        raise KeyError((status, target))


def move(action, label, edges, permission, who, requires=()):
    return Move(action, label, tuple(edges), permission, frozenset(who), tuple(requires))


def fan(sources, targets):
    """Edges from every source to every target, for moves drawn as "from any of these"."""
    return [(source, target) for source in sources for target in targets]


@dataclass(frozen=True)
class Flow:
    name: str
    states: tuple  # (value, label) in display order
    moves: dict
    messages: dict = field(default_factory=lambda: RECORD_MESSAGES)

    def message(self, key):
        return self.messages.get(key, RECORD_MESSAGES[key])

    def check(self, action, status, relations, permissions, target=SAME):
        """The state after the move, or MoveNotAllowed: unknown move, wrong state, no such target,
        no permission, not the actor's record. `SYSTEM` needs no permission."""
        found = self.moves.get(action)
        if found is None:
            raise MoveNotAllowed(_("Unknown action."))
        if status not in found.sources:
            raise MoveNotAllowed(self.message("state"))
        try:
            after = found.target_from(status, target)
        except KeyError:
            raise MoveNotAllowed(_("This action cannot lead to that state.")) from None
        if SYSTEM not in relations and found.permission not in permissions:
            raise MoveNotAllowed(_("You do not have permission for this action."))
        if not (found.who & set(relations)):
            raise MoveNotAllowed(self.message("assigned"))
        return after

    def available(self, status, relations, permissions, exclude=()):
        """The moves the actor may take now, in table order."""
        result = []
        for candidate in self.moves.values():
            if candidate.action in exclude:
                continue
            try:
                self.check(candidate.action, status, relations, permissions)
            except MoveNotAllowed:
                continue
            result.append(candidate)
        return result

    def label(self, action):
        found = self.moves.get(action)
        return found.label if found else action

    def state_label(self, value):
        return dict(self.states).get(value, value)

    @property
    def values(self) -> tuple:
        return tuple(value for value, _label in self.states)

    @property
    def permissions(self) -> frozenset:
        return frozenset(m.permission for m in self.moves.values())


def table(*moves):
    return {m.action: m for m in moves}
