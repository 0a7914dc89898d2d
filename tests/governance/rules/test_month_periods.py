"""Periods in months (N个月), counted by the one period function: the corresponding day, rolled."""

from datetime import date

import pytest

from governance.rules.deadlines import CALENDAR_DAYS, MONTHS, WORKING_DAYS, WorkCalendar, count_period, months_deadline

EMPTY = WorkCalendar.empty()


@pytest.mark.parametrize(
    ("start", "months", "due"),
    [
        (date(2026, 5, 6), 1, date(2026, 6, 8)),  # 06-06 is a Saturday
        (date(2026, 3, 5), 1, date(2026, 4, 7)),  # 04-05 falls in the Qingming holiday (04-04…04-06)
        (date(2026, 1, 31), 1, date(2026, 2, 28)),  # no 02-31: the month's last day, a make-up working Saturday
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # a leap year
        (date(2026, 5, 31), 1, date(2026, 6, 30)),
        (date(2026, 8, 10), 2, date(2026, 10, 10)),  # a make-up working Saturday after National Day
        (date(2026, 9, 5), 1, date(2026, 10, 8)),  # National Day holiday
        (date(2026, 3, 5), 0, date(2026, 3, 5)),
    ],
)
def test_a_period_in_months_ends_on_the_corresponding_day_moved_off_rest_days(start, months, due):
    assert months_deadline(start, months, EMPTY).due == due


def test_a_period_in_months_into_an_unknown_year_is_provisional():
    deadline = months_deadline(date(2026, 11, 20), 2, EMPTY)
    assert deadline.due == date(2027, 1, 20)
    assert deadline.provisional


def test_count_period_dispatches_on_the_unit():
    start = date(2026, 9, 28)
    assert count_period(start, 60, CALENDAR_DAYS, EMPTY).due == date(2026, 11, 27)
    assert count_period(date(2026, 9, 26), 5, WORKING_DAYS, EMPTY).due == date(2026, 10, 9)
    assert count_period(date(2026, 5, 6), 1, MONTHS, EMPTY).due == date(2026, 6, 8)


@pytest.mark.parametrize("months", [-1, True, 1.5])
def test_a_bad_month_count_is_refused(months):
    with pytest.raises((TypeError, ValueError)):
        months_deadline(date(2026, 1, 1), months, EMPTY)
