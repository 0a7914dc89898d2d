"""The urge sweep: safe to run every few minutes; running it twice sends nothing twice.

One batch through the engine (governance.flow.engine.perform_batch): the cases due soon or overdue
are locked chunk by chunk, those already urged at this level for this deadline are left out (under
the lock, so two sweeps at once urge each case once), and the urges, delay-report requests,
timeline entries and notifications are written with one INSERT per table and chunk. The lobby and
the public cache hear of it once per center.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy

from governance import workflow
from governance.flow import engine
from governance.models import OPEN_STATUSES, Case, CaseOrder, DelayReport
from governance.rules.deadlines import warn_after
from governance.services import clock
from governance.services.case_lifecycle import CASE
from governance.services.case_orders import urge_message, urge_recipients

LOOK_AHEAD_DAYS = 60  # no case turns yellow further ahead than this


@dataclass
class SweepResult:
    due_soon: int = 0
    overdue: int = 0


def urge_level(due, yellow_days, today):
    """The automatic urge a handling deadline calls for today, or None."""
    if due < today:
        return CaseOrder.Level.OVERDUE
    if due <= warn_after(today, yellow_days):
        return CaseOrder.Level.DUE_SOON
    return None


def acceptance_level(due, warn_on, today):
    """The automatic urge an undecided case's acceptance deadline (受理告知) calls for, or None."""
    if due < today:
        return CaseOrder.Level.ACCEPTANCE_OVERDUE
    if warn_on is not None and warn_on <= today:
        return CaseOrder.Level.ACCEPTANCE_DUE_SOON
    return None


def _level(case, today):
    if case.status == workflow.REGISTERED:
        return (acceptance_level(case.acceptance_due, case.acceptance_warn_on, today), case.acceptance_due) if case.acceptance_due else (None, None)
    if case.due_date is None or case.status == workflow.SUSPENDED:
        return None, None
    return urge_level(case.due_date, case.yellow_days, today), case.due_date


_TEXTS = {
    CaseOrder.Level.OVERDUE: gettext_lazy("Case %(code)s is overdue (deadline %(due)s). File a delay report and tell the party."),
    CaseOrder.Level.DUE_SOON: gettext_lazy("Case %(code)s is due on %(due)s."),
    CaseOrder.Level.ACCEPTANCE_OVERDUE: gettext_lazy("The written notice of acceptance or not for case %(code)s was due on %(due)s."),
    CaseOrder.Level.ACCEPTANCE_DUE_SOON: gettext_lazy("The written notice of acceptance or not for case %(code)s is due on %(due)s."),
}


def _text(level, case, due):
    return str(_TEXTS[level]) % {"code": case.code, "due": due}


def run_urge_sweep(today=None):
    """Urge every open case that is due soon or overdue, once per level and deadline."""
    today = today or clock.today()
    result = SweepResult()
    horizon = warn_after(today, LOOK_AHEAD_DAYS)
    handling = (
        Case.objects.filter(status__in=OPEN_STATUSES, due_date__isnull=False, due_date__lte=horizon)
        .exclude(status__in=(workflow.SUSPENDED, workflow.REGISTERED))
        .values_list("pk", "due_date", "yellow_days")
    )
    pks = [pk for pk, due, yellow in handling.iterator() if urge_level(due, yellow, today)]
    undecided = Case.objects.filter(status=workflow.REGISTERED, acceptance_due__isnull=False, acceptance_due__lte=horizon)
    pks += [
        pk for pk, due, warn in undecided.values_list("pk", "acceptance_due", "acceptance_warn_on").iterator() if acceptance_level(due, warn, today)
    ]
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
            level, due = _level(case, today)
            if level is None or (case.pk, level, due) in done:
                continue
            text = _text(level, case, due)
            rows = [CaseOrder(case=case, kind=CaseOrder.Kind.URGE, level=level, department_id=case.lead_department_id, text=text, due_date=due)]
            if level == CaseOrder.Level.OVERDUE and case.lead_department_id and (case.pk, case.due_date) not in reported:
                rows.append(DelayReport(case=case, due_date=case.due_date, department_id=case.lead_department_id))
            key = (case.center_id, case.lead_department_id)
            if key not in recipients:
                recipients[key] = urge_recipients(*key)
            steps[case.pk] = engine.Step(rows=rows, reason=text, data={"level": level}, messages=[urge_message(case, text, recipients[key])])
            if level in (CaseOrder.Level.OVERDUE, CaseOrder.Level.ACCEPTANCE_OVERDUE):
                result.overdue += 1
            else:
                result.due_soon += 1
        return steps

    engine.perform_batch(CASE, pks, "urge", None, prepare=prepare)
    return result
