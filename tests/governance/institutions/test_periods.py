"""governance.institutions.rules.periods: half-months (February and month ends included),
assessment periods, the monthly meeting day. Pure: no database."""

from datetime import date

import pytest

from governance.institutions.rules import periods
from governance.institutions.rules.periods import HalfMonth, half_month_of


@pytest.mark.parametrize(
    ("day", "start", "end"),
    [
        (date(2026, 1, 1), date(2026, 1, 1), date(2026, 1, 15)),
        (date(2026, 1, 15), date(2026, 1, 1), date(2026, 1, 15)),
        (date(2026, 1, 16), date(2026, 1, 16), date(2026, 1, 31)),
        (date(2026, 1, 31), date(2026, 1, 16), date(2026, 1, 31)),
        (date(2026, 2, 16), date(2026, 2, 16), date(2026, 2, 28)),  # 2026 is not a leap year
        (date(2026, 2, 28), date(2026, 2, 16), date(2026, 2, 28)),
        (date(2028, 2, 29), date(2028, 2, 16), date(2028, 2, 29)),  # leap year
        (date(2026, 4, 30), date(2026, 4, 16), date(2026, 4, 30)),  # 30-day month
        (date(2026, 12, 31), date(2026, 12, 16), date(2026, 12, 31)),
    ],
)
def test_half_month_is_first_to_fifteenth_or_sixteenth_to_month_end(day, start, end):
    assert half_month_of(day) == HalfMonth(start, end)


def test_february_second_half_has_thirteen_days_and_fourteen_in_a_leap_year():
    assert (half_month_of(date(2026, 2, 20)).end - date(2026, 2, 16)).days + 1 == 13
    assert (half_month_of(date(2028, 2, 20)).end - date(2028, 2, 16)).days + 1 == 14


@pytest.mark.parametrize(
    ("day", "next_start", "previous_end"),
    [
        (date(2026, 2, 20), date(2026, 3, 1), date(2026, 2, 15)),
        (date(2026, 3, 3), date(2026, 3, 16), date(2026, 2, 28)),  # back over February's end
        (date(2028, 3, 3), date(2028, 3, 16), date(2028, 2, 29)),
        (date(2026, 12, 20), date(2027, 1, 1), date(2026, 12, 15)),  # over the year's end
        (date(2027, 1, 10), date(2027, 1, 16), date(2026, 12, 31)),
    ],
)
def test_next_and_previous_half_months_cross_month_and_year_ends(day, next_start, previous_end):
    period = half_month_of(day)
    assert period.next().start == next_start
    assert period.previous().end == previous_end
    assert period.next().previous() == period


def test_the_periods_tile_a_year_without_gaps_or_overlaps():
    period = half_month_of(date(2026, 1, 1))
    days = 0
    for _ in range(24):
        following = period.next()
        assert (following.start - period.end).days == 1
        days += (period.end - period.start).days + 1
        period = following
    assert days == 365
    assert period.start == date(2027, 1, 1)


def test_due_date_with_grace_days_runs_into_the_next_month():
    period = half_month_of(date(2026, 2, 20))
    assert period.due_on() == date(2026, 2, 28)
    assert period.due_on(grace_days=2) == date(2026, 3, 2)


def test_reminders_start_days_before_the_end_but_never_before_the_start():
    assert half_month_of(date(2026, 2, 20)).reminders_from(2) == date(2026, 2, 26)
    assert half_month_of(date(2026, 1, 3)).reminders_from(30) == date(2026, 1, 1)


def test_half_month_starting_accepts_only_the_first_or_the_sixteenth():
    assert periods.half_month_starting(date(2026, 2, 16)).end == date(2026, 2, 28)
    with pytest.raises(ValueError):
        periods.half_month_starting(date(2026, 2, 15))


def test_half_months_ending_in_a_quarter_are_six():
    ends = [p.end for p in periods.half_months_ending_between(date(2026, 1, 1), date(2026, 3, 31))]
    assert ends == [date(2026, 1, 15), date(2026, 1, 31), date(2026, 2, 15), date(2026, 2, 28), date(2026, 3, 15), date(2026, 3, 31)]


def test_a_half_month_counts_where_it_ends():
    # 1 Feb – 20 Feb: only the first half of February has ended inside.
    assert [p.end for p in periods.half_months_ending_between(date(2026, 2, 1), date(2026, 2, 20))] == [date(2026, 2, 15)]


def test_labels_name_the_year_month_and_half():
    assert half_month_of(date(2026, 2, 3)).label.startswith("2026")
    assert half_month_of(date(2026, 2, 3)).label != half_month_of(date(2026, 2, 20)).label


@pytest.mark.parametrize(
    ("kind", "number", "start", "end"),
    [
        (periods.QUARTERLY, 1, date(2026, 1, 1), date(2026, 3, 31)),
        (periods.QUARTERLY, 2, date(2026, 4, 1), date(2026, 6, 30)),
        (periods.QUARTERLY, 4, date(2026, 10, 1), date(2026, 12, 31)),
        (periods.HALF_YEAR, 1, date(2026, 1, 1), date(2026, 6, 30)),
        (periods.HALF_YEAR, 2, date(2026, 7, 1), date(2026, 12, 31)),
        (periods.ANNUAL, 1, date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_assessment_periods(kind, number, start, end):
    assert periods.assessment_period(kind, 2026, number) == (start, end)


def test_assessment_period_numbers_out_of_range_are_refused():
    with pytest.raises(ValueError):
        periods.assessment_period(periods.QUARTERLY, 2026, 5)
    with pytest.raises(ValueError):
        periods.assessment_period(periods.HALF_YEAR, 2026, 0)


def test_previous_assessment_period_goes_back_over_the_year():
    assert periods.previous_assessment_period(periods.QUARTERLY, date(2026, 2, 10)) == (2025, 4)
    assert periods.previous_assessment_period(periods.QUARTERLY, date(2026, 9, 28)) == (2026, 2)
    assert periods.previous_assessment_period(periods.HALF_YEAR, date(2026, 9, 28)) == (2026, 1)
    assert periods.previous_assessment_period(periods.ANNUAL, date(2026, 9, 28)) == (2025, 1)


@pytest.mark.parametrize(
    ("month", "day", "expected"),
    [
        (date(2026, 2, 1), 31, date(2026, 2, 28)),
        (date(2028, 2, 1), 30, date(2028, 2, 29)),
        (date(2026, 4, 1), 31, date(2026, 4, 30)),
        (date(2026, 5, 1), 5, date(2026, 5, 5)),
    ],
)
def test_monthly_meeting_day_falls_back_to_the_month_end(month, day, expected):
    assert periods.monthly_meeting_date(month, day) == expected


def test_months_back_and_add_months_cross_the_year():
    assert periods.add_months(date(2026, 1, 31), -1) == date(2025, 12, 1)
    assert periods.months_back(date(2026, 2, 14), 3) == [date(2025, 12, 1), date(2026, 1, 1), date(2026, 2, 1)]
