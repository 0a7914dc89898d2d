"""The lifecycles of incidents, key work items and their tasks, as data (governance.flow.table). Pure.

An incident (群体性事件 or its early sign, 苗头) is handled, stabilised and reported at the same time
(边处理、边稳控、边报告): while it is open or under control, every action (处置), every deployment of
the center's people and departments (调配) and every report upward (上报) is a side move (SAME) that
writes its log entry and its timeline row. Open → under control (稳控) → closed with a closing report;
an opened record that proves unfounded is cancelled with a reason; control may be lost again.

A key work item (阶段性重点工作) is deployed and then completed or cancelled; its tasks belong to
departments, which start them, report progress and completion; the center confirms or sends back.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.flow.table import CENTER, RESPONSIBLE, SAME, Flow, move, table

OPEN, CONTROLLED, CLOSED, CANCELLED = "open", "controlled", "closed", "cancelled"
ACTIVE_STATES = frozenset({OPEN, CONTROLLED})
HANDLE = "incidents.handle_incident"
CLOSE = "incidents.close_incident"

# The log's kinds: each is a side move of its own, so the timeline names it.
LOG_MOVES = {"log_action": "action", "log_deploy": "deploy", "log_report": "report"}

INCIDENT_FLOW = Flow(
    "incident",
    ((OPEN, _("Being handled")), (CONTROLLED, _("Under control")), (CLOSED, _("Closed")), (CANCELLED, _("Cancelled"))),
    table(
        move("log_action", _("Record an action"), [(OPEN, SAME), (CONTROLLED, SAME)], HANDLE, {CENTER}),
        move("log_deploy", _("Record a deployment"), [(OPEN, SAME), (CONTROLLED, SAME)], HANDLE, {CENTER}),
        move("log_report", _("Record a report upward"), [(OPEN, SAME), (CONTROLLED, SAME)], HANDLE, {CENTER}),
        move("person_add", _("Add a person involved"), [(OPEN, SAME), (CONTROLLED, SAME)], HANDLE, {CENTER}),
        move("control", _("Mark as under control"), [(OPEN, CONTROLLED)], HANDLE, {CENTER}, requires=("reason",)),
        move("relapse", _("Control lost again"), [(CONTROLLED, OPEN)], HANDLE, {CENTER}, requires=("reason",)),
        move("close", _("Close with the closing report"), [(CONTROLLED, CLOSED), (OPEN, CLOSED)], CLOSE, {CENTER}),
        move("cancel", _("Cancel (unfounded)"), [(OPEN, CANCELLED)], CLOSE, {CENTER}, requires=("reason",)),
    ),
)

DEPLOYED, COMPLETED = "deployed", "completed"  # CANCELLED as above
SUPERVISE_TASK = "incidents.supervise_keyworktask"
MANAGE_KEYWORK = "incidents.manage_keywork"
CHANGE_KEYWORK = "incidents.change_keywork"

KEYWORK_FLOW = Flow(
    "keywork",
    ((DEPLOYED, _("Under way")), (COMPLETED, _("Completed")), (CANCELLED, _("Cancelled"))),
    table(
        move("progress", _("Update the progress summary"), [(DEPLOYED, SAME)], CHANGE_KEYWORK, {CENTER}, requires=("reason",)),
        move("task_add", _("Assign a task"), [(DEPLOYED, SAME)], SUPERVISE_TASK, {CENTER}),
        move("complete", _("Complete the key work"), [(DEPLOYED, COMPLETED)], MANAGE_KEYWORK, {CENTER}, requires=("reason",)),
        move("cancel", _("Cancel the key work"), [(DEPLOYED, CANCELLED)], MANAGE_KEYWORK, {CENTER}, requires=("reason",)),
    ),
)

ASSIGNED, IN_PROGRESS, REPORTED, DONE = "assigned", "in_progress", "reported", "done"
TASK_OPEN = frozenset({ASSIGNED, IN_PROGRESS, REPORTED})
HANDLE_TASK = "incidents.handle_keyworktask"

TASK_FLOW = Flow(
    "keywork_task",
    (
        (ASSIGNED, _("Assigned")),
        (IN_PROGRESS, _("In progress")),
        (REPORTED, _("Completion reported")),
        (DONE, _("Done")),
        (CANCELLED, _("Cancelled")),
    ),
    table(
        move(
            "progress", _("Report progress"), [(ASSIGNED, IN_PROGRESS), (IN_PROGRESS, SAME)], HANDLE_TASK, {RESPONSIBLE, CENTER}, requires=("reason",)
        ),
        move(
            "report",
            _("Report completion"),
            [(ASSIGNED, REPORTED), (IN_PROGRESS, REPORTED)],
            HANDLE_TASK,
            {RESPONSIBLE, CENTER},
            requires=("reason",),
        ),
        move("confirm", _("Confirm done"), [(REPORTED, DONE)], SUPERVISE_TASK, {CENTER}),
        move("reject", _("Not done: send back"), [(REPORTED, IN_PROGRESS)], SUPERVISE_TASK, {CENTER}, requires=("reason",)),
        move("cancel", _("Cancel the task"), [(ASSIGNED, CANCELLED), (IN_PROGRESS, CANCELLED)], SUPERVISE_TASK, {CENTER}, requires=("reason",)),
    ),
)

# Side moves drawn on the record's page as forms of their own, not as buttons.
FORM_MOVES = frozenset({"person_add", "task_add"})

# The notes on these records' timelines (events that move nothing), by name.
NOTE_LABELS = {"reveal": pgettext_lazy("incident timeline", "Personal data revealed")}
