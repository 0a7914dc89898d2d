"""Assessments (考核): quarterly checks, half-year and annual assessments of departments and
workstations; the county ranks its centers on the same indicators."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.institutions.rules import flows, indicators, periods
from governance.models import Center


def default_weights():
    return dict(indicators.DEFAULT_WEIGHTS)


class Assessment(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Kind(models.TextChoices):
        QUARTERLY = periods.QUARTERLY, _("Quarterly check")
        HALF_YEAR = periods.HALF_YEAR, _("Half-year assessment")
        ANNUAL = periods.ANNUAL, _("Annual assessment")

    class Subject(models.TextChoices):
        DEPARTMENTS = "departments", _("Member departments")
        WORKSTATIONS = "workstations", _("Workstations")
        CENTERS = "centers", _("Centers of the county")

    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text=_("Empty for the county's ranking of its centers."),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    subject = models.CharField(_("assessed units"), max_length=15, choices=Subject.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("period no."), default=1, help_text=_("Quarter 1–4, half-year 1–2; 1 for the year."))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    title = models.CharField(_("title"), max_length=120)
    weights = models.JSONField(_("weights"), default=default_weights)
    status = models.CharField(_("status"), max_length=10, choices=flows.ASSESSMENT_FLOW.states, default=flows.DRAFT)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-period_end", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "kind", "subject", "year", "number"],
                condition=models.Q(center__isnull=False),
                name="assessment_unique_center_period",
            ),
            models.UniqueConstraint(
                fields=["kind", "subject", "year", "number"], condition=models.Q(center__isnull=True), name="assessment_unique_county_period"
            ),
        ]
        permissions = [
            ("run_assessment", _("Can run assessments and enter inspection scores")),
            ("rank_centers", _("Can rank the centers of the county")),
        ]

    def __str__(self):
        return self.title


class AssessmentResult(models.Model):
    """One assessed unit: its computed rates, the entered inspection score, the total and rank."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    assessment = models.ForeignKey(Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="results")
    unit_key = models.CharField(max_length=40)  # "department:12", "workstation:3", "center:1"
    name = models.CharField(_("unit"), max_length=80)
    ratios = models.JSONField(_("counts"), default=dict, blank=True)  # {indicator: [numerator, denominator]}
    values = models.JSONField(_("rates"), default=dict, blank=True)  # {indicator: "95.00" or None}
    inspection_score = models.DecimalField(
        _("inspection score"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    total = models.DecimalField(_("total score"), max_digits=5, decimal_places=2, null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("assessment result")
        verbose_name_plural = _("assessment results")
        ordering = ["assessment", "rank", "sort_order"]
        constraints = [models.UniqueConstraint(fields=["assessment", "unit_key"], name="assessment_result_unique_unit")]

    def __str__(self):
        return self.name
