"""The urge sweep: safe to run every few minutes; running it twice sends nothing twice.

One batch through the engine (governance.flow.engine.perform_batch): the cases due soon or overdue
are locked chunk by chunk, those already urged at this level for this deadline are left out (under
the lock, so two sweeps at once urge each case once), and the urges, delay-report requests,
timeline entries and notifications are written with one INSERT per table and chunk. The lobby and
the public cache hear of it once per center.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from governance import workflow
from governance.flow import engine
from governance.models import OPEN_STATUSES, Case, CaseOrder, DelayReport
from governance.services import clock
from governance.services.case_lifecycle import CASE
from governance.services.cases import urge_message, urge_recipients

LOOK_AHEAD_DAYS = 60  # no case turns yellow further ahead than this


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0


def urge_level(due, yellow_days, today):
    """The automatic urge a deadline calls for today, or None."""
    if due < today:
        return CaseOrder.Level.OVERDUE
    if due <= today + timedelta(days=yellow_days):
        return CaseOrder.Level.DUE_SOON
    return None


def _text(level, case):
    if level == CaseOrder.Level.OVERDUE:
        text = _("Case %(code)s is overdue (deadline %(due)s). File a delay report and tell the party.")
    else:
        text = _("Case %(code)s is due on %(due)s.")
    return text % {"code": case.code, "due": case.due_date}


def run_urge_sweep(today=None):
    """Urge every open case that is due soon or overdue, once per level and deadline."""
    today = today or clock.today()
    result = SweepResult()
    candidates = (
        Case.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False, due_date__lte=today + timedelta(days=LOOK_AHEAD_DAYS))
        .exclude(status=workflow.SUSPENDED)
        .values_list("pk", "due_date", "yellow_days")
    )
    pks = [pk for pk, due, yellow in candidates.iterator() if urge_level(due, yellow, today)]
    recipients = {}  # (center, department) -> users, looked up once per sweep

    def prepare(cases):
        done = set(
            CaseOrder.objects.filter(case_id__in=[c.pk for c in cases], kind=CaseOrder.Kind.URGE)
            .exclude(level=CaseOrder.Level.MANUAL)
            .values_list("case_id", "level", "due_date")
        )
        reported = set(DelayReport.objects.filter(case_id__in=[c.pk for c in cases]).values_list("case_id", "due_date"))
        steps = {}
        for case in cases:
            level = urge_level(case.due_date, case.yellow_days, today) if case.due_date and case.status != workflow.SUSPENDED else None
            if level is None or (case.pk, level, case.due_date) in done:
                continue
            text = _text(level, case)
            rows = [
                CaseOrder(case=case, kind=CaseOrder.Kind.URGE, level=level, department_id=case.lead_department_id, text=text, due_date=case.due_date)
            ]
            if level == CaseOrder.Level.OVERDUE and case.lead_department_id and (case.pk, case.due_date) not in reported:
                rows.append(DelayReport(case=case, due_date=case.due_date, department_id=case.lead_department_id))
            key = (case.center_id, case.lead_department_id)
            if key not in recipients:
                recipients[key] = urge_recipients(*key)
            steps[case.pk] = engine.Step(rows=rows, reason=text, data={"level": level}, messages=[urge_message(case, text, recipients[key])])
            if level == CaseOrder.Level.OVERDUE:
                result.overdue += 1
            else:
                result.due_soon += 1
        return steps

    engine.perform_batch(CASE, pks, "urge", None, prepare=prepare)
    return result
