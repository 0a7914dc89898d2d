"""The periods of a situation analysis (a month or a quarter) as pure functions of dates.

A period is named by its kind and its first day; the period before it and the same period a year
earlier are what its figures are compared with. Months are counted with the reporting calendar's
helpers (governance.institutions.rules.periods), never by adding days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from governance.institutions.rules.periods import add_months, last_day_of_month

MONTH, QUARTER = "month", "quarter"
MONTHS = {MONTH: 1, QUARTER: 3}


@dataclass(frozen=True, order=True)
class Period:
    kind: str
    start: date

    @property
    def end(self) -> date:
        return last_day_of_month(add_months(self.start, MONTHS[self.kind] - 1))

    def previous(self) -> Period:
        return Period(self.kind, add_months(self.start, -MONTHS[self.kind]))

    def same_last_year(self) -> Period:
        return Period(self.kind, add_months(self.start, -12))

    def next(self) -> Period:
        return Period(self.kind, add_months(self.start, MONTHS[self.kind]))

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def quarter(self) -> int:
        return (self.start.month - 1) // 3 + 1

    def label(self) -> str:
        if self.kind == QUARTER:
            return _("%(year)s, quarter %(quarter)s") % {"year": self.start.year, "quarter": self.quarter}
        return _("%(year)s, month %(month)s") % {"year": self.start.year, "month": self.start.month}

    def as_dict(self) -> dict:
        return {"kind": self.kind, "start": self.start.isoformat(), "end": self.end.isoformat(), "label": self.label()}


def period_of(kind: str, day: date) -> Period:
    """The month or quarter that contains `day`."""
    if kind not in MONTHS:
        raise ValueError(f"unknown period kind {kind!r}")
    if kind == QUARTER:
        return Period(kind, date(day.year, (day.month - 1) // 3 * 3 + 1, 1))
    return Period(kind, day.replace(day=1))


def last_complete(kind: str, today: date) -> Period:
    """The latest period that has ended before `today` (last month, last quarter)."""
    return period_of(kind, today).previous()
