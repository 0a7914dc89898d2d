"""governance.institutions.demo_cases: the demo history runs "as of" past days and puts the clock back."""

from datetime import date

import pytest
from django.utils import timezone

from governance.institutions.demo_cases import as_of


def test_as_of_runs_the_block_at_ten_on_the_day_and_restores_the_clock():
    real_now = timezone.now

    with as_of(date(2026, 3, 2)):
        assert timezone.localtime(timezone.now()).isoformat().startswith("2026-03-02T10:00")

    assert timezone.now is real_now


def test_as_of_restores_the_clock_when_the_block_fails():
    real_now = timezone.now

    with pytest.raises(RuntimeError), as_of(date(2026, 3, 2)):
        raise RuntimeError("step failed")

    assert timezone.now is real_now
