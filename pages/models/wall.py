"""The public wall (公示上墙) online: duties, workflow chart, visitor notice, service commitment,
staff and duties, contacts and supervision numbers."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import Orderable, Page

from pages.blocks import BodyBlock, CommitmentBlock, DutyBlock, StageNoteBlock
from pages.models.base import PublicPage, stream_text

WALL_PARENTS = ["pages.CenterHomePage"]


class WallPage(PublicPage):
    """Abstract: a public-wall page with an introduction and a free body."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(BodyBlock(), verbose_name=_("body"), blank=True)

    parent_page_types = WALL_PARENTS
    subpage_types = []

    class Meta:
        abstract = True

    def search_parts(self):
        return [self.intro, stream_text(self.body)]


class DutiesPage(WallPage):
    """The center's duties and charter (中心职责)."""

    duties = StreamField([("duty", DutyBlock())], verbose_name=_("duties"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("duties"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("duties"), APIField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("duties page")

    def search_parts(self):
        return super().search_parts() + [stream_text(self.duties)]


class ProcedureChartPage(WallPage):
    """The workflow chart (工作流程图), drawn from the system's own workflow table."""

    stage_notes = StreamField(
        [("stage_note", StageNoteBlock())],
        verbose_name=_("stage explanations"),
        blank=True,
        help_text=_("Optional plain-language notes shown under a stage of the chart. The stages themselves come from the system."),
    )
    show_deadlines = models.BooleanField(_("show the time limits"), default=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("stage_notes"),
        FieldPanel("show_deadlines"),
        FieldPanel("body"),
    ]
    api_fields = [APIField("intro"), APIField("chart"), APIField("stage_notes"), APIField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("workflow chart page")

    @property
    def chart(self):
        from dataclasses import asdict

        from pages.workflow_chart import build_chart

        notes = {block.value["stage"]: block.value["text"] for block in self.stage_notes}
        return [asdict(stage) for stage in build_chart(notes)]

    def deadline_rules(self):
        from django.db.models import Q

        from governance.models import DeadlineRule

        center = self.center
        return (
            DeadlineRule.objects.filter(is_active=True)
            .filter(Q(center__isnull=True) | Q(center=center))
            .select_related("petition_kind", "tier")
            .order_by("stage", "case_kind", "amount")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from pages.workflow_chart import build_side_stages

        context["chart"] = self.chart
        context["side_stages"] = build_side_stages({block.value["stage"]: block.value["text"] for block in self.stage_notes})
        context["rules"] = self.deadline_rules() if self.show_deadlines else []
        return context


class VisitorNoticePage(WallPage):
    """The visitor notice (来访人员须知): printable."""

    rules = StreamField([("rule", DutyBlock(label=_("Rule")))], verbose_name=_("rules for visitors"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("rules"), FieldPanel("body")]
    api_fields = [APIField("intro"), APIField("rules"), APIField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("visitor notice page")

    def search_parts(self):
        return super().search_parts() + [stream_text(self.rules)]


class ServiceCommitmentPage(WallPage):
    """The service commitment (服务承诺): printable."""

    commitments = StreamField([("commitment", CommitmentBlock())], verbose_name=_("commitments"), blank=True)
    signed_by = models.CharField(_("signed by"), max_length=80, blank=True, help_text=_("For example: the center, with its seal"))

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("commitments"),
        FieldPanel("body"),
        FieldPanel("signed_by"),
    ]
    api_fields = [APIField("intro"), APIField("commitments"), APIField("body"), APIField("signed_by")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("service commitment page")

    def search_parts(self):
        return super().search_parts() + [stream_text(self.commitments)]


class StaffPage(WallPage):
    """Staff and their duties (工作人员及职责)."""

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("members", heading=_("Staff"), label=_("Staff member")),
        FieldPanel("body"),
    ]
    api_fields = [APIField("intro"), APIField("members"), APIField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("staff page")

    def search_parts(self):
        members = [f"{m.name} {m.role} {m.department} {m.duties}" for m in self.members.all()]
        return super().search_parts() + members


class StaffMember(Orderable):
    page = ParentalKey(StaffPage, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=40)
    photo = models.ForeignKey("wagtailimages.Image", verbose_name=_("photo"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    role = models.CharField(_("post"), max_length=60, help_text=_("For example: center director, mediator"))
    department = models.CharField(_("department"), max_length=60, blank=True)
    duties = models.TextField(_("duties"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("photo"), FieldPanel("role"), FieldPanel("department"), FieldPanel("duties")]
    api_fields = [
        APIField("name"),
        APIField("role"),
        APIField("department"),
        APIField("duties"),
        APIField("photo", serializer=ImageRenditionField("fill-240x320")),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")

    def __str__(self):
        return self.name


class ContactsPage(WallPage):
    """Contacts and supervision numbers (联系方式与监督电话); entries marked for the footer appear on every page."""

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        InlinePanel("contacts", heading=_("Contacts"), label=_("Contact")),
        FieldPanel("body"),
    ]
    api_fields = [APIField("intro"), APIField("contacts"), APIField("body")]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("contacts page")

    def search_parts(self):
        entries = [f"{c.label} {c.department} {c.phone} {c.hours}" for c in self.contacts.all()]
        return super().search_parts() + entries


class ContactEntry(Orderable):
    class Kind(models.TextChoices):
        SERVICE = "service", _("Enquiries and service")
        DUTY = "duty", _("Duty line (24 hours)")
        SUPERVISION = "supervision", _("Supervision and complaints")

    page = ParentalKey(ContactsPage, on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SERVICE)
    label = models.CharField(_("name"), max_length=60, help_text=_("For example: supervision phone of the township discipline office"))
    department = models.CharField(_("department"), max_length=60, blank=True)
    phone = models.CharField(_("phone"), max_length=40)
    hours = models.CharField(_("hours"), max_length=80, blank=True)
    in_footer = models.BooleanField(_("show in the footer of every page"), default=False)

    panels = [
        MultiFieldPanel(
            [FieldPanel("kind"), FieldPanel("label"), FieldPanel("department"), FieldPanel("phone"), FieldPanel("hours"), FieldPanel("in_footer")]
        )
    ]
    api_fields = [
        APIField("kind"),
        APIField("label"),
        APIField("department"),
        APIField("phone"),
        APIField("hours"),
        APIField("in_footer"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self):
        return f"{self.label} {self.phone}"
