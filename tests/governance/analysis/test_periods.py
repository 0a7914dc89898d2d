"""Period boundaries of a situation analysis: months and quarters, the period before and the same
period last year, with fixed dates (leap years, year ends)."""

from datetime import date

import pytest

from governance.analysis import periods
from governance.analysis.periods import MONTH, QUARTER, Period


@pytest.mark.parametrize(
    ("kind", "day", "start", "end"),
    [
        (MONTH, date(2026, 11, 17), date(2026, 11, 1), date(2026, 11, 30)),
        (MONTH, date(2024, 2, 29), date(2024, 2, 1), date(2024, 2, 29)),
        (MONTH, date(2026, 12, 31), date(2026, 12, 1), date(2026, 12, 31)),
        (QUARTER, date(2026, 1, 1), date(2026, 1, 1), date(2026, 3, 31)),
        (QUARTER, date(2026, 8, 15), date(2026, 7, 1), date(2026, 9, 30)),
        (QUARTER, date(2026, 12, 31), date(2026, 10, 1), date(2026, 12, 31)),
    ],
)
def test_the_period_containing_a_day(kind, day, start, end):
    period = periods.period_of(kind, day)
    assert (period.start, period.end) == (start, end)
    assert period.contains(day)


def test_the_period_before_crosses_the_year():
    assert Period(MONTH, date(2026, 1, 1)).previous() == Period(MONTH, date(2025, 12, 1))
    assert Period(QUARTER, date(2026, 1, 1)).previous() == Period(QUARTER, date(2025, 10, 1))
    assert Period(QUARTER, date(2025, 10, 1)).next() == Period(QUARTER, date(2026, 1, 1))


def test_the_same_period_last_year():
    february = Period(MONTH, date(2025, 2, 1)).same_last_year()
    assert (february.start, february.end) == (date(2024, 2, 1), date(2024, 2, 29))
    assert Period(QUARTER, date(2026, 7, 1)).same_last_year() == Period(QUARTER, date(2025, 7, 1))


def test_the_last_complete_period():
    assert periods.last_complete(MONTH, date(2026, 12, 8)) == Period(MONTH, date(2026, 11, 1))
    assert periods.last_complete(QUARTER, date(2026, 1, 5)) == Period(QUARTER, date(2025, 10, 1))


def test_labels_are_chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        assert Period(MONTH, date(2026, 11, 1)).label() == "2026年11月"
        assert Period(QUARTER, date(2026, 7, 1)).label() == "2026年第3季度"


def test_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        periods.period_of("week", date(2026, 1, 1))
