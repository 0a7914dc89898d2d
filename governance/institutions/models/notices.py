"""Rectification notices (整改通知书): the center orders a department to fix a hazard by a deadline."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.institutions.rules import flows
from governance.models import Case, CaseKind, Center, Department


class NoticeCounter(models.Model):
    """The last notice number issued per center and year; its row is locked while a number is taken."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "year"], name="notice_counter_unique")]


class RectificationNotice(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="rectification_notices")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("sequence"), null=True, blank=True)
    number = models.CharField(_("notice number"), max_length=60, blank=True, help_text=_("Given when the notice is issued."))
    case = models.ForeignKey(
        Case,
        verbose_name=_("hazard case"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"kind": CaseKind.HAZARD},
    )
    recipient = models.ForeignKey(Department, verbose_name=_("recipient department"), on_delete=models.PROTECT, related_name="rectification_notices")
    problem = models.TextField(_("problem found"))
    place = models.CharField(_("place"), max_length=120)
    basis = models.TextField(_("basis"), help_text=_("The law, regulation or rule the problem breaches."))
    measures = models.TextField(_("rectification measures"))
    responsible_person = models.CharField(_("responsible person"), max_length=40)
    funds = models.CharField(_("funds"), max_length=120, help_text=_("Amount and who pays, e.g. “about 8,000 yuan, paid by the village committee”."))
    deadline = models.DateField(_("rectification deadline"), db_index=True)
    contingency_plan = models.TextField(_("contingency plan"), help_text=_("What is done to keep people safe until the problem is fixed."))
    issuer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("issuing user"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issuer_name = models.CharField(
        _("signatory"), max_length=40, blank=True, help_text=_("Name printed on the notice; defaults to the issuing user.")
    )
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.NOTICE_FLOW.states, default=flows.DRAFT, db_index=True)
    # The receipt (回执)
    receipt_on = models.DateField(_("receipt returned on"), null=True, blank=True)
    receipt_signer = models.CharField(_("receipt signed by"), max_length=40, blank=True)
    receipt_note = models.TextField(_("planned measures (receipt)"), blank=True)
    # Rectification and re-inspection
    rectified_on = models.DateField(_("rectified on"), null=True, blank=True)
    rectification_note = models.TextField(_("rectification report"), blank=True)
    reinspected_on = models.DateField(_("re-inspected on"), null=True, blank=True)
    reinspection_note = models.TextField(_("re-inspection opinion"), blank=True)
    reinspected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("re-inspected by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overdue_on = models.DateField(_("overdue since"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("rectification notice")
        verbose_name_plural = _("rectification notices")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "year", "sequence"], condition=models.Q(sequence__isnull=False), name="notice_unique_sequence"),
        ]
        indexes = [models.Index(fields=["center", "status", "deadline"], name="notice_center_status_due")]
        permissions = [
            ("issue_rectificationnotice", _("Can issue, re-inspect and escalate rectification notices")),
            ("respond_rectificationnotice", _("Can return notice receipts and report rectification")),
        ]

    def __str__(self):
        return self.number or _("Draft notice #%(pk)s") % {"pk": self.pk}

    @property
    def is_open(self):
        return self.status in flows.NOTICE_OPEN


def evidence_path(instance, filename):
    return f"institutions/evidence/{instance.notice.center_id}/{instance.notice_id}/{filename}"


class NoticeEvidence(models.Model):
    """A photo or document showing the rectification (served only through the scoped download view)."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    notice = models.ForeignKey(RectificationNotice, verbose_name=_("rectification notice"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to=evidence_path, max_length=255)
    description = models.CharField(_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rectification evidence")
        verbose_name_plural = _("rectification evidence")
        ordering = ["notice", "pk"]

    def __str__(self):
        return self.description or self.file.name.rsplit("/", 1)[-1]
