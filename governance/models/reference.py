"""Reference data edited in the admin (low-code): lists, deadline rules, routing, holidays.

Reference entries with no center are county-wide (the county standardises its registers);
a center may add entries of its own. Code relies only on the stable `code` of an entry.
"""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models.org import Center, Department


class ReferenceKind(models.TextChoices):
    CATEGORY = "category", _("Case category")
    SOURCE = "source", _("Case source")
    PETITION_KIND = "petition_kind", _("Petition kind")
    MEDIATION_TYPE = "mediation_type", _("Mediation type")
    TIER = "tier", _("Complexity tier")
    RISK = "risk", _("Risk grade")
    OUTCOME = "outcome", _("Outcome")


def new_reference_code(center_id=None):
    """A generated code for a new entry (never typed): the center's (c<pk>-…) or the county's (county-…),
    unique without counting rows, as the ledger import makes them."""
    return f"{f'c{center_id}' if center_id else 'county'}-{uuid.uuid4().hex[:12]}"


class ReferenceItem(models.Model):
    kind = models.CharField(_("list"), max_length=20, choices=ReferenceKind.choices, db_index=True)
    code = models.SlugField(_("code"), max_length=40, help_text=_("Stable identifier used by the system; do not change it once in use."))
    name = models.CharField(_("name"), max_length=60)
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for an entry shared by every center of the county."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # Only meaningful for outcomes: whether the matter counts as resolved (化解).
    counts_as_resolved = models.BooleanField(_("counts as resolved"), default=False)

    class Meta:
        verbose_name = _("reference entry")
        verbose_name_plural = _("reference lists")
        ordering = ["kind", "sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "code", "center"], name="reference_unique_code"),
            models.UniqueConstraint(fields=["kind", "code"], condition=models.Q(center__isnull=True), name="reference_unique_shared_code"),
        ]

    def __str__(self):
        return self.name


class CaseKind(models.TextChoices):
    DISPUTE = "dispute", _("Dispute")
    PETITION = "petition", _("Petition")
    HAZARD = "hazard", _("Hazard")
    INCIDENT = "incident", _("Incident")


class DeadlineStage(models.TextChoices):
    ACCEPTANCE = "acceptance", _("Acceptance decision")
    HANDLING = "handling", _("Handling")
    EXTENSION = "extension", _("Extension (longest)")
    OBJECTION = "objection", _("Objection to routing")
    REVIEW_REQUEST = "review_request", _("Review / re-review application")
    REVIEW = "review", _("Review / re-review answer")
    JUDICIAL_CONFIRMATION = "judicial_confirmation", _("Judicial confirmation application")


class CountsFrom(models.TextChoices):
    """The event a period counts from (the day of the event itself is not counted)."""

    RECEIVED = "received", _("the day the matter was received")
    ACCEPTED = "accepted", _("the day it was accepted")
    ROUTED = "routed", _("the day it was routed")
    REPLIED = "replied", _("the day the party was answered")
    REQUESTED = "requested", _("the day the review was applied for")
    AGREEMENT = "agreement", _("the day of the mediation agreement")
    STATUTORY_END = "statutory_end", _("the end of the statutory period")


# Where each stage counts from unless an admin says otherwise (信访工作条例, 人民调解法).
DEFAULT_COUNTS_FROM = {
    "acceptance": CountsFrom.RECEIVED,
    "handling": CountsFrom.ACCEPTED,
    "extension": CountsFrom.STATUTORY_END,
    "objection": CountsFrom.ROUTED,
    "review_request": CountsFrom.REPLIED,
    "review": CountsFrom.REQUESTED,
    "judicial_confirmation": CountsFrom.AGREEMENT,
}


class DeadlineUnit(models.TextChoices):
    CALENDAR = "calendar", _("calendar days")
    WORKING = "working", _("working days")


class DeadlineRule(models.Model):
    """How long a stage may take. The most specific matching rule wins."""

    name = models.CharField(_("name"), max_length=80)
    stage = models.CharField(_("stage"), max_length=24, choices=DeadlineStage.choices)
    counts_from = models.CharField(
        _("counts from"),
        max_length=16,
        choices=CountsFrom.choices,
        default=CountsFrom.ACCEPTED,
        help_text=_("The event the period is counted from; the day of the event itself is not counted."),
    )
    case_kind = models.CharField(_("case kind"), max_length=20, choices=CaseKind.choices, blank=True)
    petition_kind = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("petition kind"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": ReferenceKind.PETITION_KIND},
    )
    tier = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("complexity tier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": ReferenceKind.TIER},
    )
    mediation_type = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("mediation type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": ReferenceKind.MEDIATION_TYPE},
    )
    amount = models.PositiveSmallIntegerField(_("length"), validators=[MinValueValidator(1), MaxValueValidator(365)])
    unit = models.CharField(_("unit"), max_length=10, choices=DeadlineUnit.choices, default=DeadlineUnit.CALENDAR)
    yellow_days = models.PositiveSmallIntegerField(_("warn days before"), default=3, help_text=_("Turns yellow this many days before the deadline."))
    basis = models.CharField(_("legal basis"), max_length=120, blank=True)
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["stage", "case_kind", "amount"]

    def __str__(self):
        return f"{self.name}（{self.amount}{self.get_unit_display()}）"

    @property
    def specificity(self):
        return sum(bool(x) for x in (self.case_kind, self.petition_kind_id, self.tier_id, self.mediation_type_id, self.center_id))


class RoutingRule(models.Model):
    """Category → suggested lead (and cooperating) departments, per center."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="+")
    category = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": ReferenceKind.CATEGORY},
    )
    lead_department = models.ForeignKey(Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+")
    cooperating_departments = models.ManyToManyField(Department, verbose_name=_("cooperating departments"), blank=True, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [models.UniqueConstraint(fields=["center", "category"], name="routing_unique_category")]

    def __str__(self):
        return f"{self.category} → {self.lead_department}"


class HolidayOverride(models.Model):
    """A day of the official schedule: a statutory rest day or a make-up working day (调休)."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("working day"), help_text=_("Tick for a make-up working day; leave empty for a rest day."))
    name = models.CharField(_("name"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("holiday calendar day")
        verbose_name_plural = _("holiday calendar")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.name}"


class HolidayYear(models.Model):
    """A year whose whole official holiday schedule has been entered in the holiday calendar."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True, validators=[MinValueValidator(2000)])
    note = models.CharField(_("source"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("entered holiday year")
        verbose_name_plural = _("entered holiday years")
        ordering = ["year"]

    def __str__(self):
        return str(self.year)
