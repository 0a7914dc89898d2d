"""Statutory periods as the law counts them, through the services (not only the pure function).

The vectors of shared/docs/domain.md ("Deadlines", 2026 official schedule) and those of the issue
"Statutory periods exactly as the law counts them": each is reached the way a clerk reaches it — a
case registered, accepted, routed, answered, extended — and read back from the stored case.
"""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.models import Case, DeadlineRule, HolidayOverride, HolidayYear, MediationSession
from governance.services import cases as services
from governance.services.calendar import recompute_provisional_deadlines
from governance.services.case_deadlines import judicial_confirmation_due
from tests.factories import clock, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def fresh(case):
    return Case.objects.get(pk=case.pk)


@pytest.fixture
def desk(town, director, justice, handler, reference, clock):
    """register / accept / route a case on chosen days, as the center's director."""

    class Desk:
        def register(self, on, **intake):
            clock.today = on
            return register(town, director, reference, **intake)

        def accept(self, case, on):
            clock.today = on
            services.case_accept(case_id=case.pk, actor=director, notice_date=on)
            return fresh(case)

        def route(self, case, on):
            clock.today = on
            services.case_route(case_id=case.pk, actor=director, lead_department=justice)
            return fresh(case)

        def answered(self, on, **intake):
            """A petition handled and answered (replied) on `on`."""
            case = self.route(self.accept(self.register(on, **intake), on), on)
            services.case_start(case_id=case.pk, actor=handler)
            services.case_resolve(case_id=case.pk, actor=handler, outcome=reference("outcome", "mediated"), note="已答复")
            services.case_feedback(case_id=case.pk, actor=handler, told_on=on)
            return fresh(case)

    return Desk()


# --- handling: 60 days from acceptance (信访工作条例), not from routing -----------------------------


def test_handling_deadline_counts_from_acceptance_not_routing(desk):
    case = desk.accept(desk.register(date(2026, 9, 28), kind="petition"), date(2026, 9, 28))
    case = desk.route(case, date(2026, 10, 12))

    assert (case.routed_on, case.due_date, case.due_provisional) == (date(2026, 10, 12), date(2026, 11, 27), False)


def test_accepted_case_not_yet_routed_has_its_handling_deadline(desk):
    case = desk.accept(desk.register(date(2026, 9, 25), kind="petition"), date(2026, 9, 28))

    assert case.routed_on is None
    assert (case.due_date, case.deadline_rule.name) == (date(2026, 11, 27), "信访事项办理")
    assert case.warn_on == date(2026, 11, 20)  # the rule's 7 warning days


def test_a_rule_may_count_from_routing_when_the_admin_says_so(desk, reference):
    DeadlineRule.objects.filter(name="信访事项办理").update(counts_from="routed")
    case = desk.accept(desk.register(date(2026, 9, 28), kind="petition"), date(2026, 9, 28))
    assert case.due_date is None  # nothing to count from yet

    case = desk.route(case, date(2026, 10, 12))
    assert case.due_date == date(2026, 12, 11)


def test_sixty_working_days_from_acceptance(desk):
    DeadlineRule.objects.filter(name="信访事项办理").update(unit="working")
    case = desk.accept(desk.register(date(2026, 9, 28), kind="petition"), date(2026, 9, 28))

    assert case.due_date == date(2026, 12, 25)


# --- acceptance: 15 days from receipt -------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (date(2026, 9, 18), date(2026, 10, 8)),  # day 15 is 10-03, in the National Day holiday
        (date(2026, 9, 25), date(2026, 10, 10)),  # day 15 is a make-up working Saturday
    ],
)
def test_acceptance_deadline_from_receipt(desk, received, due):
    case = desk.register(received)

    assert (case.acceptance_due, case.acceptance_provisional) == (due, False)


def test_acceptance_in_working_days_when_a_rule_says_so(desk):
    DeadlineRule.objects.filter(stage="acceptance").update(unit="working")

    assert desk.register(date(2026, 2, 10)).acceptance_due == date(2026, 3, 9)


def test_acceptance_deadline_in_an_unentered_year_is_provisional_then_recomputed(desk, director):
    case = desk.register(date(2026, 12, 28))
    # 2027 is not in the package: weekends only, Tuesday 2027-01-12, provisional.
    assert (case.acceptance_due, case.acceptance_provisional) == (date(2027, 1, 12), True)

    # The State Council's 2027 schedule is entered: say 01-12 is a rest day (a candidate day of ours).
    HolidayOverride.objects.create(date=date(2027, 1, 12), is_workday=False, name="测试休息日")
    HolidayYear.objects.create(year=2027, note="国务院办公厅通知")
    assert recompute_provisional_deadlines(director) == 1

    case = fresh(case)
    assert (case.acceptance_due, case.acceptance_provisional) == (date(2027, 1, 13), False)
    assert case.events.filter(action="recompute_deadline").count() == 1


def test_a_decided_case_keeps_its_acceptance_deadline_when_holidays_change(desk, director):
    case = desk.accept(desk.register(date(2026, 12, 28)), date(2026, 12, 30))
    HolidayOverride.objects.create(date=date(2027, 1, 12), is_workday=False)
    HolidayYear.objects.create(year=2027)

    recompute_provisional_deadlines(director)

    assert fresh(case).acceptance_due == date(2027, 1, 12)  # history: the deadline it was decided against


# --- objection to routing: 5 working days ---------------------------------------------------------


def test_return_within_five_working_days_of_routing(desk, handler, clock):
    case = desk.route(desk.accept(desk.register(date(2026, 9, 26)), date(2026, 9, 26)), date(2026, 9, 26))
    clock.today = date(2026, 10, 10)  # the 5th working day is 10-09: too late

    with pytest.raises(ValidationError) as error:
        services.case_return(case_id=case.pk, actor=handler, reason="不属于本部门")
    assert "2026-10-09" in str(error.value)

    clock.today = date(2026, 10, 9)
    services.case_return(case_id=case.pk, actor=handler, reason="不属于本部门")
    assert fresh(case).status == "accepted"


# --- review window: 30 days from the reply, rolled off rest days ---------------------------------


def test_review_window_runs_to_the_next_working_day(desk, director, clock):
    # Replied 2026-11-05: day 30 is Saturday 12-05, so Monday 12-07 is still in time.
    on_time = desk.answered(date(2026, 11, 5), kind="petition")
    late = desk.answered(date(2026, 11, 5), kind="petition")
    clock.today = date(2026, 12, 8)

    services.case_request_review(case_id=on_time.pk, actor=director, reason="不服答复", applied_on=date(2026, 12, 7))
    with pytest.raises(ValidationError) as error:
        services.case_request_review(case_id=late.pk, actor=director, reason="不服答复", applied_on=date(2026, 12, 8))

    assert fresh(on_time).review_level == 1
    assert (fresh(late).review_level, fresh(late).status) == (0, "fed_back")
    assert "applied_on" in error.value.message_dict
    # The answer to the review is due 30 days after the application: 2027-01-06, a known year? No:
    # 2027 is not entered, so it is provisional.
    on_time = fresh(on_time)
    assert (on_time.review_requested_on, on_time.due_date, on_time.due_provisional) == (date(2026, 12, 7), date(2027, 1, 6), True)


# --- extension: the statutory end plus the days, rolled once -------------------------------------


def test_thirty_day_extension_runs_from_the_statutory_end(desk, director, handler, clock):
    case = desk.route(desk.accept(desk.register(date(2026, 9, 28), kind="petition"), date(2026, 9, 28)), date(2026, 9, 28))
    services.case_start(case_id=case.pk, actor=handler)
    clock.today = date(2026, 11, 20)

    services.case_extend(case_id=case.pk, actor=director, days=30, reason="需要鉴定", party_told_on=date(2026, 11, 20))

    # 2026-11-27 + 30 = Sunday 12-27 → Monday 12-28.
    assert fresh(case).due_date == date(2026, 12, 28)
    with pytest.raises(ValidationError):
        services.case_extend(case_id=case.pk, actor=director, days=1, reason="再延", party_told_on=date(2026, 11, 20))


def test_extension_never_counts_from_a_rolled_end(desk, director, handler, clock):
    # A dispute accepted 11-20: 30 days end on Sunday 12-20 (rolled to Monday 12-21 while unextended).
    case = desk.route(desk.accept(desk.register(date(2026, 11, 20)), date(2026, 11, 20)), date(2026, 11, 20))
    services.case_start(case_id=case.pk, actor=handler)
    assert fresh(case).due_date == date(2026, 12, 21)

    services.case_extend(case_id=case.pk, actor=director, days=2, reason="双方同意", party_told_on=date(2026, 11, 20))

    # 12-20 + 2 = Tuesday 12-22 (from the rolled Monday it would be Wednesday 12-23).
    assert fresh(case).due_date == date(2026, 12, 22)


def test_longest_extension_is_the_rules(desk, director, handler, clock):
    DeadlineRule.objects.filter(stage="extension").update(amount=10)
    case = desk.route(desk.accept(desk.register(date(2026, 9, 28), kind="petition"), date(2026, 9, 28)), date(2026, 9, 28))
    services.case_start(case_id=case.pk, actor=handler)

    with pytest.raises(ValidationError) as error:
        services.case_extend(case_id=case.pk, actor=director, days=11, reason="需要鉴定", party_told_on=date(2026, 9, 28))
    assert "10" in error.value.message_dict["days"][0]


# --- judicial confirmation: a joint application within 30 days of the agreement -------------------


def test_judicial_confirmation_window_of_an_agreement(desk, reference):
    case = desk.route(desk.accept(desk.register(date(2026, 9, 18)), date(2026, 9, 18)), date(2026, 9, 18))
    session = MediationSession(case=case, held_on=date(2026, 9, 18), agreement_reached=True, mediation_type=reference("mediation_type", "people"))

    assert judicial_confirmation_due(session).due == date(2026, 10, 19)  # 10-18 is a Sunday
    session.agreement_reached = False
    assert judicial_confirmation_due(session) is None
