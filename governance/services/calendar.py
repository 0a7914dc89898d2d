"""Changes to the holiday calendar: provisional deadlines are recomputed once the year is entered."""

from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.models import OPEN_STATUSES, Case
from governance.services.case_deadlines import recompute_due_date
from governance.services.case_lifecycle import CASE


def recompute_provisional_deadlines(actor=None):
    """Recompute every open case whose deadline was provisional (one batch through the engine, as
    the system's consequence of `actor`'s calendar change); returns how many changed."""
    calendar = load_work_calendar()

    def prepare(cases):
        steps = {}
        for case in cases:
            before = (case.due_date, case.due_provisional)
            recompute_due_date(case, calendar)
            if (case.due_date, case.due_provisional) != before:
                data = {"before": str(before[0]), "after": str(case.due_date), "provisional": case.due_provisional}
                steps[case.pk] = engine.Step(fields=("due_date", "due_provisional", "warn_on"), data=data)
        return steps

    pks = Case.objects.filter(due_provisional=True, status__in=OPEN_STATUSES).values_list("pk", flat=True)
    moved = engine.perform_batch(
        CASE, list(pks), "recompute_deadline", actor, prepare=prepare, related=("deadline_rule",), as_system=True, live_reason="deadline"
    )
    return len(moved)
