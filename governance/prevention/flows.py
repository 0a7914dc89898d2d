"""The lifecycles of the 群防群治 teams and the patrol log, as data (governance.flow.table). Pure.

A team is active, suspended (e.g. out of season, leader missing) or dissolved (terminal): the
status says whether the team is counted in the network and may be sent on patrols, and each change
is a decision of the center that the timeline keeps (who, when, why), so it is a lifecycle.
A patrol record is recorded by the center's staff and reviewed by the center (or sent back).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.flow.table import CENTER, Flow, MoveNotAllowed, move, table  # noqa: F401 (raised by the services)

ACTIVE, SUSPENDED, DISSOLVED = "active", "suspended", "dissolved"
MANAGE_TEAM = "prevention.manage_team"

TEAM_FLOW = Flow(
    "team",
    ((ACTIVE, _("Active")), (SUSPENDED, _("Suspended")), (DISSOLVED, _("Dissolved"))),
    table(
        move("suspend", _("Suspend the team"), [(ACTIVE, SUSPENDED)], MANAGE_TEAM, {CENTER}, requires=("reason",)),
        move("resume", _("Resume the team"), [(SUSPENDED, ACTIVE)], MANAGE_TEAM, {CENTER}),
        move("dissolve", _("Dissolve the team"), [(ACTIVE, DISSOLVED), (SUSPENDED, DISSOLVED)], MANAGE_TEAM, {CENTER}, requires=("reason",)),
    ),
)

RECORDED, REVIEWED, RETURNED = "recorded", "reviewed", "returned"
REVIEW_PATROL = "prevention.review_patrol"
RECORD_PATROL = "prevention.add_patrol"

PATROL_FLOW = Flow(
    "patrol",
    ((RECORDED, _("Recorded")), (REVIEWED, _("Reviewed")), (RETURNED, _("Returned for correction"))),
    table(
        move("review", _("Review and confirm"), [(RECORDED, REVIEWED)], REVIEW_PATROL, {CENTER}),
        move("return", _("Return for correction"), [(RECORDED, RETURNED)], REVIEW_PATROL, {CENTER}, requires=("reason",)),
        move("resubmit", _("Submit again"), [(RETURNED, RECORDED)], RECORD_PATROL, {CENTER}),
    ),
)

# The notes on a team's or a patrol's timeline (events that move nothing), by name.
NOTE_LABELS = {
    "member_add": pgettext_lazy("prevention timeline", "Member added"),
    "member_leave": pgettext_lazy("prevention timeline", "Member left the team"),
    "reveal": pgettext_lazy("prevention timeline", "Personal data revealed"),
    "finding": pgettext_lazy("prevention timeline", "Finding recorded"),
    "finding_case": pgettext_lazy("prevention timeline", "Finding registered as a case"),
    "import": pgettext_lazy("prevention timeline", "Imported from a register"),
}
