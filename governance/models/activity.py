"""What happens to a case: the audit trail and the records each step leaves."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.models.audit import actor_label
from governance.models.cases import Case, CaseStatus
from governance.models.org import Center, Department
from governance.models.reference import ReferenceItem, ReferenceKind


class CaseEvent(models.Model):
    """One audit row per step: who, when, from which state, to which state, and why."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("action"), max_length=30)
    # PROTECT and the snapshot: see AuditEvent.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    actor_username = models.CharField(_("actor's username"), max_length=150, blank=True)
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    from_status = models.CharField(_("from"), max_length=20, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=20, choices=CaseStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["case", "created_at", "pk"]

    def __str__(self):
        return f"{self.case_id} {self.action}"

    @property
    def actor_label(self):
        return actor_label(self)


class MediationSession(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="mediations")
    held_on = models.DateField(_("date"))
    mediation_type = models.ForeignKey(
        ReferenceItem,
        verbose_name=_("mediation type"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": ReferenceKind.MEDIATION_TYPE},
    )
    mediator = models.CharField(_("mediator"), max_length=60)
    parties_present = models.CharField(_("parties present"), max_length=200)
    result = models.TextField(_("result"))
    agreement_reached = models.BooleanField(_("agreement reached"), default=False)
    agreement_text = models.TextField(_("agreement"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("mediation session")
        verbose_name_plural = _("mediation sessions")
        ordering = ["case", "held_on", "pk"]


class Suspension(models.Model):
    """A pause of the deadline clock (中止)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="suspensions")
    started_on = models.DateField(_("suspended from"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("suspension")
        verbose_name_plural = _("suspensions")
        ordering = ["case", "started_on"]


class Extension(models.Model):
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="extensions")
    days = models.PositiveSmallIntegerField(_("days"))
    reason = models.TextField(_("reason"))
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("approved by"), on_delete=models.PROTECT, related_name="+")
    party_told_on = models.DateField(_("party told on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")


class CaseOrder(models.Model):
    """A supervision order (督办) or an urge (催办), manual or from the sweep."""

    class Kind(models.TextChoices):
        SUPERVISE = "supervise", _("Supervision order")
        URGE = "urge", _("Urge")

    class Level(models.TextChoices):
        MANUAL = "manual", _("Manual")
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        ACCEPTANCE_DUE_SOON = "accept_soon", _("Acceptance decision due soon")
        ACCEPTANCE_OVERDUE = "accept_late", _("Acceptance decision overdue")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="orders")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices, default=Level.MANUAL)
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    text = models.TextField(_("content"), blank=True)
    due_date = models.DateField(_("deadline at the time"), null=True, blank=True)
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("supervision or urge")
        verbose_name_plural = _("supervision and urges")
        ordering = ["-created_at"]
        constraints = [
            # The sweep's idempotence: one automatic urge per case, level and deadline.
            models.UniqueConstraint(
                fields=["case", "kind", "level", "due_date"],
                condition=~models.Q(level="manual"),
                name="order_unique_automatic_urge",
            )
        ]


class DelayReport(models.Model):
    """情况报告: filed by a late department; the party must be told."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="delay_reports")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(_("missed deadline"))
    text = models.TextField(_("report"), blank=True)
    party_told_on = models.DateField(_("party told on"), null=True, blank=True)
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    filed_at = models.DateTimeField(_("filed at"), null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("delay report")
        verbose_name_plural = _("delay reports")
        constraints = [models.UniqueConstraint(fields=["case", "due_date"], name="delay_report_unique")]


class FollowUp(models.Model):
    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        PARTLY = "partly", _("Partly resolved")
        NOT_RESOLVED = "not_resolved", _("Not resolved")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="follow_ups")
    visited_on = models.DateField(_("visited on"))
    result = models.CharField(_("result"), max_length=15, choices=Result.choices)
    note = models.TextField(_("note"), blank=True)
    visited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")


class Notification(models.Model):
    """The outbox: one message per recipient; email and SMS backends deliver from here."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="zongzhi_notifications"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    kind = models.CharField(_("kind"), max_length=20)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("content"), blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)
    sms_sent_at = models.DateTimeField(_("SMS sent at"), null=True, blank=True)

    # What each kind is called on screen (the column and the filter of the outbox). The kinds are the
    # senders' own codes, not choices: a new sender needs no migration, and an unknown kind shows as 其他.
    KIND_LABELS = {
        "new_case": pgettext_lazy("notification kind", "New registration"),
        "route": pgettext_lazy("notification kind", "Routed"),
        "return": pgettext_lazy("notification kind", "Returned"),
        "reopen": pgettext_lazy("notification kind", "Reopened"),
        "supervise": pgettext_lazy("notification kind", "Supervision order"),
        "urge": pgettext_lazy("notification kind", "Urge"),
        "notice": pgettext_lazy("notification kind", "Rectification notice"),
        "task": pgettext_lazy("notification kind", "Assigned task"),
        "screening": pgettext_lazy("notification kind", "Screening report"),
        "screening_reminder": pgettext_lazy("notification kind", "Screening reminder"),
        "urgent_report": pgettext_lazy("notification kind", "Urgent report"),
        "warning": pgettext_lazy("notification kind", "Security warning"),
    }

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    @classmethod
    def kind_label(cls, kind):
        return cls.KIND_LABELS.get(kind, pgettext_lazy("notification kind", "Other"))

    def get_kind_display(self):
        return self.kind_label(self.kind)
