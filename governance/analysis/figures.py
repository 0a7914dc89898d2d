"""The figures of a situation analysis. Pure: plain facts in, plain rows out.

Each record the analysis counts is a `Fact`: its record type (a dispute, a petition, a hazard, a
screening item, a patrol finding, and later an incident), the day it happened, its village, its
category and its source (how it reached the center). The tables count facts by record type, by
village, by category and by source in a period, beside the same counts for the period before and
the same period last year; `rising` ranks what rose most.

A screening item or a patrol finding registered as a case is the same matter as that case: the
record-type table counts each record where it was made, the village, category and source tables
count each matter once (`matters`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

DIMENSIONS = ("record", "village", "category", "source")
NONE = ""  # no village (the township as a whole), no category


@dataclass(frozen=True)
class Fact:
    record: str  # the record type's key ("dispute", "hazard", "screening", "finding", …)
    day: date
    village: str = NONE
    category: str = NONE
    source: str = NONE
    case_id: int | None = None  # the case this record is, or became


@dataclass(frozen=True)
class Row:
    key: str
    current: int
    previous: int
    last_year: int

    @property
    def change(self) -> int:
        return self.current - self.previous

    @property
    def year_change(self) -> int:
        return self.current - self.last_year

    def as_dict(self) -> dict:
        return {
            "key": self.key,
            "current": self.current,
            "previous": self.previous,
            "last_year": self.last_year,
            "change": self.change,
            "year_change": self.year_change,
            "change_pct": percent(self.current, self.previous),
            "year_change_pct": percent(self.current, self.last_year),
        }


def percent(current: int, before: int) -> float | None:
    """The change in per cent, one decimal; None when there was nothing before."""
    if not before:
        return None
    return round((current - before) * 100 / before, 1)


def in_period(facts, start: date, end: date):
    return [fact for fact in facts if start <= fact.day <= end]


def matters(facts):
    """Each matter once: a record that is (or became) a case counts once, as the case when the case
    is among the facts, otherwise as the first record of it."""
    cases = {fact.case_id for fact in facts if fact.case_id is not None and fact.record in CASE_RECORDS}
    seen, kept = set(), []
    for fact in facts:
        if fact.case_id is not None:
            if fact.record not in CASE_RECORDS and fact.case_id in cases:
                continue
            if fact.case_id in seen:
                continue
            seen.add(fact.case_id)
        kept.append(fact)
    return kept


CASE_RECORDS = frozenset({"dispute", "petition", "hazard", "incident"})


def count_by(facts, dimension: str) -> Counter:
    return Counter(getattr(fact, dimension) for fact in facts)


def compare(current, previous, last_year, dimension: str, keys=()) -> list[Row]:
    """One row per key seen in any of the three periods (and every key of `keys`), the largest
    current count first, ties by name."""
    now, before, year = count_by(current, dimension), count_by(previous, dimension), count_by(last_year, dimension)
    every = set(now) | set(before) | set(year) | set(keys)
    rows = [Row(key, now.get(key, 0), before.get(key, 0), year.get(key, 0)) for key in every]
    return sorted(rows, key=lambda row: (-row.current, -row.previous, row.key))


def rising(rows, against: str = "previous", limit: int = 3) -> list[Row]:
    """The keys that rose most against the period before ("previous") or the same period last
    year ("last_year"): only rises, the largest first, ties by the larger current count, then name.
    The empty key (no village, no category) is not ranked."""
    attribute = "change" if against == "previous" else "year_change"
    rose = [row for row in rows if row.key != NONE and getattr(row, attribute) > 0]
    return sorted(rose, key=lambda row: (-getattr(row, attribute), -row.current, row.key))[:limit]


def totals(current, previous, last_year) -> Row:
    return Row("total", len(current), len(previous), len(last_year))


def tables(facts, period, record_keys=()) -> dict:
    """The whole snapshot of `period` (a governance.analysis.periods.Period) from every fact of the
    three periods: the four tables, the totals of matters, and what rose most."""
    previous, last_year = period.previous(), period.same_last_year()
    spans = [in_period(facts, p.start, p.end) for p in (period, previous, last_year)]
    result = {"tables": {}, "rising": {}}
    order = {key: index for index, key in enumerate(record_keys)}  # the sources' order, then any other
    records = sorted(compare(*spans, "record", keys=record_keys), key=lambda row: (order.get(row.key, len(order)), row.key))
    result["tables"]["record"] = [row.as_dict() for row in records]
    matter_spans = [matters(span) for span in spans]
    for dimension in ("village", "category", "source"):
        rows = compare(*matter_spans, dimension)
        result["tables"][dimension] = [row.as_dict() for row in rows]
        if dimension in ("village", "category"):
            result["rising"][dimension] = {
                "previous": [row.as_dict() for row in rising(rows, "previous")],
                "last_year": [row.as_dict() for row in rising(rows, "last_year")],
            }
    result["total"] = totals(*matter_spans).as_dict()
    return result
