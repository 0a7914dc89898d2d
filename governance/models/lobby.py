"""Lobby display screens (大厅显示屏) and the reception queue (接待窗口叫号)."""

from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.fields import StreamField

from governance.models.org import Center

# What each lobby figure counts (governance.selectors.lobby.figures computes them): the screen
# designer shows these definitions under the figures block, and the screen's labels
# (governance.views.lobby.labels) say the same in a few words. Counts only, never a case's details.
FIGURE_DEFINITIONS = (
    (
        "registered",
        _("Registered: cases whose registration date is today (this month, for a monthly panel)."),
    ),
    (
        "accepted",
        _(
            "Accepted: cases accepted today (this month), whenever they were registered, so this can be "
            "more than the cases registered in the same period."
        ),
    ),
    ("handling", _("Being handled: cases routed, being handled or suspended right now, whatever the period.")),
    ("resolved", _("Resolved: cases resolved today (this month), whenever they were registered.")),
    (
        "on_time_rate",
        _(
            "On-time rate: of this month's resolved cases that had a deadline, the share resolved by it; "
            "always this month, and “—” while there are none."
        ),
    ),
)


class FiguresBlock(blocks.StructBlock):
    period = blocks.ChoiceBlock(choices=[("today", _("Today")), ("month", _("This month"))], default="today", label=_("period"))
    title = blocks.CharBlock(required=False, label=_("title"))

    class Meta:
        label = _("Figures")
        icon = "table"
        help_text = format_lazy("{} " * len(FIGURE_DEFINITIONS), *(text for _key, text in FIGURE_DEFINITIONS))


class QueueBlock(blocks.StructBlock):
    recent = blocks.IntegerBlock(default=5, min_value=1, max_value=12, label=_("recent calls shown"))
    announce = blocks.BooleanBlock(default=True, required=False, label=_("announce calls by voice"))

    class Meta:
        label = _("Queue calls")
        icon = "user"


class ResultsBlock(blocks.StructBlock):
    count = blocks.IntegerBlock(default=6, min_value=1, max_value=20, label=_("results shown"))

    class Meta:
        label = _("Latest published results")
        icon = "list-ul"


class NoticesBlock(blocks.StructBlock):
    notices = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("notices"))

    class Meta:
        label = _("Scrolling notices")
        icon = "doc-full"


class TextBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"))
    text = blocks.CharBlock(max_length=200, label=_("text"))

    class Meta:
        label = _("Text (e.g. next joint meeting)")
        icon = "pilcrow"


class WarningsBlock(blocks.StructBlock):
    """The center's current security warnings (治安预警), updated live when one is published,
    withdrawn or expires."""

    count = blocks.IntegerBlock(default=3, min_value=1, max_value=10, label=_("warnings shown"))

    class Meta:
        label = _("Security warnings")
        icon = "warning"


class ScreenLayout(blocks.StreamBlock):
    figures = FiguresBlock()
    queue = QueueBlock()
    results = ResultsBlock()
    notices = NoticesBlock()
    text = TextBlock()
    warnings = WarningsBlock()
    clock = blocks.StaticBlock(label=_("Clock"), icon="time", admin_text=_("Shows the date and time."))
    supervision_phone = blocks.StaticBlock(label=_("Supervision phone"), icon="mobile-alt", admin_text=_("Shows the center's supervision phone."))


class LobbyScreen(models.Model):
    class Size(models.TextChoices):
        FULL_HD = "1920", "1920×1080"
        HD = "1280", "1280×720"

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="screens")
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("address name"), max_length=60, unique=True)
    location = models.CharField(_("location"), max_length=100, blank=True)
    size = models.CharField(_("screen size"), max_length=6, choices=Size.choices, default=Size.FULL_HD)
    layout = StreamField(ScreenLayout(), verbose_name=_("layout"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lobby screen")
        verbose_name_plural = _("lobby screens")
        ordering = ["center", "name"]

    def __str__(self):
        return self.name


class QueueService(models.Model):
    """A service the reception queue issues tickets for (信访、调解、法律咨询…), with its ticket prefix."""

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="queue_services")
    name = models.CharField(_("name"), max_length=30)
    prefix = models.CharField(_("ticket prefix"), max_length=2)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("queue service")
        verbose_name_plural = _("queue services")
        ordering = ["center", "prefix"]
        constraints = [models.UniqueConstraint(fields=["center", "prefix"], name="queue_service_unique_prefix")]

    def __str__(self):
        return f"{self.prefix} {self.name}"


class ReceptionWindow(models.Model):
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="windows")
    number = models.PositiveSmallIntegerField(_("window number"))
    services = models.ManyToManyField(QueueService, verbose_name=_("services"), related_name="windows")
    is_open = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("reception window")
        verbose_name_plural = _("reception windows")
        ordering = ["center", "number"]
        constraints = [models.UniqueConstraint(fields=["center", "number"], name="window_unique_number")]

    def __str__(self):
        return _("Window %(n)s") % {"n": self.number}


class QueueTicket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        CALLED = "called", _("Called")
        DONE = "done", _("Done")

    center = models.ForeignKey(Center, on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(QueueService, verbose_name=_("service"), on_delete=models.PROTECT, related_name="tickets")
    day = models.DateField(_("day"))
    number = models.PositiveIntegerField(_("number"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    window = models.ForeignKey(ReceptionWindow, verbose_name=_("window"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(auto_now_add=True)
    called_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("queue ticket")
        verbose_name_plural = _("queue tickets")
        ordering = ["day", "service", "number"]
        constraints = [models.UniqueConstraint(fields=["service", "day", "number"], name="ticket_unique_number")]

    @property
    def label(self):
        return f"{self.service.prefix}{self.number:03d}"


class LobbyState(models.Model):
    """The center's lobby sequence number: every change that screens show bumps it once."""

    center = models.OneToOneField(Center, on_delete=models.CASCADE, related_name="lobby_state")
    seq = models.PositiveBigIntegerField(default=0)
