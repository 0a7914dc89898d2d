"""The case's lifecycle as the engine knows it: its table (governance.workflow), how a user stands
to a case (governance.access) and its timeline (CaseEvent)."""

from governance import access
from governance.flow.engine import Lifecycle
from governance.models import Case
from governance.workflow import CASE_FLOW

CASE = Lifecycle(
    model=Case,
    flow=CASE_FLOW,
    relations=access.relations_to,
    subject="case",
    live_reason="case",
    permissions=access.lifecycle_permissions,
    case_timeline=True,
    watched=(
        "status",
        "category",
        "tier",
        "risk",
        "summary",
        "place",
        "people_count",
        "workstation",
        "responsible_person",
        "is_private",
        "publishable",
        "lead_department",
        "due_date",
        "outcome",
        "outcome_note",
        "fed_back_on",
        "archive_number",
    ),
)
