"""The lifecycle of a situation analysis, as data (governance.flow.table). Pure: no ORM.

draft → submitted → approved. Center staff generate the draft from the records, edit its text
and opinions, put it on a joint meeting's agenda and submit it; the director (the holder of
`approve_situationanalysis`) approves it or sends it back to draft with a reason. On approval
the opinions become tasks of the meeting (governance.analysis.services).
"""

from django.utils.translation import gettext_lazy as _

from governance.flow.table import CENTER, SAME, Flow, move
from governance.flow.table import table as _table

DRAFT, SUBMITTED, APPROVED = "draft", "submitted", "approved"
EDITABLE_STATES = frozenset({DRAFT})

ADD = "analysis.add_situationanalysis"
CHANGE = "analysis.change_situationanalysis"
APPROVE = "analysis.approve_situationanalysis"
VIEW = "analysis.view_situationanalysis"

ANALYSIS_FLOW = Flow(
    "analysis",
    ((DRAFT, _("Draft")), (SUBMITTED, _("Awaiting approval")), (APPROVED, _("Approved"))),
    _table(
        move("regenerate", _("Regenerate the figures"), [(DRAFT, SAME)], CHANGE, {CENTER}),
        move("attach", _("Put on a joint meeting's agenda"), [(DRAFT, SAME), (SUBMITTED, SAME)], CHANGE, {CENTER}),
        move("submit", _("Submit for approval"), [(DRAFT, SUBMITTED)], CHANGE, {CENTER}),
        move("return", _("Send back to draft"), [(SUBMITTED, DRAFT)], APPROVE, {CENTER}, requires=("reason",)),
        move("approve", _("Approve the analysis"), [(SUBMITTED, APPROVED)], APPROVE, {CENTER}),
    ),
)
