"""governance.institutions.rules.indicators: the formulas on hand-built data. Pure: no database."""

from datetime import date
from decimal import Decimal

import pytest

from governance.institutions.rules import indicators as ind
from governance.institutions.rules.indicators import Ratio, deadline_outcome, rank, ratio_of, weighted_total

AS_OF = date(2026, 10, 10)


@pytest.mark.parametrize(
    ("due", "done", "expected"),
    [
        (date(2026, 9, 30), date(2026, 9, 30), True),  # on the due day
        (date(2026, 9, 30), date(2026, 9, 1), True),
        (date(2026, 9, 30), date(2026, 10, 1), False),  # a day late
        (date(2026, 9, 30), None, False),  # still not done after the due day
        (date(2026, 10, 10), None, None),  # due today, not done yet: not counted yet
        (date(2026, 10, 20), None, None),
        (None, date(2026, 9, 1), None),  # no deadline: not counted
    ],
)
def test_deadline_outcome(due, done, expected):
    assert deadline_outcome(due, done, AS_OF) is expected


def test_ratio_counts_only_what_counts():
    assert ratio_of([True, True, False, None, None]) == Ratio(2, 3)


@pytest.mark.parametrize(
    ("ratio", "rate"),
    [
        (Ratio(2, 3), Decimal("66.67")),
        (Ratio(1, 8), Decimal("12.50")),
        (Ratio(1, 200), Decimal("0.50")),
        (Ratio(5, 5), Decimal("100.00")),
        (Ratio(0, 0), None),
    ],
)
def test_rates_round_half_up_to_two_decimals(ratio, rate):
    assert ratio.rate == rate


def test_ratios_add():
    assert Ratio(1, 2) + Ratio(3, 4) == Ratio(4, 6)


def test_a_department_is_not_measured_on_report_timeliness():
    ratios = {key: Ratio(1, 2) for key in ind.COMPUTED_INDICATORS}
    values = ind.indicator_values(ratios, ind.DEPARTMENT, Decimal("90"))
    assert values[ind.REPORT_TIMELINESS] is None
    assert values[ind.ON_TIME_COMPLETION] == Decimal("50.00")
    assert values[ind.INSPECTION] == Decimal("90.00")


def test_a_workstation_is_measured_on_reports_resolution_satisfaction_plans_and_inspection():
    ratios = {key: Ratio(3, 4) for key in ind.COMPUTED_INDICATORS}
    values = ind.indicator_values(ratios, ind.WORKSTATION, None)
    assert {k for k, v in values.items() if v is not None} == {ind.RESOLUTION_RATE, ind.SATISFACTION, ind.REPORT_TIMELINESS, ind.PLANS_ON_TIME}


def test_incidents_handled_measures_the_center_only():
    ratios = {key: Ratio(1, 2) for key in ind.COMPUTED_INDICATORS}
    assert ind.indicator_values(ratios, ind.CENTER, None)[ind.INCIDENTS_HANDLED] == Decimal("50.00")
    assert ind.indicator_values(ratios, ind.DEPARTMENT, None)[ind.INCIDENTS_HANDLED] is None
    assert ind.indicator_values(ratios, ind.WORKSTATION, None)[ind.INCIDENTS_HANDLED] is None


def test_weighted_total_on_a_hand_built_department():
    # Completion 4/5 = 80, resolution 3/4 = 75, satisfaction 1/1 = 100, inspection 90;
    # acceptance, rectification and attendance had nothing to count.
    ratios = {
        ind.ON_TIME_ACCEPTANCE: Ratio(0, 0),
        ind.ON_TIME_COMPLETION: Ratio(4, 5),
        ind.RESOLUTION_RATE: Ratio(3, 4),
        ind.SATISFACTION: Ratio(1, 1),
        ind.RECTIFICATION_ON_TIME: Ratio(0, 0),
        ind.MEETING_ATTENDANCE: Ratio(0, 0),
    }
    values = ind.indicator_values(ratios, ind.DEPARTMENT, Decimal(90))
    # (15×80 + 15×75 + 15×100 + 10×90) / (15+15+15+10) = 4725/55 = 85.909…
    assert weighted_total(values, ind.DEFAULT_WEIGHTS) == Decimal("85.91")


def test_weighted_total_ignores_zero_weights_and_is_none_with_nothing_to_count():
    values = {ind.ON_TIME_COMPLETION: Decimal(50), ind.RESOLUTION_RATE: Decimal(100)}
    assert weighted_total(values, {ind.ON_TIME_COMPLETION: 0, ind.RESOLUTION_RATE: 10}) == Decimal("100.00")
    assert weighted_total({key: None for key in ind.ALL_INDICATORS}, ind.DEFAULT_WEIGHTS) is None


def test_competition_ranking_shares_ties_and_leaves_units_without_total_unranked():
    totals = {"a": Decimal("90"), "b": Decimal("95.5"), "c": Decimal("90"), "d": Decimal("70"), "e": None}
    assert rank(totals) == {"b": 1, "a": 2, "c": 2, "d": 4, "e": None}


def test_default_weights_sum_to_one_hundred():
    assert sum(ind.DEFAULT_WEIGHTS.values()) == 100
    assert set(ind.DEFAULT_WEIGHTS) == set(ind.ALL_INDICATORS)


def test_weights_are_validated():
    assert ind.validate_weights({ind.SATISFACTION: "15", ind.INSPECTION: 5}) == {
        **{key: 0 for key in ind.ALL_INDICATORS},
        ind.SATISFACTION: 15,
        ind.INSPECTION: 5,
    }
    for bad in (
        {ind.SATISFACTION: -1},
        {ind.SATISFACTION: 101},
        {ind.SATISFACTION: "x"},
        {"speed": 3},
        {ind.SATISFACTION: 0},
        {ind.SATISFACTION: True},
    ):
        with pytest.raises(ValueError):
            ind.validate_weights(bad)
