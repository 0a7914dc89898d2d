"""The figures: counts by record, village, category and source in a period, against the period
before and the same period last year; what rose most; each matter counted once."""

from datetime import date

from governance.analysis import figures
from governance.analysis.figures import Fact
from governance.analysis.periods import MONTH, Period

NOVEMBER = Period(MONTH, date(2026, 11, 1))
THIS, BEFORE, LAST_YEAR = date(2026, 11, 10), date(2026, 10, 10), date(2025, 11, 10)


def fact(day, record="dispute", village="东村", category="邻里纠纷", source="来访", case_id=None):
    return Fact(record, day, village, category, source, case_id)


FACTS = [
    # 东村: 3 now, 1 before, 1 last year → +2 on the month, +2 on the year
    fact(THIS),
    fact(THIS),
    fact(THIS, category="土地纠纷"),
    fact(BEFORE),
    fact(LAST_YEAR),
    # 西村: 2 now, 2 before, 0 last year → unchanged on the month, +2 on the year
    fact(THIS, village="西村"),
    fact(THIS, village="西村", record="hazard", category="消防隐患"),
    fact(BEFORE, village="西村"),
    fact(BEFORE, village="西村"),
    # 南村: 0 now, 3 before → a fall
    fact(BEFORE, village="南村"),
    fact(BEFORE, village="南村"),
    fact(BEFORE, village="南村"),
    # Outside the three periods: never counted.
    fact(date(2026, 9, 30)),
    fact(date(2026, 12, 1)),
]


def _row(rows, key):
    return next(row for row in rows if row["key"] == key)


def test_counts_by_village_against_the_previous_period_and_last_year():
    result = figures.tables(FACTS, NOVEMBER)
    villages = result["tables"]["village"]
    assert _row(villages, "东村") == {**_row(villages, "东村"), "current": 3, "previous": 1, "last_year": 1, "change": 2, "year_change": 2}
    assert _row(villages, "西村")["change"] == 0 and _row(villages, "西村")["year_change"] == 2
    assert _row(villages, "南村")["current"] == 0 and _row(villages, "南村")["change"] == -3
    assert _row(villages, "东村")["change_pct"] == 200.0 and _row(villages, "西村")["year_change_pct"] is None
    assert result["total"]["current"] == 5 and result["total"]["previous"] == 6 and result["total"]["last_year"] == 1


def test_the_villages_and_categories_that_rose_most():
    result = figures.tables(FACTS, NOVEMBER)
    assert [row["key"] for row in result["rising"]["village"]["previous"]] == ["东村"]
    assert [row["key"] for row in result["rising"]["village"]["last_year"]] == ["东村", "西村"]
    categories = result["rising"]["category"]["previous"]
    assert [row["key"] for row in categories] == ["土地纠纷", "消防隐患"]  # +1 each, ties by current then name


def test_the_rising_rank_orders_by_rise_then_current_and_skips_falls_and_the_unnamed():
    rows = [
        figures.Row("甲", 5, 4, 0),
        figures.Row("乙", 9, 6, 0),
        figures.Row("丙", 3, 0, 0),
        figures.Row("丁", 1, 5, 0),
        figures.Row(figures.NONE, 10, 0, 0),
        figures.Row("戊", 8, 5, 0),
    ]
    assert [row.key for row in figures.rising(rows)] == ["乙", "戊", "丙"]
    assert [row.key for row in figures.rising(rows, limit=5)] == ["乙", "戊", "丙", "甲"]


def test_records_by_type_include_the_types_with_nothing():
    result = figures.tables(FACTS, NOVEMBER, record_keys=["dispute", "petition", "hazard"])
    records = result["tables"]["record"]
    assert _row(records, "dispute")["current"] == 4 and _row(records, "hazard")["current"] == 1
    assert _row(records, "petition") == {**_row(records, "petition"), "current": 0, "previous": 0, "last_year": 0}


def test_a_screening_item_registered_as_a_case_is_one_matter():
    facts = [
        fact(THIS, record="hazard", case_id=7, source="矛盾隐患排查"),
        fact(THIS, record="screening", case_id=7, source="矛盾隐患排查"),
        fact(THIS, record="finding", case_id=None, source="巡逻发现", village="西村"),
        fact(THIS, record="finding", case_id=8, source="巡逻发现"),  # its case lies outside the facts
    ]
    result = figures.tables(facts, NOVEMBER)
    assert result["total"]["current"] == 3
    assert {row["key"]: row["current"] for row in result["tables"]["record"]} == {"hazard": 1, "screening": 1, "finding": 2}
    assert {row["key"]: row["current"] for row in result["tables"]["source"]} == {"矛盾隐患排查": 1, "巡逻发现": 2}


def test_the_same_period_last_year_of_a_leap_february():
    february = Period(MONTH, date(2025, 2, 1))
    facts = [fact(date(2024, 2, 29)), fact(date(2025, 2, 28)), fact(date(2025, 1, 31))]
    result = figures.tables(facts, february)
    assert result["total"] == {**result["total"], "current": 1, "previous": 1, "last_year": 1}


def test_percent():
    assert figures.percent(3, 2) == 50.0
    assert figures.percent(1, 3) == -66.7
    assert figures.percent(4, 0) is None


def test_the_record_table_keeps_the_sources_order():
    result = figures.tables(FACTS, NOVEMBER, record_keys=["petition", "hazard", "dispute"])
    assert [row["key"] for row in result["tables"]["record"]] == ["petition", "hazard", "dispute"]
