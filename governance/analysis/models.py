"""Security situation analyses (治安形势分析): one per center and month or quarter, with the
figures taken when the draft was generated, the text the director approves, and its targeted work
opinions (针对性工作意见), each of which becomes a joint-meeting task on approval."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.analysis import flow, periods
from governance.models import Center, Department


class SituationAnalysis(models.Model):
    """Moves only through the engine (governance.analysis.services.ANALYSIS)."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class PeriodKind(models.TextChoices):
        MONTH = periods.MONTH, _("Monthly")
        QUARTER = periods.QUARTER, _("Quarterly")

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="situation_analyses")
    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.MONTH)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    title = models.CharField(_("title"), max_length=120)
    figures = models.JSONField(_("figures"), default=dict, blank=True, help_text=_("Taken from the records when the draft was generated."))
    generated_at = models.DateTimeField(_("figures taken at"), null=True, blank=True)
    overview = models.TextField(_("overview of the situation"), blank=True)
    features = models.TextField(_("main features"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flow.ANALYSIS_FLOW.states, default=flow.DRAFT, db_index=True)
    meeting = models.ForeignKey(
        "institutions.JointMeeting", verbose_name=_("joint meeting"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    agenda_item = models.ForeignKey("institutions.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    return_reason = models.CharField(_("reason for sending back"), max_length=200, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("security situation analysis")
        verbose_name_plural = _("security situation analyses")
        ordering = ["-period_start", "period_kind", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["center", "period_kind", "period_start"], name="analysis_one_per_center_period"),
        ]
        permissions = [("approve_situationanalysis", _("Can approve or send back security situation analyses"))]

    def __str__(self):
        return self.title

    @property
    def period(self):
        return periods.Period(self.period_kind, self.period_start)


class Opinion(models.Model):
    """A targeted work opinion (针对性工作意见): who does what by when; a meeting task once approved."""

    wagtail_reference_index_ignore = True

    analysis = models.ForeignKey(SituationAnalysis, verbose_name=_("security situation analysis"), on_delete=models.CASCADE, related_name="opinions")
    number = models.PositiveSmallIntegerField(_("no."), default=1)
    text = models.TextField(_("work opinion"))
    owner = models.ForeignKey(Department, verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="+")
    deadline = models.DateField(_("completion deadline"))
    task = models.OneToOneField(
        "institutions.MeetingTask", verbose_name=_("meeting task"), on_delete=models.PROTECT, null=True, blank=True, related_name="analysis_opinion"
    )

    class Meta:
        verbose_name = _("work opinion")
        verbose_name_plural = _("work opinions")
        ordering = ["analysis", "number", "pk"]

    def __str__(self):
        return self.text[:40]
