"""Reporting and assessment periods as pure functions of dates (no ORM, no "today" read here).

Screening reports are half-monthly: the 1st–15th and the 16th–last day of the month, whatever
the month's length (February ends on the 28th or 29th). Assessments cover a quarter, a half-year
or a year. Months are counted for the situation dashboard's trend.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after (or before) the month of `day`."""
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def months_back(today: date, count: int) -> list[date]:
    """The first days of the last `count` months, oldest first, ending with today's month."""
    return [add_months(today, offset) for offset in range(-(count - 1), 1)]


@dataclass(frozen=True, order=True)
class HalfMonth:
    """One screening-report period: the 1st–15th or the 16th–end of a month."""

    start: date
    end: date

    @property
    def is_first_half(self) -> bool:
        return self.start.day == 1

    def next(self) -> HalfMonth:
        return half_month_of(self.end + timedelta(days=1))

    def previous(self) -> HalfMonth:
        return half_month_of(self.start - timedelta(days=1))

    def due_on(self, grace_days: int = 0) -> date:
        """The last day a report for this period counts as on time."""
        return self.end + timedelta(days=grace_days)

    def reminders_from(self, days_before: int) -> date:
        """The first day reminders go out to workstations that have not reported."""
        return max(self.start, self.end - timedelta(days=days_before))

    @property
    def label(self) -> str:
        template = _("%(year)s-%(month)02d, first half") if self.is_first_half else _("%(year)s-%(month)02d, second half")
        return template % {"year": self.start.year, "month": self.start.month}

    @property
    def key(self) -> str:
        return self.start.isoformat()


def half_month_of(day: date) -> HalfMonth:
    if day.day <= 15:
        return HalfMonth(day.replace(day=1), day.replace(day=15))
    return HalfMonth(day.replace(day=16), last_day_of_month(day))


def half_month_starting(start: date) -> HalfMonth:
    """The period that starts on `start`; ValueError unless `start` is a 1st or a 16th."""
    if start.day not in (1, 16):
        raise ValueError(f"a half-month starts on the 1st or the 16th, not {start}")
    return half_month_of(start)


def half_months_ending_between(first: date, last: date) -> list[HalfMonth]:
    """Every half-month whose last day falls within [first, last], oldest first."""
    periods = []
    period = half_month_of(first)  # its end is on or after `first`
    while period.end <= last:
        periods.append(period)
        period = period.next()
    return periods


# --- assessments --------------------------------------------------------------------------------

QUARTERLY, HALF_YEAR, ANNUAL = "quarterly", "half_year", "annual"
PERIODS_PER_YEAR = {QUARTERLY: 4, HALF_YEAR: 2, ANNUAL: 1}


def assessment_period(kind: str, year: int, number: int = 1) -> tuple[date, date]:
    """(first day, last day) of quarter `number`, half-year `number` or the year."""
    count = PERIODS_PER_YEAR[kind]
    if not 1 <= number <= count:
        raise ValueError(f"{kind} period number must be 1..{count}, not {number}")
    months = 12 // count
    start = date(year, (number - 1) * months + 1, 1)
    end = add_months(start, months) - timedelta(days=1)
    return start, end


def assessment_period_of(kind: str, day: date) -> tuple[int, int]:
    """(year, number) of the assessment period of this kind that contains `day`."""
    months = 12 // PERIODS_PER_YEAR[kind]
    return day.year, (day.month - 1) // months + 1


def previous_assessment_period(kind: str, day: date) -> tuple[int, int]:
    """(year, number) of the last complete period of this kind before the one containing `day`."""
    year, number = assessment_period_of(kind, day)
    if number > 1:
        return year, number - 1
    return year - 1, PERIODS_PER_YEAR[kind]


def monthly_meeting_date(month: date, preferred_day: int) -> date:
    """The day of a month's joint meeting: the preferred day, or the month's last day if shorter."""
    last = last_day_of_month(month)
    return month.replace(day=min(max(preferred_day, 1), last.day))
