"""governance.institutions.rules.warnings: a rise against a key's own baseline, repeat filers.
Pure: no database."""

from datetime import date, timedelta

from governance.institutions.rules.warnings import (
    SpikeRule,
    count_by_window,
    detect_spikes,
    person_key,
    repeat_filers,
    window_index,
    windows,
)

TODAY = date(2026, 9, 28)
RULE = SpikeRule(window_days=30, baseline_windows=3, factor=2.0, min_count=3)


def days_ago(n):
    return TODAY - timedelta(days=n)


def test_windows_end_today_and_do_not_overlap():
    spans = windows(TODAY, RULE)
    assert len(spans) == 4
    assert spans[-1] == (days_ago(29), TODAY)
    for earlier, later in zip(spans, spans[1:]):
        assert (later[0] - earlier[1]).days == 1


def test_window_index_counts_back_from_today():
    assert window_index(TODAY, TODAY, RULE) == 3
    assert window_index(days_ago(29), TODAY, RULE) == 3
    assert window_index(days_ago(30), TODAY, RULE) == 2
    assert window_index(days_ago(119), TODAY, RULE) == 0
    assert window_index(days_ago(120), TODAY, RULE) is None
    assert window_index(TODAY + timedelta(days=1), TODAY, RULE) is None


def test_each_village_is_compared_with_its_own_past():
    rows = (
        # A big village: always about 6 a month, 7 now: no warning.
        [("big", days_ago(d)) for d in (100, 101, 102, 103, 104, 105, 70, 71, 72, 73, 74, 75, 40, 41, 42, 43, 44, 45, 1, 2, 3, 4, 5, 6, 7)]
        # A quiet village: 1 a month before, 4 now: warning.
        + [("quiet", days_ago(d)) for d in (100, 70, 40, 1, 5, 9, 12)]
    )
    series = count_by_window(rows, TODAY, RULE)
    assert series == {"big": [6, 6, 6, 7], "quiet": [1, 1, 1, 4]}
    spikes = detect_spikes(series, RULE)
    assert [(s.key, s.current, s.baseline) for s in spikes] == [("quiet", 4, 1.0)]


def test_below_the_minimum_count_is_no_spike_even_from_zero():
    assert detect_spikes({"a": [0, 0, 0, 2]}, RULE) == []
    assert [s.key for s in detect_spikes({"a": [0, 0, 0, 3]}, RULE)] == ["a"]


def test_factor_is_compared_with_the_mean_of_the_earlier_windows():
    assert detect_spikes({"a": [2, 2, 2, 3]}, RULE) == []  # 3 < 2 × 2
    assert [s.ratio for s in detect_spikes({"a": [2, 2, 2, 4]}, RULE)] == [2.0]


def test_person_key_prefers_the_id_number_then_name_and_phone():
    assert person_key("张三", "11010519491231002x", "138") == "id:11010519491231002X"
    assert person_key(" 张三 ", "", "13800000000") == "name:张三|13800000000"
    assert person_key("张三", "", "13800000000") != person_key("张三", "", "13900000000")


def test_repeat_filers_reach_the_threshold_with_distinct_cases():
    rows = [("k1", "周桂芳", 1), ("k1", "周桂芳", 2), ("k1", "周桂芳", 2), ("k1", "周桂芳", 3), ("k2", "李四", 4), ("k2", "李四", 5)]
    found = repeat_filers(rows, threshold=3)
    assert [(f.name, f.case_ids) for f in found] == [("周桂芳", [1, 2, 3])]
