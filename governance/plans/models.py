"""The community prevention plans (社区治安防控计划: one per village or community and year, with
its milestones as tasks) and the technical prevention points (技防点位) of each village.

The plan names its responsible people by name and post only: no phones or ID numbers are kept here.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Center, Department, Workstation
from governance.plans import flows


def new_kind_code():
    return f"kind-{secrets.token_hex(4)}"


class CommunityPlan(models.Model):
    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="community_plans")
    village = models.ForeignKey(Workstation, verbose_name=_("village"), on_delete=models.PROTECT, related_name="community_plans")
    year = models.PositiveSmallIntegerField(_("year"), db_index=True)
    measures = models.TextField(_("prevention measures"))
    responsible_people = models.TextField(_("responsible people"), help_text=_("Names and posts, one per line."))
    status = models.CharField(_("status"), max_length=12, choices=flows.PLAN_FLOW.states, default=flows.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("community prevention plan")
        verbose_name_plural = _("community prevention plans")
        ordering = ["center", "-year", "village__name"]
        constraints = [models.UniqueConstraint(fields=["village", "year"], name="plans_one_plan_per_village_year")]
        permissions = [("approve_communityplan", _("Can approve or return community prevention plans"))]

    def __str__(self):
        return f"{self.village.name} {self.year}"


class Milestone(models.Model):
    """A milestone of a plan, as a task: owned by the village's workstation (no department) or a department."""

    wagtail_reference_index_ignore = True

    plan = models.ForeignKey(CommunityPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="milestones")
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("milestone"), max_length=200)
    owner_department = models.ForeignKey(
        Department,
        verbose_name=_("owner department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_milestones",
        help_text=_("Leave empty when the village workstation owns the milestone."),
    )
    due_date = models.DateField(_("due date"), db_index=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    confirmed_on = models.DateField(_("confirmed on"), null=True, blank=True)
    progress_note = models.TextField(_("latest progress"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.MILESTONE_FLOW.states, default=flows.OPEN, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("plan milestone")
        verbose_name_plural = _("plan milestones")
        ordering = ["plan", "due_date", "pk"]
        permissions = [
            ("report_milestone", _("Can report progress on plan milestones")),
            ("confirm_milestone", _("Can confirm or send back plan milestones")),
        ]

    def __str__(self):
        return self.title

    @property
    def owner_label(self):
        return self.owner_department.name if self.owner_department_id else _("%(village)s workstation") % {"village": self.plan.village.name}


class TechKind(models.Model):
    """A kind of technical prevention point (camera, one-button alarm…), county-wide, edited in the admin."""

    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=40, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True, default=new_kind_code, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("technical prevention kind")
        verbose_name_plural = _("technical prevention kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class TechPoint(models.Model):
    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="tech_points")
    village = models.ForeignKey(Workstation, verbose_name=_("village"), on_delete=models.PROTECT, related_name="tech_points")
    kind = models.ForeignKey(TechKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="points")
    location = models.CharField(_("location"), max_length=120)
    installed_on = models.DateField(_("installed on"), null=True, blank=True)
    last_checked_on = models.DateField(_("last checked on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.POINT_FLOW.states, default=flows.WORKING, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("technical prevention point")
        verbose_name_plural = _("technical prevention points")
        ordering = ["center", "village__name", "kind__sort_order", "location"]
        permissions = [("manage_techpoint", _("Can record checks, faults, repairs and removals of technical prevention points"))]

    def __str__(self):
        return f"{self.kind.name}·{self.location}"
