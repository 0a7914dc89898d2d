"""The lifecycles of notices, meetings, meeting tasks and assessments, as data.

Pure: no ORM. Each flow is a table of moves; a move lists its edges (from → to; `SAME` keeps the
state), the permission it needs ("app_label.codename") and who may take it, as relations of the
actor to the record. The services ask `Flow.check` before every change; the admin pages draw their
buttons from `Flow.available`, so a button is never shown for a move the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from governance import workflow

# How the actor stands to the record.
CENTER = "center"  # staff of the record's own center (not a department handler or workstation)
RESPONSIBLE = "responsible"  # handler of the department a notice is addressed to or a task is owned by
OWNER = "owner"  # whoever runs the assessment: its center's staff, or the county for a county ranking
COUNTY = "county"  # county-level supervisor
SYSTEM = "system"  # the sweep and other management commands

SAME = None  # the record keeps its state (a side path: urge, minutes, attendance…)


class MoveNotAllowed(workflow.MoveNotAllowed):
    """The move is not allowed; the message says why, in the user's language."""


@dataclass(frozen=True)
class Move:
    action: str
    label: str
    edges: tuple  # ((from_state, to_state or SAME), ...)
    permission: str
    who: frozenset

    @property
    def sources(self) -> frozenset:
        return frozenset(source for source, _target in self.edges)

    def target_from(self, status):
        """The state after the move from `status` (the same state for a side path)."""
        for source, target in self.edges:
            if source == status:
                return status if target is SAME else target
        raise KeyError(status)


def move(action, label, edges, permission, who):
    return Move(action, label, tuple(edges), permission, frozenset(who))


@dataclass(frozen=True)
class Flow:
    name: str
    states: tuple  # (value, label) in display order
    moves: dict

    def check(self, action, status, relations, permissions):
        """The target state, or MoveNotAllowed: unknown move, wrong state, no permission, not yours."""
        found = self.moves.get(action)
        if found is None:
            raise MoveNotAllowed(_("Unknown action."))
        if status not in found.sources:
            raise MoveNotAllowed(_("This action is not available in the current state."))
        if SYSTEM not in relations and found.permission not in permissions:
            raise MoveNotAllowed(_("You do not have permission for this action."))
        if not (found.who & set(relations)):
            raise MoveNotAllowed(_("This record is not assigned to you."))
        return found.target_from(status)

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


def _table(*moves):
    return {m.action: m for m in moves}


# --- rectification notices (整改通知书) ------------------------------------------------------------

DRAFT, ISSUED, RECEIVED, RECTIFIED, CLOSED, OVERDUE, ESCALATED, CANCELLED = (
    "draft", "issued", "received", "rectified", "closed", "overdue", "escalated", "cancelled",
)
NOTICE_OPEN = frozenset({ISSUED, RECEIVED, OVERDUE, ESCALATED})  # the recipient still owes rectification
ISSUE_NOTICE = "institutions.issue_rectificationnotice"
RESPOND_NOTICE = "institutions.respond_rectificationnotice"

NOTICE_FLOW = Flow(
    "notice",
    (
        (DRAFT, _("Draft")),
        (ISSUED, _("Issued")),
        (RECEIVED, _("Receipt returned")),
        (RECTIFIED, _("Rectification reported")),
        (CLOSED, _("Re-inspected and closed")),
        (OVERDUE, _("Overdue")),
        (ESCALATED, _("Escalated")),
        (CANCELLED, _("Withdrawn")),
    ),
    _table(
        move("issue", _("Issue the notice"), [(DRAFT, ISSUED)], ISSUE_NOTICE, {CENTER}),
        move("cancel", _("Withdraw the draft"), [(DRAFT, CANCELLED)], ISSUE_NOTICE, {CENTER}),
        # A receipt returned after the deadline leaves the notice overdue (or escalated).
        move("receipt", _("Record the receipt (回执)"),
             [(ISSUED, RECEIVED), (OVERDUE, SAME), (ESCALATED, SAME)], RESPOND_NOTICE, {RESPONSIBLE, CENTER}),
        move("rectified", _("Report the rectification"),
             [(RECEIVED, RECTIFIED), (OVERDUE, RECTIFIED), (ESCALATED, RECTIFIED)], RESPOND_NOTICE, {RESPONSIBLE, CENTER}),
        move("reinspect_pass", _("Re-inspect: passed, close"), [(RECTIFIED, CLOSED)], ISSUE_NOTICE, {CENTER}),
        move("reinspect_fail", _("Re-inspect: not passed"), [(RECTIFIED, RECEIVED)], ISSUE_NOTICE, {CENTER}),
        move("overdue", _("Mark overdue"), [(ISSUED, OVERDUE), (RECEIVED, OVERDUE)], ISSUE_NOTICE, {CENTER, SYSTEM}),
        move("escalate", _("Escalate"), [(OVERDUE, ESCALATED)], ISSUE_NOTICE, {CENTER, SYSTEM}),
        move("urge", _("Urge"), [(s, SAME) for s in (ISSUED, RECEIVED, OVERDUE, ESCALATED)], ISSUE_NOTICE, {CENTER, COUNTY, SYSTEM}),
    ),
)

# --- joint meetings (联席会议) ---------------------------------------------------------------------

PLANNED, HELD = "planned", "held"  # CLOSED and CANCELLED as above
RUN_MEETING = "institutions.run_jointmeeting"

MEETING_FLOW = Flow(
    "meeting",
    ((PLANNED, _("Planned")), (HELD, _("Held")), (CLOSED, _("Minutes closed")), (CANCELLED, _("Cancelled"))),
    _table(
        move("agenda", _("Propose the agenda from the records"), [(PLANNED, SAME), (HELD, SAME)], RUN_MEETING, {CENTER}),
        move("hold", _("Record that the meeting was held"), [(PLANNED, HELD)], RUN_MEETING, {CENTER}),
        move("attendance", _("Record attendance"), [(PLANNED, SAME), (HELD, SAME)], RUN_MEETING, {CENTER}),
        move("minutes", _("Write the minutes"), [(HELD, SAME)], RUN_MEETING, {CENTER}),
        move("decision", _("Add a decision"), [(HELD, SAME)], RUN_MEETING, {CENTER}),
        move("close", _("Close the minutes"), [(HELD, CLOSED)], RUN_MEETING, {CENTER}),
        move("cancel", _("Cancel the meeting"), [(PLANNED, CANCELLED)], RUN_MEETING, {CENTER}),
    ),
)

# --- meeting tasks (会议交办事项) ------------------------------------------------------------------

ASSIGNED, IN_PROGRESS, REPORTED, DONE = "assigned", "in_progress", "reported", "done"
TASK_OPEN = frozenset({ASSIGNED, IN_PROGRESS, REPORTED})
TASK_PENDING = frozenset({ASSIGNED, IN_PROGRESS})  # the owner still has work to do: urged when late
HANDLE_TASK = "institutions.handle_meetingtask"
SUPERVISE_TASK = "institutions.supervise_meetingtask"

TASK_FLOW = Flow(
    "task",
    (
        (ASSIGNED, _("Assigned")),
        (IN_PROGRESS, _("In progress")),
        (REPORTED, _("Completion reported")),
        (DONE, _("Done")),
        (CANCELLED, _("Cancelled")),
    ),
    _table(
        move("start", _("Sign for and start"), [(ASSIGNED, IN_PROGRESS)], HANDLE_TASK, {RESPONSIBLE, CENTER}),
        move("report", _("Report completion"), [(ASSIGNED, REPORTED), (IN_PROGRESS, REPORTED)], HANDLE_TASK, {RESPONSIBLE, CENTER}),
        move("confirm", _("Confirm done"), [(REPORTED, DONE)], SUPERVISE_TASK, {CENTER}),
        move("reject", _("Not done: send back"), [(REPORTED, IN_PROGRESS)], SUPERVISE_TASK, {CENTER}),
        move("urge", _("Urge"), [(ASSIGNED, SAME), (IN_PROGRESS, SAME)], SUPERVISE_TASK, {CENTER, COUNTY, SYSTEM}),
        move("extend", _("Extend the deadline"), [(ASSIGNED, SAME), (IN_PROGRESS, SAME)], SUPERVISE_TASK, {CENTER}),
        move("cancel", _("Cancel the task"), [(ASSIGNED, CANCELLED), (IN_PROGRESS, CANCELLED)], SUPERVISE_TASK, {CENTER}),
    ),
)

# --- assessments (考核) ----------------------------------------------------------------------------

COMPUTED, PUBLISHED = "computed", "published"
RUN_ASSESSMENT = "institutions.run_assessment"

ASSESSMENT_FLOW = Flow(
    "assessment",
    ((DRAFT, _("Draft")), (COMPUTED, _("Computed")), (PUBLISHED, _("Published"))),
    _table(
        move("compute", _("Compute from the records"), [(DRAFT, COMPUTED), (COMPUTED, SAME)], RUN_ASSESSMENT, {OWNER}),
        move("scores", _("Enter inspection scores"), [(DRAFT, SAME), (COMPUTED, SAME)], RUN_ASSESSMENT, {OWNER}),
        move("weights", _("Edit the weights"), [(DRAFT, SAME), (COMPUTED, SAME)], RUN_ASSESSMENT, {OWNER}),
        move("publish", _("Publish the results"), [(COMPUTED, PUBLISHED)], RUN_ASSESSMENT, {OWNER}),
    ),
)

FLOWS = {flow.name: flow for flow in (NOTICE_FLOW, MEETING_FLOW, TASK_FLOW, ASSESSMENT_FLOW)}
