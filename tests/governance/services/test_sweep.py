"""governance.services.sweep: due-soon and overdue cases are urged once per level and deadline."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command

from governance.models import Case, CaseEvent, CaseOrder, DeadlineRule, DelayReport, FollowUp, Notification
from governance.services import cases as services
from governance.services.sweep import SweepResult, run_urge_sweep
from tests.factories import (  # noqa: F401  (fixtures)
    clock,
    committing,
    live_sends,
    reference,
    register,
)
from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 9, 28)


def fresh_due(case):
    return type(case).objects.get(pk=case.pk).due_date


SWEEP_DAY = date(2026, 11, 23)  # a Monday


@pytest.fixture
def route(town, director, justice, reference, clock):
    """route(on, **intake) registers, accepts and routes a case on the given day."""

    def make(on, **intake):
        clock.today = on
        case = register(town, director, reference, **intake)
        services.case_accept(case_id=case.pk, actor=director, notice_date=on)
        return services.case_route(case_id=case.pk, actor=director, lead_department=justice)

    return make


@pytest.fixture
def cases(route, clock):
    """At SWEEP_DAY: one due soon, one overdue, one with time to spare."""
    due_soon = route(MONDAY, kind="petition")  # 60 days → 2026-11-27, yellow 7 days before
    overdue = route(MONDAY, kind="dispute", tier="simple")  # 1 working day → 2026-09-29
    relaxed = route(date(2026, 11, 20), kind="dispute", tier="ordinary")  # 7 days → 11-27, yellow 2 days before
    clock.today = SWEEP_DAY
    assert (due_soon.due_date, overdue.due_date, relaxed.due_date) == (date(2026, 11, 27), date(2026, 9, 29), date(2026, 11, 27))
    return due_soon, overdue, relaxed


def fresh(case):
    return Case.objects.get(pk=case.pk)


def totals():
    return {model.__name__: model.objects.count() for model in (CaseOrder, Notification, DelayReport, CaseEvent)}


def urges(case):
    return list(CaseOrder.objects.filter(case=case, kind="urge").values_list("level", "due_date", "issued_by", "department"))


def test_sweep_urges_due_soon_and_overdue_cases_once_each(cases, handler, justice):
    due_soon, overdue, relaxed = cases

    result = run_urge_sweep(today=SWEEP_DAY)

    assert result == SweepResult(due_soon=1, overdue=1)
    assert urges(due_soon) == [("due_soon", date(2026, 11, 27), None, justice.pk)]
    assert urges(overdue) == [("overdue", date(2026, 9, 29), None, justice.pk)]
    assert urges(relaxed) == []


def test_sweep_notifies_the_lead_department(cases, handler):
    due_soon, overdue, relaxed = cases

    run_urge_sweep(today=SWEEP_DAY)

    for case in (due_soon, overdue):
        notes = Notification.objects.filter(case=case, kind="urge")
        assert [n.recipient for n in notes] == [handler]
        assert case.code in notes[0].title
    assert not Notification.objects.filter(case=relaxed, kind="urge").exists()


def test_overdue_urge_requests_a_delay_report(cases, justice):
    due_soon, overdue, relaxed = cases

    run_urge_sweep(today=SWEEP_DAY)

    report = DelayReport.objects.get()
    assert (report.case, report.department, report.due_date) == (fresh(overdue), justice, date(2026, 9, 29))
    assert (report.text, report.filed_at) == ("", None)  # requested, not yet filed


def test_sweep_urges_are_audited_as_system_actions(cases):
    due_soon, overdue, _relaxed = cases

    run_urge_sweep(today=SWEEP_DAY)

    for case, level in ((due_soon, "due_soon"), (overdue, "overdue")):
        event = CaseEvent.objects.get(case=case, action="urge")
        assert (event.actor, event.from_status, event.to_status, event.data) == (None, "routed", "routed", {"level": level})


def test_running_the_sweep_twice_creates_nothing_new(cases):
    run_urge_sweep(today=SWEEP_DAY)
    after_first = totals()

    second = run_urge_sweep(today=SWEEP_DAY)

    assert second == SweepResult(due_soon=0, overdue=0)
    assert totals() == after_first


def test_each_case_is_urged_again_when_it_reaches_the_next_level(cases):
    due_soon, overdue, relaxed = cases
    run_urge_sweep(today=SWEEP_DAY)

    assert run_urge_sweep(today=date(2026, 11, 25)) == SweepResult(due_soon=1)  # relaxed turns yellow
    assert run_urge_sweep(today=date(2026, 11, 28)) == SweepResult(overdue=2)  # both due 11-27 turn red
    assert run_urge_sweep(today=date(2026, 11, 29)) == SweepResult()

    assert [u[0] for u in urges(due_soon)] == ["overdue", "due_soon"]  # newest first
    assert [u[0] for u in urges(overdue)] == ["overdue"]
    assert [u[0] for u in urges(relaxed)] == ["overdue", "due_soon"]
    assert DelayReport.objects.count() == 3


def test_a_new_deadline_after_an_extension_is_urged_afresh(cases, director):
    due_soon, _overdue, _relaxed = cases
    run_urge_sweep(today=SWEEP_DAY)
    services.case_extend(case_id=due_soon.pk, actor=director, days=5, reason="需补充调查", party_told_on=SWEEP_DAY)
    assert fresh(due_soon).due_date == date(2026, 12, 2)

    run_urge_sweep(today=date(2026, 11, 30))

    assert [(u[0], u[1]) for u in urges(due_soon)] == [("due_soon", date(2026, 12, 2)), ("due_soon", date(2026, 11, 27))]


def test_case_that_is_not_due_soon_gets_nothing(route, clock):
    relaxed = route(date(2026, 11, 20), kind="dispute", tier="ordinary")
    before = totals()

    assert run_urge_sweep(today=date(2026, 11, 24)) == SweepResult()  # due 11-27, yellow from 11-25

    assert totals() == before
    assert urges(relaxed) == []


def test_due_soon_starts_on_the_warn_day(route):
    relaxed = route(date(2026, 11, 20), kind="dispute", tier="ordinary")

    assert run_urge_sweep(today=date(2026, 11, 25)).due_soon == 1
    assert urges(relaxed)[0][0] == "due_soon"


def test_suspended_and_closed_cases_are_not_urged(route, handler, director, reference, clock):
    suspended = route(MONDAY, kind="dispute", tier="simple")
    services.case_start(case_id=suspended.pk, actor=handler)
    services.case_suspend(case_id=suspended.pk, actor=handler, reason="等待鉴定")
    resolved = route(MONDAY, kind="dispute", tier="simple")
    services.case_start(case_id=resolved.pk, actor=handler)
    services.case_resolve(case_id=resolved.pk, actor=handler, outcome=reference("outcome", "mediated"), note="调解成功")
    visited = route(MONDAY, kind="dispute", tier="simple")
    services.case_start(case_id=visited.pk, actor=handler)
    services.case_resolve(case_id=visited.pk, actor=handler, outcome=reference("outcome", "mediated"), note="调解成功")
    services.case_feedback(case_id=visited.pk, actor=handler, told_on=MONDAY)
    services.case_follow_up(case_id=visited.pk, actor=director, result=FollowUp.Result.SATISFIED)
    before = totals()

    assert run_urge_sweep(today=SWEEP_DAY) == SweepResult()
    assert totals() == before


def test_case_without_a_deadline_is_not_urged(town, director, reference, clock):
    DeadlineRule.objects.filter(stage="acceptance").update(is_active=False)
    clock.today = MONDAY
    case = register(town, director, reference)
    assert case.acceptance_due is None

    assert run_urge_sweep(today=SWEEP_DAY) == SweepResult()
    assert not CaseOrder.objects.exists()


def test_undecided_case_is_urged_for_its_acceptance_deadline_once_per_level(town, director, reference, clock):
    clock.today = date(2026, 9, 18)
    case = register(town, director, reference)  # 15 days, 10-03 in the National Day holiday → 10-08
    assert (case.acceptance_due, case.acceptance_provisional) == (date(2026, 10, 8), False)

    assert run_urge_sweep(today=date(2026, 10, 2)) == SweepResult()  # 3 warning days: yellow from 10-05
    assert run_urge_sweep(today=date(2026, 10, 5)) == SweepResult(due_soon=1)
    assert run_urge_sweep(today=date(2026, 10, 8)) == SweepResult()  # due today: already urged at this level
    assert run_urge_sweep(today=date(2026, 10, 9)) == SweepResult(overdue=1)
    assert run_urge_sweep(today=date(2026, 10, 12)) == SweepResult()

    levels = list(CaseOrder.objects.filter(case=case).order_by("created_at").values_list("level", "due_date", "department_id"))
    assert levels == [("accept_soon", date(2026, 10, 8), None), ("accept_late", date(2026, 10, 8), None)]
    assert not DelayReport.objects.exists()  # a delay report is the handling department's, not the center's
    told = set(Notification.objects.filter(case=case, kind="urge").values_list("recipient__username", flat=True))
    assert director.username in told


def test_accepted_case_not_yet_routed_is_urged_on_its_handling_deadline(town, director, reference, clock):
    clock.today = MONDAY
    case = register(town, director, reference, kind="dispute")
    services.case_accept(case_id=case.pk, actor=director, notice_date=MONDAY)

    assert fresh_due(case) == date(2026, 10, 28)  # 30 days from acceptance, routed or not
    assert run_urge_sweep(today=date(2026, 10, 29)) == SweepResult(overdue=1)
    assert CaseOrder.objects.get(case=case).level == "overdue"


def test_sweep_does_not_count_a_manual_urge_as_the_automatic_one(cases, director):
    due_soon, _overdue, _relaxed = cases
    services.case_urge(case_id=due_soon.pk, actor=director, text="请抓紧")

    run_urge_sweep(today=SWEEP_DAY)

    assert sorted(u[0] for u in urges(due_soon)) == ["due_soon", "manual"]


def test_sweep_broadcasts_after_commit(cases, town, live_sends, committing):
    with committing():
        run_urge_sweep(today=SWEEP_DAY)
        assert live_sends.calls == []

    # In production each urge commits on its own; here both share the test's transaction, and
    # live.schedule_center_refresh sends one update per center and reason per transaction.
    assert live_sends.calls == [(town.pk, "case")]


# --- the management command ---------------------------------------------------------------------------


def test_urge_sweep_command_urges_overdue_cases_and_is_idempotent(route, clock):
    case = route(MONDAY, kind="dispute", tier="simple")
    # The command sweeps as of the services' today; put this case's deadline just behind it.
    real_today = clock.today
    Case.objects.filter(pk=case.pk).update(due_date=real_today - timedelta(days=1))

    first, second = StringIO(), StringIO()
    call_command("urge_sweep", stdout=first)
    call_command("urge_sweep", stdout=second)

    assert first.getvalue().strip() == "due_soon=0 overdue=1"
    assert second.getvalue().strip() == "due_soon=0 overdue=0"
    assert urges(case)[0][:2] == ("overdue", real_today - timedelta(days=1))
