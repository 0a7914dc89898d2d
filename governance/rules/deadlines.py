"""Statutory deadlines counted on China's official work calendar.

Pure functions: no ORM, no clock. The caller passes the calendar (the ``chinesecalendar`` package's
schedule, overridden and extended by what admins entered) and, where it matters, "today".

How days are counted (domain.md, "Deadlines"):

- the start day is not counted;
- calendar days (日): the ``amount``-th day after the start; if that day is a rest day (weekend or
  statutory holiday) the deadline moves to the next working day, and a make-up working day (调休, e.g. a
  working Saturday) is a working day;
- working days (工作日): the ``amount``-th working day after the start;
- a suspension (中止) does not count (see ``compute_deadline`` for how pauses are given).

A year that neither the package nor the admins cover is counted with weekends as rest days, and the
deadline is marked provisional so that admins are prompted to enter that year's schedule.
"""

from __future__ import annotations

from calendar import isleap, monthrange
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from types import MappingProxyType
from typing import Final

import chinese_calendar

CALENDAR_DAYS: Final = "calendar"  # 日
WORKING_DAYS: Final = "working"  # 工作日
MONTHS: Final = "month"  # 个月 (count_period only: rules are kept in days)
UNITS: Final = (CALENDAR_DAYS, WORKING_DAYS)

GREEN: Final = "green"
YELLOW: Final = "yellow"
RED: Final = "red"

# A suspension: first and last suspended day, both inclusive; last is None while still suspended.
Pause = tuple[date, date | None]

_WORKING: Final = 1
_REST: Final = 0


def _as_date(value: object, name: str) -> date:
    # datetime is a date subclass; keep only the day so that comparisons and arithmetic stay in days.
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"{name} must be a date, got {type(value).__name__}")


def _days_in_year(year: int) -> int:
    return 366 if isleap(year) else 365


def _day_index(day: date) -> int:
    return day.toordinal() - date(day.year, 1, 1).toordinal()


@cache
def package_covers(year: int) -> bool:
    """Whether the ``chinesecalendar`` package has the official schedule for ``year``."""
    if not date.min.year <= year <= date.max.year:
        return False
    try:
        chinese_calendar.is_workday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@lru_cache(maxsize=256)
def _base_year(year: int) -> bytes:
    # One byte per day of the year, 1 = working day. The package's is_workday scans its whole table on
    # every call (~30 µs), so it is asked once per day per year here and never again.
    first = date(year, 1, 1)
    days = _days_in_year(year)
    if package_covers(year):
        return bytes(chinese_calendar.is_workday(first + timedelta(days=i)) for i in range(days))
    weekday = first.weekday()
    return bytes((weekday + i) % 7 < 5 for i in range(days))


@dataclass(frozen=True)
class WorkCalendar:
    """The official work calendar: the package's schedule with admin-entered overrides on top.

    ``overrides`` maps a day to True (a working day, e.g. a make-up Saturday 调休) or False (a rest day,
    e.g. a statutory holiday). ``entered_years`` are the years whose whole official schedule the admins
    have entered; together with the years the package covers they are the "known" years.
    """

    overrides: Mapping[date, bool] = field(default_factory=dict)
    entered_years: frozenset[int] = frozenset()
    _tables: dict[int, bytes] = field(default_factory=dict, init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        overrides: dict[date, bool] = {}
        for day, working in dict(self.overrides).items():
            if not isinstance(working, bool):
                raise TypeError(f"override for {day} must be True or False, got {working!r}")
            overrides[_as_date(day, "override day")] = working
        # A private copy: the per-year tables below are cached, so the caller's dict must not be able to
        # change underneath them.
        object.__setattr__(self, "overrides", MappingProxyType(overrides))
        object.__setattr__(self, "entered_years", frozenset(int(y) for y in self.entered_years))

    def __hash__(self) -> int:
        return hash((frozenset(self.overrides.items()), self.entered_years))

    @classmethod
    def empty(cls) -> WorkCalendar:
        """The package's schedule alone, without admin overrides (one shared, cached instance)."""
        return _empty_calendar()

    def is_workday(self, day: date) -> bool:
        """Whether ``day`` is a working day: override first, then the package, then weekends."""
        day = _as_date(day, "day")
        return self._table(day.year)[_day_index(day)] == _WORKING

    def is_known(self, year: int) -> bool:
        """Whether ``year``'s official schedule is known (in the package or entered by admins)."""
        return package_covers(year) or year in self.entered_years

    def unknown_years(self, first: date, last: date) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` (inclusive) whose schedule admins still have to enter."""
        first, last = _as_date(first, "first"), _as_date(last, "last")
        return tuple(y for y in range(first.year, last.year + 1) if not self.is_known(y))

    def _table(self, year: int) -> bytes:
        table = self._tables.get(year)
        if table is None:
            table = _base_year(year)
            mine = [(d, w) for d, w in self.overrides.items() if d.year == year]
            if mine:
                edited = bytearray(table)
                for day, working in mine:
                    edited[_day_index(day)] = _WORKING if working else _REST
                table = bytes(edited)
            self._tables[year] = table
        return table


@cache
def _empty_calendar() -> WorkCalendar:
    return WorkCalendar()


@dataclass(frozen=True)
class Deadline:
    """A computed due date; provisional when it relied on a year whose schedule is not known yet."""

    due: date
    provisional: bool


def compute_deadline(
    start: date,
    amount: int,
    unit: str,
    calendar: WorkCalendar,
    pauses: Sequence[Pause] = (),
    *,
    today: date | None = None,
    extension_days: int = 0,
) -> Deadline:
    """The deadline ``amount`` days (``unit`` "calendar" or "working") after ``start``.

    ``pauses`` are suspensions (中止): ``(first, last)`` with both days inclusive. Suspended days do not
    count: for calendar days the period runs on by the suspended days that fall inside it; for working
    days a suspended working day is not counted. Days on or before ``start`` are ignored, overlapping
    pauses count once, and a pause that begins only after the period has run out does not revive it
    (a late department cannot suspend its way out of being overdue). If the last day is a rest day, the
    deadline moves to the next working day that is not suspended.

    An open pause ``(first, None)`` means "still suspended": it runs through ``today``, which must then be
    given, and the result is the deadline as it stands today (it moves on by a day each day the
    suspension lasts). An open pause that starts after ``today`` has not suspended anything yet.

    ``amount`` 0 means due on the start day itself, not moved.

    ``extension_days`` (延期, calendar days) run on from the statutory end as counted, before any
    roll off a rest day: the last day of the period plus the extension, rolled once. So an extension
    of 30 days ends at most 30 days (and the roll) after the statutory last day, never 30 days after
    a roll. For a working-day rule the statutory last day is a working day already.

    Raises ValueError for a negative amount, an unknown unit, a pause that ends before it begins, an
    open pause without ``today``, or a deadline past 9999-12-31. Any other date, in any year, is counted:
    an uncovered year uses weekends as rest days and makes the result provisional.
    """
    start = _as_date(start, "start")
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int, got {type(amount).__name__}")
    if amount < 0:
        raise ValueError(f"amount must be 0 or more, got {amount}")
    if unit not in UNITS:
        raise ValueError(f"unit must be one of {', '.join(map(repr, UNITS))}, got {unit!r}")
    if isinstance(extension_days, bool) or not isinstance(extension_days, int) or extension_days < 0:
        raise ValueError(f"extension_days must be an int, 0 or more, got {extension_days!r}")
    spans = _pause_spans(pauses, start, today)
    try:
        if amount == 0 and not extension_days:
            due = start
        elif unit == CALENDAR_DAYS:
            due = _calendar_due(start, amount + extension_days, calendar, spans)
        else:
            due = _nth_working_day_after(start, amount, calendar, spans) if amount else start
            if extension_days:
                later = [(max(first, due + timedelta(days=1)), last) for first, last in spans if last > due]
                due = _calendar_due(due, extension_days, calendar, later)
    except OverflowError:
        raise ValueError(f"the deadline {amount} {unit} days after {start} is past 9999-12-31") from None
    provisional = bool(calendar.unknown_years(start, due))
    return Deadline(due=due, provisional=provisional)


def months_deadline(start: date, months: int, calendar: WorkCalendar) -> Deadline:
    """``months`` months after ``start`` (民法典 第二百零一至二百零三条): the corresponding day of the last
    month (its last day when it has none: 01-31 + 1 month is 02-28), moved off a rest day."""
    start = _as_date(start, "start")
    if isinstance(months, bool) or not isinstance(months, int) or months < 0:
        raise ValueError(f"months must be an int, 0 or more, got {months!r}")
    year, month = divmod(start.year * 12 + start.month - 1 + months, 12)
    if year > date.max.year:
        raise ValueError(f"the deadline {months} months after {start} is past 9999-12-31")
    last = date(year, month + 1, min(start.day, monthrange(year, month + 1)[1]))
    due = _calendar_due(last, 0, calendar, []) if months else start
    return Deadline(due=due, provisional=bool(calendar.unknown_years(start, due)))


def count_period(start: date, amount: int, unit: str, calendar: WorkCalendar) -> Deadline:
    """A period written as an amount and a unit (calendar or working days, or months) from ``start``."""
    if unit == MONTHS:
        return months_deadline(start, amount, calendar)
    return compute_deadline(start, amount, unit, calendar)


def _pause_spans(pauses: Sequence[Pause], start: date, today: date | None) -> list[tuple[date, date]]:
    # Sorted, disjoint (first, last) spans of suspended days after start.
    spans: list[tuple[date, date]] = []
    for pause in pauses:
        try:
            first, last = pause
        except (TypeError, ValueError):
            raise ValueError(f"a pause must be a (first, last) pair, got {pause!r}") from None
        first = _as_date(first, "pause start")
        if last is None:
            if today is None:
                raise ValueError(f"the pause from {first} is still open: pass today= to count it up to today")
            last = _as_date(today, "today")
            if last < first:
                continue  # starts after today: nothing suspended yet
        else:
            last = _as_date(last, "pause end")
            if last < first:
                raise ValueError(f"a pause cannot end ({last}) before it begins ({first})")
        if last <= start:
            continue
        if first <= start:
            first = start + timedelta(days=1)
        spans.append((first, last))
    spans.sort()
    merged: list[tuple[date, date]] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + timedelta(days=1):
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _calendar_due(start: date, amount: int, calendar: WorkCalendar, spans: list[tuple[date, date]]) -> date:
    due = start + timedelta(days=amount)
    for first, last in spans:
        if first > due:
            break
        due += timedelta(days=(last - first).days + 1)
    # Roll off rest days and suspended days; both runs are short, so a day-by-day walk is fine.
    while True:
        span = next((s for s in spans if s[0] <= due <= s[1]), None)
        if span is not None:
            due = span[1] + timedelta(days=1)
        elif not calendar.is_workday(due):
            due += timedelta(days=1)
        else:
            return due


def _counted_table(calendar: WorkCalendar, year: int, spans: list[tuple[date, date]]) -> bytes:
    table = calendar._table(year)
    year_first, year_last = date(year, 1, 1), date(year, 12, 31)
    hits = [(max(first, year_first), min(last, year_last)) for first, last in spans if first <= year_last and last >= year_first]
    if not hits:
        return table
    edited = bytearray(table)
    for first, last in hits:
        a, b = _day_index(first), _day_index(last) + 1
        edited[a:b] = bytes(b - a)
    return bytes(edited)


def _nth_working_day_after(start: date, n: int, calendar: WorkCalendar, spans: list[tuple[date, date]]) -> date:
    # Whole years are skipped by counting bytes, so large amounts cost one step per year, not per day.
    year, offset = start.year, _day_index(start) + 1
    while True:
        if year > date.max.year:
            raise OverflowError
        table = _counted_table(calendar, year, spans)
        available = table.count(_WORKING, offset)
        if available >= n:
            index = offset - 1
            for _ in range(n):
                index = table.index(_WORKING, index + 1)
            return date(year, 1, 1) + timedelta(days=index)
        n -= available
        year, offset = year + 1, 0


def working_days_between(a: date, b: date, calendar: WorkCalendar) -> int:
    """The number of working days after ``a`` up to and including ``b`` (negative if ``b`` < ``a``)."""
    a, b = _as_date(a, "a"), _as_date(b, "b")
    if b < a:
        return -working_days_between(b, a, calendar)
    total = 0
    for year in range(a.year, b.year + 1):
        lo = _day_index(a) + 1 if year == a.year else 0
        hi = _day_index(b) + 1 if year == b.year else _days_in_year(year)
        total += calendar._table(year).count(_WORKING, lo, hi)
    return total


def is_within_working_days(start: date, when: date, amount: int, calendar: WorkCalendar) -> bool:
    """Whether ``when`` is no later than the ``amount``-th working day after ``start``."""
    return _as_date(when, "when") <= compute_deadline(start, amount, WORKING_DAYS, calendar).due


def days_left(due: date, today: date) -> int:
    """Calendar days from ``today`` to ``due``: 0 on the due day, negative once overdue."""
    return (_as_date(due, "due") - _as_date(today, "today")).days


def warning_colour(due: date, today: date, yellow_days: int, calendar: WorkCalendar | None = None) -> str:
    """The warning colour of a deadline: red when overdue, yellow when due soon, else green.

    "red" once ``today`` is past ``due``; "yellow" when at most ``yellow_days`` are left (the due day
    itself included); "green" otherwise.

    Without a calendar ``yellow_days`` counts calendar days; with one it counts the working days left
    (after today, up to and including the due day), so a deadline just after a long holiday turns
    yellow earlier.
    """
    if isinstance(yellow_days, bool) or not isinstance(yellow_days, int):
        raise TypeError(f"yellow_days must be an int, got {type(yellow_days).__name__}")
    if yellow_days < 0:
        raise ValueError(f"yellow_days must be 0 or more, got {yellow_days}")
    left = days_left(due, today)
    if left < 0:
        return RED
    if calendar is not None:
        left = working_days_between(today, due, calendar)
    return YELLOW if left <= yellow_days else GREEN


def warn_from(due: date | None, yellow_days: int) -> date | None:
    """The first day a deadline shows yellow (calendar days, as stored for list filters): the day
    ``yellow_days`` before ``due``; None without a deadline."""
    if due is None:
        return None
    return _as_date(due, "due") - timedelta(days=yellow_days)


def warn_after(today: date, days: int) -> date:
    """The last due date that is ``days`` calendar days or fewer from ``today``: a deadline due on
    or before it is "due soon" (the mirror of ``warn_from``)."""
    return _as_date(today, "today") + timedelta(days=days)


def overdue_from(due: date) -> date:
    """The first day a deadline is overdue: the day after it (the due day itself is still in time)."""
    return _as_date(due, "due") + timedelta(days=1)


def is_due_soon(due: date, today: date, days: int) -> bool:
    """Whether ``due`` is today or within the next ``days`` calendar days (an urge window)."""
    return _as_date(today, "today") <= _as_date(due, "due") <= warn_after(today, days)


def escalation_day(due: date, days: int, calendar: WorkCalendar) -> date:
    """The day an overdue matter (a rectification notice) is escalated: ``days`` calendar days after
    its deadline, moved to the next working day when that is a rest day (a period like any other)."""
    return compute_deadline(due, days, CALENDAR_DAYS, calendar).due
