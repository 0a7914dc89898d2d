"""The lifecycles of the unit registry and of the center's unit checks, as data (governance.flow.table). Pure.

A unit is active or closed (moved away, shut down): closing is a decision of the center that the
timeline keeps, and a closed unit is no longer checked. A unit check is drafted while the inspectors
fill in the checklist, then completed (its results are final and its non-compliant items may become
rectification notices) or cancelled.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.flow.table import CENTER, Flow, MoveNotAllowed, move, table  # noqa: F401 (raised by the services)

ACTIVE, CLOSED = "active", "closed"
MANAGE_UNIT = "units.manage_unit"

UNIT_FLOW = Flow(
    "unit",
    ((ACTIVE, pgettext_lazy("unit status", "Active")), (CLOSED, pgettext_lazy("unit status", "Closed"))),
    table(
        move("close", _("Close the unit"), [(ACTIVE, CLOSED)], MANAGE_UNIT, {CENTER}, requires=("reason",)),
        move("reopen", _("Reopen the unit"), [(CLOSED, ACTIVE)], MANAGE_UNIT, {CENTER}),
    ),
)

DRAFT, COMPLETED, CANCELLED = "draft", "completed", "cancelled"
CHANGE_CHECK = "units.change_unitcheck"
ADD_CHECK = "units.add_unitcheck"

CHECK_FLOW = Flow(
    "unitcheck",
    (
        (DRAFT, pgettext_lazy("unit check status", "Draft")),
        (COMPLETED, pgettext_lazy("unit check status", "Completed")),
        (CANCELLED, pgettext_lazy("unit check status", "Cancelled")),
    ),
    table(
        move("complete", _("Complete the check"), [(DRAFT, COMPLETED)], CHANGE_CHECK, {CENTER}),
        move("cancel", _("Cancel the check"), [(DRAFT, CANCELLED)], CHANGE_CHECK, {CENTER}, requires=("reason",)),
    ),
)

# The notes on a unit's or a check's timeline (events that move nothing), by name.
NOTE_LABELS = {
    "reveal": pgettext_lazy("units timeline", "Personal data revealed"),
    "results": pgettext_lazy("units timeline", "Checklist results recorded"),
    "notice": pgettext_lazy("units timeline", "Finding turned into a rectification notice"),
}
