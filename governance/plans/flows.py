"""The lifecycles of the community prevention plans, their milestones and the technical prevention
points, as data (governance.flow.table). Pure.

A plan (one per village and year) is drafted by the center's staff, submitted, and approved by the
director or returned for correction. Its milestones are tasks with an owner (the village's
workstation or a department): the owner reports progress and, when the work is done, reports it
done; the center confirms it or sends it back. A technical prevention point (a camera, an alarm…)
is working, faulty or removed (terminal); each change and each check is on its timeline.
"""

from django.utils.translation import gettext_lazy as _

from governance.flow.table import CENTER, RESPONSIBLE, SAME, Flow, MoveNotAllowed, move, table  # noqa: F401 (raised by the services)

DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"
EDIT_PLAN = "plans.change_communityplan"
APPROVE_PLAN = "plans.approve_communityplan"

PLAN_FLOW = Flow(
    "plan",
    ((DRAFT, _("Draft")), (SUBMITTED, _("Submitted")), (APPROVED, _("Approved")), (RETURNED, _("Returned for correction"))),
    table(
        move("submit", _("Submit for approval"), [(DRAFT, SUBMITTED), (RETURNED, SUBMITTED)], EDIT_PLAN, {CENTER}),
        move("approve", _("Approve the plan"), [(SUBMITTED, APPROVED)], APPROVE_PLAN, {CENTER}),
        move("return", _("Return for correction"), [(SUBMITTED, RETURNED)], APPROVE_PLAN, {CENTER}, requires=("reason",)),
    ),
)
EDITABLE_PLAN = (DRAFT, RETURNED)

OPEN, REPORTED, CONFIRMED, SENT_BACK = "open", "reported", "confirmed", "sent_back"
REPORT_MILESTONE = "plans.report_milestone"
CONFIRM_MILESTONE = "plans.confirm_milestone"

MILESTONE_FLOW = Flow(
    "milestone",
    ((OPEN, _("Open")), (REPORTED, _("Reported done")), (CONFIRMED, _("Confirmed")), (SENT_BACK, _("Sent back"))),
    table(
        move("progress", _("Report progress"), [(OPEN, SAME), (SENT_BACK, SAME)], REPORT_MILESTONE, {RESPONSIBLE, CENTER}, requires=("reason",)),
        move("report", _("Report done"), [(OPEN, REPORTED), (SENT_BACK, REPORTED)], REPORT_MILESTONE, {RESPONSIBLE, CENTER}),
        move("confirm", _("Confirm done"), [(REPORTED, CONFIRMED)], CONFIRM_MILESTONE, {CENTER}),
        move("send_back", _("Send back"), [(REPORTED, SENT_BACK)], CONFIRM_MILESTONE, {CENTER}, requires=("reason",)),
    ),
)

WORKING, FAULTY, REMOVED = "working", "faulty", "removed"
MANAGE_POINT = "plans.manage_techpoint"

POINT_FLOW = Flow(
    "techpoint",
    ((WORKING, _("Working")), (FAULTY, _("Faulty")), (REMOVED, _("Removed"))),
    table(
        move("check", _("Record a check"), [(WORKING, SAME), (FAULTY, SAME)], MANAGE_POINT, {CENTER}),
        move("fault", _("Report a fault"), [(WORKING, FAULTY)], MANAGE_POINT, {CENTER}, requires=("reason",)),
        move("repair", _("Repaired"), [(FAULTY, WORKING)], MANAGE_POINT, {CENTER}),
        move("remove", _("Remove the point"), [(WORKING, REMOVED), (FAULTY, REMOVED)], MANAGE_POINT, {CENTER}, requires=("reason",)),
    ),
)
