"""Every period of a case, from the deadline rule that applies to it and the event that rule counts
from, through the one period function (governance.rules.deadlines.compute_deadline):

- acceptance (受理告知): counted from the day the matter was received;
- handling (办理): from acceptance (信访工作条例: 60 days 自受理之日起), so an accepted case that is
  not yet routed has its deadline too; suspensions do not count; an extension runs on from the
  statutory end (see compute_deadline's ``extension_days``);
- the longest extension, the objection to routing, the review application window (复查/复核申请),
  the review answer and the judicial confirmation window (司法确认) likewise.

An admin edits the rules (amount, unit, the event counted from); the statutory defaults are in
fixtures/reference.json. Where no rule applies, the statutory default below is used.
"""

from datetime import timedelta

from governance.calendar import load_work_calendar
from governance.models import CountsFrom, DeadlineRule, DeadlineStage
from governance.rules.deadlines import CALENDAR_DAYS, WORKING_DAYS, Deadline, compute_deadline, warn_from
from governance.services import clock

# (amount, unit, counts from) when no active rule applies: the statutory defaults of domain.md.
STATUTORY = {
    DeadlineStage.EXTENSION: (30, CALENDAR_DAYS, CountsFrom.STATUTORY_END),
    DeadlineStage.OBJECTION: (5, WORKING_DAYS, CountsFrom.ROUTED),
    DeadlineStage.REVIEW_REQUEST: (30, CALENDAR_DAYS, CountsFrom.REPLIED),
    DeadlineStage.JUDICIAL_CONFIRMATION: (30, CALENDAR_DAYS, CountsFrom.AGREEMENT),
}


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


def _period(stage, case):
    """(amount, unit, counts_from) of the stage for the case: its rule, else the statutory default."""
    rule = find_rule(stage, case)
    if rule is not None:
        return rule.amount, rule.unit, rule.counts_from
    return STATUTORY[stage]


def start_of(case, counts_from):
    """The day of the event a period counts from, or None while it has not happened."""
    return {
        CountsFrom.RECEIVED: case.received_on,
        CountsFrom.ACCEPTED: case.accepted_on,
        CountsFrom.ROUTED: case.routed_on,
        CountsFrom.REPLIED: case.fed_back_on,
        CountsFrom.REQUESTED: case.review_requested_on,
    }.get(counts_from)


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


HANDLING_FIELDS = ("deadline_rule", "yellow_days", "due_date", "due_provisional", "warn_on")


def assign_handling_rule(case, stage=DeadlineStage.HANDLING, calendar=None):
    """Give the case the handling (or review-answer) rule that applies now and its deadline; returns
    the rule, or None when none applies (the deadline is cleared then)."""
    rule = find_rule(stage, case)
    case.deadline_rule = rule
    if rule is not None:
        case.yellow_days = rule.yellow_days
    recompute_due_date(case, calendar)
    return rule


def recompute_due_date(case, calendar=None):
    """due_date/due_provisional/warn_on from the case's rule, the event it counts from, the
    suspensions and the extension; no deadline while that event has not happened."""
    rule = case.deadline_rule if case.deadline_rule_id else None
    start = start_of(case, rule.counts_from) if rule is not None else None
    if start is None:
        case.due_date, case.due_provisional, case.warn_on = None, False, None
        return
    calendar = calendar or load_work_calendar()
    deadline = compute_deadline(
        start, rule.amount, rule.unit, calendar, pauses=_pauses(case), today=clock.today(), extension_days=case.extension_days
    )
    case.due_date, case.due_provisional = deadline.due, deadline.provisional
    case.warn_on = warn_from(deadline.due, case.yellow_days)


ACCEPTANCE_FIELDS = ("acceptance_due", "acceptance_provisional", "acceptance_warn_on")


def recompute_acceptance_due(case, calendar=None):
    """acceptance_due/_provisional/_warn_on: the written notice of acceptance or not is due 15 days
    (by the rule) from receipt. None without a rule."""
    rule = find_rule(DeadlineStage.ACCEPTANCE, case)
    start = start_of(case, rule.counts_from) if rule is not None else None
    if start is None:
        case.acceptance_due, case.acceptance_provisional, case.acceptance_warn_on = None, False, None
        return
    deadline = compute_deadline(start, rule.amount, rule.unit, calendar or load_work_calendar())
    case.acceptance_due, case.acceptance_provisional = deadline.due, deadline.provisional
    case.acceptance_warn_on = warn_from(deadline.due, rule.yellow_days)


def acceptance_yellow_days(case):
    rule = find_rule(DeadlineStage.ACCEPTANCE, case)
    return rule.yellow_days if rule is not None else 3


def max_extension_days(case):
    """The longest extension in all (延期不得超过30日), from the extension rule."""
    return _period(DeadlineStage.EXTENSION, case)[0]


def case_period(stage, case, start=None, calendar=None) -> Deadline | None:
    """The deadline of a stage without a stored date (the objection window, the review application
    window): counted from ``start`` or the event the rule names; None while that has not happened."""
    amount, unit, counts_from = _period(stage, case)
    start = start or start_of(case, counts_from)
    if start is None:
        return None
    return compute_deadline(start, amount, unit, calendar or load_work_calendar())


def judicial_confirmation_due(session, calendar=None) -> Deadline | None:
    """The last day to apply jointly for judicial confirmation of a mediation agreement (30 days of
    the agreement, 人民调解法 第三十三条); None when no agreement was reached."""
    if not session.agreement_reached:
        return None
    return case_period(DeadlineStage.JUDICIAL_CONFIRMATION, session.case, start=session.held_on, calendar=calendar)
