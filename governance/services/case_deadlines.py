"""Which deadline rule applies to a case, and the case's deadline from it (through the one period
function, governance.rules.deadlines.compute_deadline)."""

from datetime import timedelta

from governance.calendar import load_work_calendar
from governance.models import DeadlineRule, DeadlineStage
from governance.rules.deadlines import compute_deadline, warn_from
from governance.services import clock


def find_rule(stage, case):
    """The most specific active rule for the stage that matches the case, or None."""
    candidates = DeadlineRule.objects.filter(stage=stage, is_active=True)
    best = None
    for rule in candidates:
        if rule.case_kind and rule.case_kind != case.kind:
            continue
        if rule.petition_kind_id and rule.petition_kind_id != case.petition_kind_id:
            continue
        if rule.tier_id and rule.tier_id != case.tier_id:
            continue
        if rule.center_id and rule.center_id != case.center_id:
            continue
        if rule.mediation_type_id:
            continue
        if best is None or rule.specificity > best.specificity:
            best = rule
    return best


def _pauses(case):
    """Suspensions as (first, last suspended day); a suspension is recorded with the day work
    resumed, which is not itself suspended. Suspended and resumed on the same day: no pause."""
    pauses = []
    for suspension in case.suspensions.all():
        if suspension.ended_on is None:
            pauses.append((suspension.started_on, None))
        elif suspension.ended_on > suspension.started_on:
            pauses.append((suspension.started_on, suspension.ended_on - timedelta(days=1)))
    return pauses


def recompute_due_date(case, calendar=None):
    """Set due_date/due_provisional from the rule, the start date, pauses and extensions."""
    calendar = calendar or load_work_calendar()
    if case.deadline_rule_id is None or case.routed_on is None:
        return
    rule = case.deadline_rule
    deadline = compute_deadline(case.routed_on, rule.amount, rule.unit, calendar, pauses=_pauses(case), today=clock.today())
    due, provisional = deadline.due, deadline.provisional
    if case.extension_days:
        extended = compute_deadline(due, case.extension_days, "calendar", calendar)
        due, provisional = extended.due, provisional or extended.provisional
    case.due_date, case.due_provisional = due, provisional
    case.warn_on = warn_from(due, case.yellow_days)


def acceptance_due(case, calendar):
    rule = find_rule(DeadlineStage.ACCEPTANCE, case)
    if rule is None:
        return None, False
    deadline = compute_deadline(case.received_on, rule.amount, rule.unit, calendar)
    return deadline.due, deadline.provisional
