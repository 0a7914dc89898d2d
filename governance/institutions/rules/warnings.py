"""Early warnings of the situation analysis (形势分析), as pure functions of counts and dates.

A village or a category "rises sharply" when its count in the latest window (30 days by default)
reaches `min_count` and is at least `factor` times its own baseline, the mean of the windows
before it (by default 5 cases and 3 times: with the small counts of a township, a doubling from 1
to 2 or 2 to 4 is noise, not a trend). Comparing each key with its own past, not with the others, keeps a big village from
always looking alarming and a quiet one from never doing so.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class SpikeRule:
    window_days: int = 30
    baseline_windows: int = 3
    factor: float = 3.0
    min_count: int = 5


@dataclass(frozen=True)
class Spike:
    key: object
    current: int
    baseline: float

    @property
    def ratio(self) -> float | None:
        return None if not self.baseline else self.current / self.baseline


def windows(today: date, rule: SpikeRule) -> list[tuple[date, date]]:
    """(first, last) day of each window, oldest first; the last window ends today."""
    spans = []
    for index in range(rule.baseline_windows, -1, -1):
        last = today - timedelta(days=index * rule.window_days)
        spans.append((last - timedelta(days=rule.window_days - 1), last))
    return spans


def window_index(day: date, today: date, rule: SpikeRule) -> int | None:
    """Which window `day` falls in (0 = oldest, baseline_windows = current), or None if outside."""
    age = (today - day).days
    if age < 0:
        return None
    back = age // rule.window_days
    if back > rule.baseline_windows:
        return None
    return rule.baseline_windows - back


def count_by_window(rows, today: date, rule: SpikeRule) -> dict:
    """{key: [count per window, oldest first]} from (key, day) rows."""
    series = {}
    size = rule.baseline_windows + 1
    for key, day in rows:
        index = window_index(day, today, rule)
        if index is None:
            continue
        series.setdefault(key, [0] * size)[index] += 1
    return series


def detect_spikes(series: dict, rule: SpikeRule) -> list[Spike]:
    """The keys whose latest count is at least `min_count` and `factor` × their baseline.

    With an empty baseline (nothing in the earlier windows) reaching `min_count` is a spike.
    Sorted by how far above the baseline, largest first.
    """
    spikes = []
    for key, counts in series.items():
        *earlier, current = counts
        baseline = sum(earlier) / len(earlier) if earlier else 0.0
        if current < rule.min_count:
            continue
        if baseline and current < rule.factor * baseline:
            continue
        spikes.append(Spike(key, current, round(baseline, 2)))
    return sorted(spikes, key=lambda s: (-(s.current - s.baseline), str(s.key)))


# --- the same person filing again and again ----------------------------------------------------------


def person_key(name: str, id_number: str = "", phone: str = "") -> str:
    """Who filed: the ID number when known, else the name with the phone (names repeat in a township)."""
    id_number = (id_number or "").strip().upper()
    if id_number:
        return f"id:{id_number}"
    return f"name:{(name or '').strip()}|{(phone or '').strip()}"


@dataclass
class RepeatFiler:
    key: str
    name: str
    case_ids: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.case_ids)


def repeat_filers(rows, threshold: int) -> list[RepeatFiler]:
    """People who are the applicant of at least `threshold` cases, from (key, name, case_id) rows."""
    people = {}
    for key, name, case_id in rows:
        filer = people.setdefault(key, RepeatFiler(key, name))
        if case_id not in filer.case_ids:
            filer.case_ids.append(case_id)
    found = [filer for filer in people.values() if filer.count >= threshold]
    return sorted(found, key=lambda f: (-f.count, f.name))
