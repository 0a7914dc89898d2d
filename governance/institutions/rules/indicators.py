"""Assessment indicators: which record counts, how a rate is formed, the weighted total, the ranking.

Pure: the selectors read the records of the period and hand plain values to these functions.

Every rate is numerator / denominator × 100, rounded half-up to two decimals; a rate with nothing to
count (denominator 0) is "not applicable" (None), never 0 or 100: a department that received no
cases is neither perfect nor failing on completion. The weighted total averages the applicable
indicators by their weights (the weights of inapplicable ones drop out), so departments and
workstations, which are measured on different indicators, stay comparable on a 0–100 scale.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

ON_TIME_ACCEPTANCE = "on_time_acceptance"
ON_TIME_COMPLETION = "on_time_completion"
RESOLUTION_RATE = "resolution_rate"
SATISFACTION = "satisfaction"
REPORT_TIMELINESS = "report_timeliness"
RECTIFICATION_ON_TIME = "rectification_on_time"
MEETING_ATTENDANCE = "meeting_attendance"
PLANS_ON_TIME = "plans_on_time"  # 社区治安防控计划 milestones (governance.plans)
INCIDENTS_HANDLED = "incidents_handled"  # 联动 incidents (governance.incidents)
INSPECTION = "inspection"  # 明查暗访: entered, 0–100

COMPUTED_INDICATORS = (
    ON_TIME_ACCEPTANCE,
    ON_TIME_COMPLETION,
    RESOLUTION_RATE,
    SATISFACTION,
    REPORT_TIMELINESS,
    RECTIFICATION_ON_TIME,
    MEETING_ATTENDANCE,
    PLANS_ON_TIME,
    INCIDENTS_HANDLED,
)
ALL_INDICATORS = COMPUTED_INDICATORS + (INSPECTION,)

LABELS = {
    ON_TIME_ACCEPTANCE: _("On-time acceptance"),
    ON_TIME_COMPLETION: _("On-time completion"),
    RESOLUTION_RATE: _("Resolution rate"),
    SATISFACTION: _("Follow-up satisfaction"),
    REPORT_TIMELINESS: _("Report timeliness"),
    RECTIFICATION_ON_TIME: _("Rectification on time"),
    MEETING_ATTENDANCE: _("Meeting attendance"),
    PLANS_ON_TIME: _("Prevention plan milestones on time"),
    INCIDENTS_HANDLED: _("Incidents handled"),
    INSPECTION: _("Unannounced inspection"),
}

DEFINITIONS = {
    ON_TIME_ACCEPTANCE: _(
        "Cases whose acceptance decision (or, for a department, signing for a routed case) was due in the period: "
        "decided by the due date ÷ all of them."
    ),
    ON_TIME_COMPLETION: _("Cases whose handling deadline fell in the period: resolved by the deadline ÷ all of them."),
    RESOLUTION_RATE: _("Cases resolved in the period: outcome counts as resolved ÷ all resolved."),
    SATISFACTION: _("Follow-up visits in the period: satisfied ÷ all visits."),
    REPORT_TIMELINESS: _("Half-monthly screening reports due in the period: filed on time ÷ all due."),
    RECTIFICATION_ON_TIME: _("Rectification notices with a deadline in the period: rectified by the deadline ÷ all of them."),
    MEETING_ATTENDANCE: _("Joint meetings held in the period: departments present ÷ departments expected."),
    PLANS_ON_TIME: _(
        "Milestones of approved community prevention plans due in the period: confirmed done by the due date ÷ all of them "
        "(a department answers for the milestones it owns, a workstation for its village's own)."
    ),
    INCIDENTS_HANDLED: _("Incidents and early signs opened in the period (cancelled ones left out): closed ÷ all of them."),
    INSPECTION: _("Score of the unannounced inspections (明查暗访), entered by the assessors, 0–100."),
}

# Which indicators measure which kind of unit. Acceptance for a department is signing for a
# routed case within the objection window (it cannot accept on the center's behalf).
DEPARTMENT, WORKSTATION, CENTER = "department", "workstation", "center"
APPLICABLE = {
    DEPARTMENT: (
        ON_TIME_ACCEPTANCE,
        ON_TIME_COMPLETION,
        RESOLUTION_RATE,
        SATISFACTION,
        RECTIFICATION_ON_TIME,
        MEETING_ATTENDANCE,
        PLANS_ON_TIME,
        INSPECTION,
    ),
    WORKSTATION: (RESOLUTION_RATE, SATISFACTION, REPORT_TIMELINESS, PLANS_ON_TIME, INSPECTION),
    CENTER: ALL_INDICATORS,
}

DEFAULT_WEIGHTS = {
    ON_TIME_ACCEPTANCE: 10,
    ON_TIME_COMPLETION: 15,
    RESOLUTION_RATE: 15,
    SATISFACTION: 15,
    REPORT_TIMELINESS: 10,
    RECTIFICATION_ON_TIME: 10,
    MEETING_ATTENDANCE: 5,
    PLANS_ON_TIME: 5,
    INCIDENTS_HANDLED: 5,
    INSPECTION: 10,
}

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Ratio:
    numerator: int = 0
    denominator: int = 0

    @property
    def rate(self) -> Decimal | None:
        if not self.denominator:
            return None
        return _round(Decimal(self.numerator) * HUNDRED / Decimal(self.denominator))

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.numerator + other.numerator, self.denominator + other.denominator)

    def __str__(self):
        return f"{self.numerator}/{self.denominator}"


def deadline_outcome(due: date | None, done_on: date | None, as_of: date) -> bool | None:
    """One record against its deadline: True if done by `due`, False if done late or still not
    done after `due`, None if it does not count yet (no deadline, or not due and not done)."""
    if due is None:
        return None
    if done_on is not None:
        return done_on <= due
    return False if due < as_of else None


def ratio_of(outcomes) -> Ratio:
    """Count True outcomes over the outcomes that count (None is left out)."""
    counted = [o for o in outcomes if o is not None]
    return Ratio(sum(1 for o in counted if o), len(counted))


def validate_weights(weights: dict) -> dict:
    """Known indicators only, whole numbers 0–100, at least one above zero; missing ones are 0.

    Raises ValueError naming the offending indicator ("all" when every weight is zero)."""
    unknown = set(weights) - set(ALL_INDICATORS)
    if unknown:
        raise ValueError(sorted(unknown)[0])
    cleaned = {}
    for key in ALL_INDICATORS:
        value = weights.get(key, 0)
        if isinstance(value, bool):
            raise ValueError(key)
        try:
            number = int(str(value).strip())
        except ValueError:
            raise ValueError(key) from None
        if not 0 <= number <= 100:
            raise ValueError(key)
        cleaned[key] = number
    if not any(cleaned.values()):
        raise ValueError("all")
    return cleaned


def indicator_values(ratios: dict, subject: str, inspection_score: Decimal | None) -> dict:
    """{indicator: rate or None} for a unit of this subject kind; inapplicable ones are None."""
    values = {}
    for key in ALL_INDICATORS:
        if key not in APPLICABLE[subject]:
            values[key] = None
        elif key == INSPECTION:
            values[key] = None if inspection_score is None else _round(Decimal(inspection_score))
        else:
            ratio = ratios.get(key)
            values[key] = ratio.rate if ratio is not None else None
    return values


def weighted_total(values: dict, weights: dict) -> Decimal | None:
    """Σ weight × value ÷ Σ weight over the indicators that have a value; None if none has."""
    numerator = Decimal(0)
    denominator = 0
    for key, value in values.items():
        weight = weights.get(key, 0)
        if value is None or not weight:
            continue
        numerator += Decimal(weight) * Decimal(value)
        denominator += weight
    if not denominator:
        return None
    return _round(numerator / Decimal(denominator))


def rank(totals: dict) -> dict:
    """Competition ranking (1, 2, 2, 4) by total, highest first; units without a total get None."""
    ordered = sorted((value for value in totals.values() if value is not None), reverse=True)
    first_position = {}
    for position, value in enumerate(ordered, start=1):
        first_position.setdefault(value, position)
    return {key: (first_position[value] if value is not None else None) for key, value in totals.items()}
