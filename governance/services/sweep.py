"""The urge sweep: safe to run every few minutes; running it twice sends nothing twice."""

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.models import Case, CaseOrder, OPEN_STATUSES
from governance.services.cases import case_urge


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0


def run_urge_sweep(today=None):
    """Urge every open case that is due soon or overdue, once per level and deadline."""
    today = today or timezone.localdate()
    result = SweepResult()
    candidates = (
        Case.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False)
        .exclude(status="suspended")
        .filter(due_date__lte=today + timedelta(days=60))
        .values("pk", "due_date", "yellow_days", "code")
    )
    for row in candidates.iterator():
        due = row["due_date"]
        if due < today:
            level = CaseOrder.Level.OVERDUE
        elif due <= today + timedelta(days=row["yellow_days"]):
            level = CaseOrder.Level.DUE_SOON
        else:
            continue
        if CaseOrder.objects.filter(case_id=row["pk"], kind=CaseOrder.Kind.URGE, level=level, due_date=due).exists():
            continue
        text = (
            _("Case %(code)s is overdue (deadline %(due)s). File a delay report and tell the party.")
            if level == CaseOrder.Level.OVERDUE
            else _("Case %(code)s is due on %(due)s.")
        ) % {"code": row["code"], "due": due}
        try:
            case_urge(row["pk"], None, text=text, level=level)
        except IntegrityError:  # a concurrent sweep urged it first
            continue
        if level == CaseOrder.Level.OVERDUE:
            result.overdue += 1
        else:
            result.due_soon += 1
    return result
