"""The case lifecycle as data (governance.flow.table): which move is allowed from which state, by whom.

Pure: no ORM. The engine asks this table before every change of a case and the public site draws
its workflow chart from it, so the chart can never disagree with the system. The states are
governance.models.CaseStatus's values (tests/governance/test_workflow.py checks they agree).
"""

from django.utils.translation import gettext_lazy as _

from governance.flow.table import CENTER, COOPERATING, COUNTY, LEAD, SAME, SYSTEM, Flow, MoveNotAllowed, fan, move, table

__all__ = ["CENTER", "COOPERATING", "COUNTY", "LEAD", "SAME", "SYSTEM", "MoveNotAllowed"]

REGISTERED, ACCEPTED, REJECTED, ROUTED, HANDLING = "registered", "accepted", "rejected", "routed", "handling"
SUSPENDED, RESOLVED, FED_BACK, VISITED, ARCHIVED = "suspended", "resolved", "fed_back", "visited", "archived"
OPEN = frozenset({REGISTERED, ACCEPTED, ROUTED, HANDLING, SUSPENDED})
ALL = (REGISTERED, ACCEPTED, REJECTED, ROUTED, HANDLING, SUSPENDED, RESOLVED, FED_BACK, VISITED, ARCHIVED)

CASE_MESSAGES = {
    "state": _("This action is not available in the case's current state."),
    "assigned": _("This case is not assigned to you."),
    "stale": _("Someone else changed this case after you opened the form. Your input is kept below; please check the case and submit again."),
}


def _m(action, label, sources, targets, permission, who, requires=()):
    return move(action, label, fan(sources, targets), permission, who, requires)


CASE_FLOW = Flow(
    "case",
    (
        (REGISTERED, _("Registered")),
        (ACCEPTED, _("Accepted")),
        (REJECTED, _("Not accepted")),
        (ROUTED, _("Routed")),
        (HANDLING, _("Being handled")),
        (SUSPENDED, _("Suspended")),
        (RESOLVED, _("Resolved")),
        (FED_BACK, _("Party informed")),
        (VISITED, _("Followed up")),
        (ARCHIVED, _("Archived")),
    ),
    table(
        _m("accept", _("Accept"), [REGISTERED], [ACCEPTED], "accept_case", {CENTER}),
        _m("reject", _("Do not accept"), [REGISTERED], [REJECTED], "accept_case", {CENTER}, requires=("reason",)),
        _m("route", _("Route to departments"), [ACCEPTED], [ROUTED], "route_case", {CENTER}),
        _m("return", _("Return as misrouted"), [ROUTED], [ACCEPTED], "handle_case", {LEAD}, requires=("reason",)),
        _m("start", _("Sign for and start handling"), [ROUTED], [HANDLING], "handle_case", {LEAD, CENTER}),
        _m("mediate", _("Record a mediation session"), [HANDLING], [SAME], "handle_case", {LEAD, COOPERATING, CENTER}),
        _m("suspend", _("Suspend"), [HANDLING], [SUSPENDED], "handle_case", {LEAD, CENTER}, requires=("reason",)),
        _m("resume", _("Resume"), [SUSPENDED], [HANDLING], "handle_case", {LEAD, CENTER}),
        _m("extend", _("Approve an extension"), [ROUTED, HANDLING, SUSPENDED], [SAME], "approve_extension", {CENTER}, requires=("reason",)),
        _m("delay_report", _("File a delay report"), [ROUTED, HANDLING, SUSPENDED], [SAME], "handle_case", {LEAD, CENTER}),
        _m("resolve", _("Resolve"), [HANDLING], [RESOLVED], "handle_case", {LEAD, CENTER}),
        _m("feedback", _("Inform the party"), [RESOLVED], [FED_BACK], "handle_case", {LEAD, CENTER}),
        _m("follow_up", _("Record a follow-up visit"), [FED_BACK], [VISITED, HANDLING], "accept_case", {CENTER}),
        _m("request_review", _("Register a review request"), [FED_BACK, VISITED], [HANDLING], "accept_case", {CENTER}),
        _m("archive", _("Archive"), [REJECTED, FED_BACK, VISITED], [ARCHIVED], "archive_case", {CENTER}),
        _m("supervise", _("Issue a supervision order"), OPEN, [SAME], "supervise_case", {CENTER, COUNTY}, requires=("reason",)),
        _m("urge", _("Urge"), OPEN, [SAME], "urge_case", {CENTER, COUNTY, SYSTEM}),
        # Side paths that are not offered as buttons (their own forms): edits of the registered
        # details (an archived case refuses them with its own message), special-work tags (they
        # follow the people, archived or not), deadlines recomputed when the calendar changes.
        _m("edit", _("Edit details"), ALL, [SAME], "change_case", {CENTER}),
        _m("tag", _("Special-work tag added"), ALL, [SAME], "institutions.add_casetag", {CENTER, SYSTEM}),
        _m("untag", _("Special-work tag removed"), ALL, [SAME], "institutions.delete_casetag", {CENTER, SYSTEM}),
        _m("recompute_deadline", _("Deadline recomputed"), OPEN, [SAME], "route_case", {SYSTEM}),
    ),
    CASE_MESSAGES,
)
MOVES = CASE_FLOW.moves
FORM_ONLY = frozenset({"edit", "tag", "untag", "recompute_deadline"})  # not drawn as move buttons or on the chart

OTHER_ACTIONS = {
    "register": _("Register"),
    "reveal": _("Personal data revealed"),
    "import": _("Imported"),
    "print": _("Document printed"),
}


def action_label(action):
    found = MOVES.get(action)
    return found.label if found else OTHER_ACTIONS.get(action, action)


# The main line, in order, for the public workflow chart and the case timeline.
MAIN_LINE = (REGISTERED, ACCEPTED, ROUTED, HANDLING, RESOLVED, FED_BACK, VISITED, ARCHIVED)


def check_move(action, status, relations, permissions, target=SAME):
    """Raise MoveNotAllowed unless `action` may be taken from `status` by an actor with these
    relations to the case and these Case permission codenames. Returns the Move."""
    CASE_FLOW.check(action, status, relations, permissions, target)
    return MOVES[action]


def available_moves(status, relations, permissions):
    """The moves the actor may take now from the case page, in table order."""
    return CASE_FLOW.available(status, relations, permissions, exclude=FORM_ONLY)
