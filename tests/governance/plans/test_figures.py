"""governance.plans.figures: the "plans on time" figure, pure."""

from datetime import date

from governance.plans.figures import MilestoneFact, on_time

TODAY = date(2026, 9, 28)


def fact(due, status="open", done=None):
    return MilestoneFact(due_date=due, status=status, done_on=done)


def test_nothing_due_gives_no_percentage():
    result = on_time([fact(date(2026, 12, 31))], TODAY)
    assert result.counted == 0 and result.percent is None


def test_a_milestone_confirmed_with_work_done_by_its_due_date_is_on_time():
    result = on_time([fact(date(2026, 6, 30), "confirmed", date(2026, 6, 30))], TODAY)
    assert (result.counted, result.on_time, result.percent) == (1, 1, 100.0)


def test_work_done_after_the_due_date_is_late_even_when_confirmed():
    result = on_time([fact(date(2026, 6, 30), "confirmed", date(2026, 7, 1))], TODAY)
    assert (result.counted, result.on_time) == (1, 0)


def test_overdue_milestones_not_confirmed_count_against_the_figure():
    facts = [
        fact(date(2026, 3, 31), "confirmed", date(2026, 3, 20)),
        fact(date(2026, 6, 30), "reported", date(2026, 6, 29)),  # not yet confirmed
        fact(date(2026, 8, 31), "sent_back", date(2026, 8, 30)),
        fact(date(2026, 9, 1), "open"),
    ]
    result = on_time(facts, TODAY)
    assert (result.counted, result.on_time, result.late_or_open, result.percent) == (4, 1, 3, 25.0)


def test_early_work_counts_once_confirmed_and_the_due_date_itself_is_not_yet_overdue():
    facts = [fact(date(2026, 12, 31), "confirmed", date(2026, 9, 1)), fact(TODAY, "open")]
    result = on_time(facts, TODAY)
    assert (result.counted, result.on_time) == (1, 1)
