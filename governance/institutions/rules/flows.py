"""The lifecycles of notices, meetings, meeting tasks and assessments, as data (governance.flow.table).

Pure: no ORM. Each flow is a table of moves; a move lists its edges (from → to; `SAME` keeps the
state), the permission it needs ("app_label.codename") and who may take it, as relations of the
actor to the record. The engine asks `Flow.check` before every change; the admin pages draw their
buttons from `Flow.available`, so a button is never shown for a move the engine would refuse.
"""

from django.utils.translation import gettext_lazy as _

from governance.flow.table import (  # noqa: F401 (the relations and errors these tables speak of)
    CENTER,
    COUNTY,
    OWNER,
    RESPONSIBLE,
    SAME,
    SYSTEM,
    Flow,
    Move,
    MoveNotAllowed,
    move,
)
from governance.flow.table import table as _table

# --- rectification notices (整改通知书) ------------------------------------------------------------

DRAFT, ISSUED, RECEIVED, RECTIFIED, CLOSED, OVERDUE, ESCALATED, CANCELLED = (
    "draft",
    "issued",
    "received",
    "rectified",
    "closed",
    "overdue",
    "escalated",
    "cancelled",
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
        move(
            "receipt", _("Record the receipt (回执)"), [(ISSUED, RECEIVED), (OVERDUE, SAME), (ESCALATED, SAME)], RESPOND_NOTICE, {RESPONSIBLE, CENTER}
        ),
        move(
            "rectified",
            _("Report the rectification"),
            [(RECEIVED, RECTIFIED), (OVERDUE, RECTIFIED), (ESCALATED, RECTIFIED)],
            RESPOND_NOTICE,
            {RESPONSIBLE, CENTER},
        ),
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
