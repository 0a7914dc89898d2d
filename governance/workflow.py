"""The case workflow as data: which move is allowed from which state, by whom.

Pure: no ORM. The service layer asks `check_move` before every change and the public site draws
its workflow chart from the same table, so the chart can never disagree with the system.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# States (values match governance.models.CaseStatus; kept as plain strings to stay ORM-free).
REGISTERED, ACCEPTED, REJECTED, ROUTED, HANDLING = "registered", "accepted", "rejected", "routed", "handling"
SUSPENDED, RESOLVED, FED_BACK, VISITED, ARCHIVED = "suspended", "resolved", "fed_back", "visited", "archived"
OPEN = frozenset({REGISTERED, ACCEPTED, ROUTED, HANDLING, SUSPENDED})

# How the actor stands to the case.
CENTER = "center"  # staff of the case's own center
LEAD = "lead"  # handler in the case's lead department
COOPERATING = "cooperating"  # handler in a cooperating department
COUNTY = "county"  # county-level supervisor (any center)
SYSTEM = "system"  # the sweep and other management commands


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    sources: frozenset
    targets: tuple  # the first is the usual target; follow_up may also reopen handling
    permission: str  # codename on governance.Case
    who: frozenset

    @property
    def changes_state(self):
        return any(target is not None for target in self.targets)


def _move(action, label, sources, targets, permission, who):
    return Move(action, label, frozenset(sources), tuple(targets), permission, frozenset(who))


SAME = None  # the case keeps its state (a side path: supervise, urge, extend…)

MOVES = {
    m.action: m
    for m in [
        _move("accept", _("Accept"), {REGISTERED}, [ACCEPTED], "accept_case", {CENTER}),
        _move("reject", _("Do not accept"), {REGISTERED}, [REJECTED], "accept_case", {CENTER}),
        _move("route", _("Route to departments"), {ACCEPTED}, [ROUTED], "route_case", {CENTER}),
        _move("return", _("Return as misrouted"), {ROUTED}, [ACCEPTED], "handle_case", {LEAD}),
        _move("start", _("Sign for and start handling"), {ROUTED}, [HANDLING], "handle_case", {LEAD, CENTER}),
        _move("mediate", _("Record a mediation session"), {HANDLING}, [SAME], "handle_case", {LEAD, COOPERATING, CENTER}),
        _move("suspend", _("Suspend"), {HANDLING}, [SUSPENDED], "handle_case", {LEAD, CENTER}),
        _move("resume", _("Resume"), {SUSPENDED}, [HANDLING], "handle_case", {LEAD, CENTER}),
        _move("extend", _("Approve an extension"), {ROUTED, HANDLING, SUSPENDED}, [SAME], "approve_extension", {CENTER}),
        _move("delay_report", _("File a delay report"), {ROUTED, HANDLING, SUSPENDED}, [SAME], "handle_case", {LEAD, CENTER}),
        _move("resolve", _("Resolve"), {HANDLING}, [RESOLVED], "handle_case", {LEAD, CENTER}),
        _move("feedback", _("Inform the party"), {RESOLVED}, [FED_BACK], "handle_case", {LEAD, CENTER}),
        _move("follow_up", _("Record a follow-up visit"), {FED_BACK}, [VISITED, HANDLING], "accept_case", {CENTER}),
        _move("request_review", _("Register a review request"), {FED_BACK, VISITED}, [HANDLING], "accept_case", {CENTER}),
        _move("archive", _("Archive"), {REJECTED, FED_BACK, VISITED}, [ARCHIVED], "archive_case", {CENTER}),
        _move("supervise", _("Issue a supervision order"), OPEN, [SAME], "supervise_case", {CENTER, COUNTY}),
        _move("urge", _("Urge"), OPEN, [SAME], "urge_case", {CENTER, COUNTY, SYSTEM}),
    ]
}

OTHER_ACTIONS = {
    "register": _("Register"),
    "edit": _("Edit details"),
    "reveal": _("Personal data revealed"),
    "recompute_deadline": _("Deadline recomputed"),
    "import": _("Imported"),
}


def action_label(action):
    move = MOVES.get(action)
    return move.label if move else OTHER_ACTIONS.get(action, action)


# The main line, in order, for the public workflow chart and the case timeline.
MAIN_LINE = (REGISTERED, ACCEPTED, ROUTED, HANDLING, RESOLVED, FED_BACK, VISITED, ARCHIVED)


class MoveNotAllowed(Exception):
    """The move is not allowed; the message says why, in the user's language."""


def check_move(action, status, relations, permissions, target=SAME):
    """Raise MoveNotAllowed unless `action` may be taken from `status` by an actor with these
    relations to the case and these Case permission codenames. Returns the Move."""
    move = MOVES.get(action)
    if move is None:
        raise MoveNotAllowed(_("Unknown action."))
    if status not in move.sources:
        raise MoveNotAllowed(_("This action is not available in the case's current state."))
    if target is not SAME and target not in move.targets:
        raise MoveNotAllowed(_("This action cannot lead to that state."))
    if move.permission not in permissions and SYSTEM not in relations:
        raise MoveNotAllowed(_("You do not have permission for this action."))
    if not (move.who & set(relations)):
        raise MoveNotAllowed(_("This case is not assigned to you."))
    return move


def available_moves(status, relations, permissions):
    """The moves the actor may take now, in table order."""
    result = []
    for move in MOVES.values():
        try:
            check_move(move.action, status, relations, permissions)
        except MoveNotAllowed:
            continue
        result.append(move)
    return result
