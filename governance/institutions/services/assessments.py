"""Assessments (考核): create for a period, compute the indicators from the records, enter the
inspection scores (明查暗访), edit the weights, publish. A center assesses its departments and
workstations; the county ranks its centers on the same indicators."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.institutions.models import Assessment, AssessmentResult
from governance.institutions.rules import flows, periods
from governance.institutions.rules import indicators as ind
from governance.institutions.selectors.indicators import collect_units
from governance.institutions.services import common

SUBJECT = "assessment"
FLOW = flows.ASSESSMENT_FLOW
RANK_CENTERS = "institutions.rank_centers"


def relations(actor, assessment):
    """OWNER: the assessment's own center staff, or county staff (with the right) for a county ranking."""
    if actor is None:
        return {flows.SYSTEM}
    if assessment.center_id is None:
        base = common.relations_to(actor, None)
        return {flows.OWNER} if flows.COUNTY in base and actor.has_perm(RANK_CENTERS) else set()
    if flows.CENTER in common.relations_to(actor, assessment.center_id):
        return {flows.OWNER}
    return set()


ASSESSMENT = Lifecycle(model=Assessment, flow=FLOW, relations=relations, subject=SUBJECT, live_reason=common.LIVE_REASON)


def default_title(center, kind, subject, year, number):
    label = dict(Assessment.Kind.choices)[kind]
    units = dict(Assessment.Subject.choices)[subject]
    if kind == periods.QUARTERLY:
        when = _("%(year)s Q%(n)s") % {"year": year, "n": number}
    elif kind == periods.HALF_YEAR:
        when = (_("%(year)s first half") if number == 1 else _("%(year)s second half")) % {"year": year}
    else:
        when = str(year)
    owner = center.short_name if center else _("County")
    return f"{owner} {when} {label}（{units}）"


@transaction.atomic
def assessment_create(*, actor, center, kind, subject, year, number=1):
    """A new assessment for a period (draft), with the default weights."""
    if kind not in Assessment.Kind.values or subject not in Assessment.Subject.values:
        raise ValidationError({"kind": _("Choose the kind of assessment and the units assessed.")})
    if (subject == Assessment.Subject.CENTERS) != (center is None):
        raise ValidationError({"subject": _("Centers are ranked at county level; a center assesses its departments and workstations.")})
    try:
        start, end = periods.assessment_period(kind, year, number)
    except ValueError:
        raise ValidationError({"number": _("No such period in the year.")}) from None
    draft = Assessment(
        center=center,
        kind=kind,
        subject=subject,
        year=year,
        number=number,
        period_start=start,
        period_end=end,
        title=default_title(center, kind, subject, year, number),
        created_by=actor,
    )
    allowed = relations(actor, draft)
    if actor is not None and (flows.OWNER not in allowed or not actor.has_perm(flows.RUN_ASSESSMENT)):
        raise flows.MoveNotAllowed(_("You do not have permission for this action."))
    if start > common.today():
        raise ValidationError({"number": _("This period has not started yet.")})
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        raise ValidationError({"number": _("This assessment already exists.")}) from None
    engine.note(ASSESSMENT, draft, "create", actor, from_status="")
    return draft


def _rerank(assessment, results):
    for result in results:
        values = {key: (Decimal(v) if v is not None else None) for key, v in result.values.items()}
        values[ind.INSPECTION] = Decimal(result.inspection_score) if result.inspection_score is not None else None
        if ind.INSPECTION not in ind.APPLICABLE[_subject_kind(assessment)]:
            values[ind.INSPECTION] = None
        result.values = {key: (str(v) if v is not None else None) for key, v in values.items()}
        result.total = ind.weighted_total(values, assessment.weights)
    ranks = ind.rank({r.unit_key: r.total for r in results})
    for result in results:
        result.rank = ranks[result.unit_key]
    AssessmentResult.objects.bulk_update(results, ["values", "total", "rank"])


def _subject_kind(assessment):
    return {"departments": ind.DEPARTMENT, "workstations": ind.WORKSTATION, "centers": ind.CENTER}[assessment.subject]


@transaction.atomic
def assessment_compute(*, pk, actor):
    """Compute every unit's indicators from the records of the period (as of today) and rank them.
    Entered inspection scores are kept; units that left (disabled) are dropped."""
    as_of = common.today()

    def apply(assessment):
        units = collect_units(assessment.subject, assessment.center_id, assessment.period_start, assessment.period_end, as_of)
        existing = {r.unit_key: r for r in assessment.results.all()}
        keep = []
        for order, unit in enumerate(units):
            result = existing.pop(unit.key, None) or AssessmentResult(assessment=assessment, unit_key=unit.key)
            values = ind.indicator_values(unit.ratios, unit.subject, result.inspection_score)
            result.name, result.sort_order = unit.name, order
            result.ratios = {key: [r.numerator, r.denominator] for key, r in unit.ratios.items()}
            result.values = {key: (str(v) if v is not None else None) for key, v in values.items()}
            result.save()
            keep.append(result)
        AssessmentResult.objects.filter(pk__in=[r.pk for r in existing.values()]).delete()
        _rerank(assessment, keep)
        assessment.computed_at = timezone.now()
        return ["computed_at"]

    return engine.perform(ASSESSMENT, pk, "compute", actor, apply=apply, data={"as_of": as_of.isoformat()})


def parse_score(value):
    if value in (None, ""):
        return None
    try:
        score = Decimal(str(value).strip())
    except InvalidOperation:
        raise ValidationError({"scores": _("Scores are numbers from 0 to 100.")}) from None
    if not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"scores": _("Scores are numbers from 0 to 100.")})
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def assessment_set_scores(*, pk, actor, scores):
    """Enter the unannounced-inspection scores: {result_id: score or None}; totals and ranks follow."""
    cleaned = {int(k): parse_score(v) for k, v in scores.items()}

    def apply(assessment):
        results = list(assessment.results.all())
        by_id = {r.pk: r for r in results}
        if set(cleaned) - set(by_id):
            raise ValidationError({"scores": _("A unit is not part of this assessment.")})
        for result_id, score in cleaned.items():
            by_id[result_id].inspection_score = score
        AssessmentResult.objects.bulk_update(results, ["inspection_score"])
        _rerank(assessment, results)

    return engine.perform(
        ASSESSMENT, pk, "scores", actor, apply=apply, data={"scores": {str(k): (str(v) if v is not None else None) for k, v in cleaned.items()}}
    )


@transaction.atomic
def assessment_set_weights(*, pk, actor, weights):
    """Edit the weights (whole numbers 0–100); totals and ranks are recomputed."""
    try:
        cleaned = ind.validate_weights(weights)
    except ValueError as exc:
        raise ValidationError({"weights": _("Weights are whole numbers from 0 to 100, at least one above 0 (%(key)s).") % {"key": exc}}) from None

    def apply(assessment):
        assessment.weights = cleaned
        _rerank(assessment, list(assessment.results.all()))
        return ["weights"]

    return engine.perform(ASSESSMENT, pk, "weights", actor, apply=apply, data={"weights": cleaned})


@transaction.atomic
def assessment_publish(*, pk, actor):
    """Publish: the results are final and read-only."""

    def apply(assessment):
        if not assessment.results.exists():
            raise ValidationError({"status": _("There are no results to publish.")})
        assessment.published_at = timezone.now()
        return ["published_at"]

    return engine.perform(ASSESSMENT, pk, "publish", actor, apply=apply)
