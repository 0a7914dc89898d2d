"""Changes to the holiday calendar: provisional deadlines are recomputed once the year is entered."""

from django.db.models import Q

from governance import workflow
from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.models import OPEN_STATUSES, Case
from governance.services.case_deadlines import ACCEPTANCE_FIELDS, recompute_acceptance_due, recompute_due_date
from governance.services.case_lifecycle import CASE


def recompute_provisional_deadlines(actor=None):
    """Recompute every open case whose handling deadline, or (while undecided) acceptance deadline,
    was provisional: one batch through the engine, as the system's consequence of `actor`'s calendar
    change. Returns how many changed."""
    calendar = load_work_calendar()

    def prepare(cases):
        steps = {}
        for case in cases:
            before = (case.due_date, case.due_provisional, case.acceptance_due, case.acceptance_provisional)
            fields = []
            if case.due_provisional:
                recompute_due_date(case, calendar)
                fields += ["due_date", "due_provisional", "warn_on"]
            if case.acceptance_provisional and case.status == workflow.REGISTERED:
                recompute_acceptance_due(case, calendar)
                fields += ACCEPTANCE_FIELDS
            after = (case.due_date, case.due_provisional, case.acceptance_due, case.acceptance_provisional)
            if after != before:
                undecided = case.status == workflow.REGISTERED
                data = {
                    "before": str(before[2] if undecided else before[0]),
                    "after": str(case.acceptance_due if undecided else case.due_date),
                    "provisional": case.acceptance_provisional if undecided else case.due_provisional,
                }
                steps[case.pk] = engine.Step(fields=tuple(fields), data=data)
        return steps

    undecided = Q(acceptance_provisional=True, status=workflow.REGISTERED)
    pks = Case.objects.filter(Q(due_provisional=True) | undecided, status__in=OPEN_STATUSES).values_list("pk", flat=True)
    moved = engine.perform_batch(
        CASE, list(pks), "recompute_deadline", actor, prepare=prepare, related=("deadline_rule",), as_system=True, live_reason="deadline"
    )
    return len(moved)
