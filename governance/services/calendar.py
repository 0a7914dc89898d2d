"""Changes to the holiday calendar: provisional deadlines are recomputed once the year is entered."""

from django.db import transaction

from governance import live
from governance.calendar import load_work_calendar
from governance.models import Case, CaseEvent, OPEN_STATUSES
from governance.services.cases import recompute_due_date


@transaction.atomic
def recompute_provisional_deadlines(actor=None):
    """Recompute every open case whose deadline was provisional; returns how many changed."""
    calendar = load_work_calendar()
    changed = 0
    centers = set()
    cases = Case.objects.select_for_update(of=("self",)).filter(due_provisional=True, status__in=OPEN_STATUSES).select_related("deadline_rule")
    for case in cases:
        before = (case.due_date, case.due_provisional)
        recompute_due_date(case, calendar)
        if (case.due_date, case.due_provisional) == before:
            continue
        case.version += 1
        case.save(update_fields=["due_date", "due_provisional", "warn_on", "version", "updated_at"])
        CaseEvent.objects.create(
            case=case,
            action="recompute_deadline",
            actor=actor,
            from_status=case.status,
            to_status=case.status,
            data={"before": str(before[0]), "after": str(case.due_date), "provisional": case.due_provisional},
        )
        centers.add(case.center_id)
        changed += 1
    for center_id in centers:
        live.schedule_center_refresh(center_id, "deadline")
    return changed
