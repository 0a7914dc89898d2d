"""Screening reports (矛盾隐患排查报告): every workstation reports each half-month (a zero report
when nothing was found); an urgent report can come at any time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Case, CaseKind, Center, ReferenceItem, ReferenceKind, Workstation


class ScreeningReport(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Kind(models.TextChoices):
        REGULAR = "regular", _("Half-monthly report")
        URGENT = "urgent", _("Urgent report (incident or group event)")

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="screening_reports")
    workstation = models.ForeignKey(Workstation, verbose_name=_("workstation"), on_delete=models.PROTECT, related_name="screening_reports")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGULAR)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    is_zero = models.BooleanField(_("zero report"), default=False, help_text=_("Nothing was found in this period."))
    summary = models.TextField(_("summary"), blank=True)
    people_count = models.PositiveIntegerField(_("people involved"), default=0)
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    filed_on = models.DateField(_("filed on"))
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    on_time = models.BooleanField(_("on time"), default=True)
    incident_case = models.ForeignKey(Case, verbose_name=_("incident case"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("screening report")
        verbose_name_plural = _("screening reports")
        ordering = ["-filed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["workstation", "period_start"], condition=models.Q(kind="regular"), name="screening_one_regular_per_period"
            ),
        ]
        indexes = [models.Index(fields=["center", "kind", "period_start"], name="screening_center_period")]
        permissions = [("file_screeningreport", _("Can file screening reports"))]

    def __str__(self):
        return f"{self.workstation} {self.period_start:%Y-%m-%d}"


class ScreeningItem(models.Model):
    """A matter found in screening; filing the report registers it as a case."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Kind(models.TextChoices):
        DISPUTE = CaseKind.DISPUTE.value, CaseKind.DISPUTE.label
        HAZARD = CaseKind.HAZARD.value, CaseKind.HAZARD.label
        PETITION = CaseKind.PETITION.value, CaseKind.PETITION.label

    report = models.ForeignKey(ScreeningReport, verbose_name=_("screening report"), on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.DISPUTE)
    category = models.ForeignKey(
        ReferenceItem, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+", limit_choices_to={"kind": ReferenceKind.CATEGORY}
    )
    summary = models.TextField(_("what was found"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    people_count = models.PositiveIntegerField(_("people involved"), default=1)
    party_name = models.CharField(
        _("person concerned"), max_length=60, blank=True, help_text=_("Leave empty when the workstation itself raises the matter.")
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("screening item")
        verbose_name_plural = _("screening items")
        ordering = ["report", "pk"]
