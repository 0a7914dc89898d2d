"""governance.selectors.lobby.figures counts what the screen's labels say (FIGURE_DEFINITIONS)."""

from datetime import timedelta

import pytest

from governance.selectors.lobby import figures
from governance.services import cases as services
from tests.factories import clock, reference, register  # noqa: F401 (fixtures)


@pytest.fixture
def director(center, make_user, reference):  # noqa: F811
    return make_user("director", center)


def test_acceptance_counts_cases_registered_earlier(center, director, reference, clock):  # noqa: F811
    today = clock.today
    earlier = register(center, director, reference, received_on=today - timedelta(days=2))
    register(center, director, reference, received_on=today)
    services.case_accept(case_id=earlier.pk, actor=director, notice_date=today)

    counts = figures(center.pk, today)

    assert counts["registered_today"] == 1  # registration date today
    assert counts["accepted_today"] == 1  # accepted today, although registered two days ago
    assert counts["resolved_today"] == 0
    assert counts["on_time_rate"] is None  # "—": nothing resolved with a deadline this month
    # Counts only: no case detail reaches the screen from this section.
    assert all(isinstance(value, int) or value is None for value in counts.values())


def test_every_lifecycle_names_the_sections_its_changes_refresh():
    """An unknown reason refreshes every section of every screen of the center: each lifecycle's
    `live_reason` must be listed (tests/governance/flow/test_status_writes.py imports them all)."""
    import importlib
    from pathlib import Path

    from governance.flow import engine
    from governance.selectors.lobby import REASON_SECTIONS

    root = Path(__file__).resolve().parents[3]
    for path in sorted((root / "governance").rglob("*.py")):
        if "migrations" not in path.parts and "Lifecycle(" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(root).with_suffix("").parts))
    reasons = {lifecycle.live_reason for lifecycle in engine._REGISTRY.values()}
    assert reasons - set(REASON_SECTIONS) == set()
