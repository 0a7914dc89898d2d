"""Per-center settings of the working systems: the local choices the plan leaves to each place."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Center


class InstitutionSettings(models.Model):
    """One row per center; a center without a row uses the defaults below."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.OneToOneField(Center, verbose_name=_("center"), on_delete=models.CASCADE, related_name="institution_settings")
    monthly_meeting_day = models.PositiveSmallIntegerField(
        _("day of the monthly joint meeting"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("The monthly meeting is created ahead of time on this day of every month (the last day in shorter months)."),
    )
    screening_reminder_days = models.PositiveSmallIntegerField(
        _("screening reminder: days before the period ends"), default=2, validators=[MaxValueValidator(14)]
    )
    screening_grace_days = models.PositiveSmallIntegerField(
        _("screening report: days of grace after the period"),
        default=0,
        validators=[MaxValueValidator(10)],
        help_text=_("A half-monthly report filed this many days after the period still counts as on time."),
    )
    notice_due_soon_days = models.PositiveSmallIntegerField(_("notice: urge days before the deadline"), default=3)
    notice_escalate_after_days = models.PositiveSmallIntegerField(
        _("notice: escalate after days overdue"),
        default=3,
        help_text=_("An overdue notice is escalated to the center director and the county after this many days."),
    )
    task_due_soon_days = models.PositiveSmallIntegerField(_("meeting task: urge days before the deadline"), default=3)
    spike_window_days = models.PositiveSmallIntegerField(_("early warning: window (days)"), default=30, validators=[MinValueValidator(7)])
    spike_baseline_windows = models.PositiveSmallIntegerField(
        _("early warning: baseline windows"), default=3, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    spike_factor = models.DecimalField(
        _("early warning: rise factor"),
        max_digits=4,
        decimal_places=2,
        default=Decimal("3.00"),
        validators=[MinValueValidator(Decimal("1.1"))],
        help_text=_("Warn when the latest window has at least this many times its own average of the earlier windows."),
    )
    spike_min_count = models.PositiveSmallIntegerField(_("early warning: minimum count"), default=5, validators=[MinValueValidator(1)])
    repeat_filer_threshold = models.PositiveSmallIntegerField(
        _("repeat filer: cases"),
        default=3,
        validators=[MinValueValidator(2)],
        help_text=_("Warn when one person is the applicant of this many cases within the period below."),
    )
    repeat_filer_days = models.PositiveSmallIntegerField(_("repeat filer: days"), default=90, validators=[MinValueValidator(7)])
    group_size = models.PositiveSmallIntegerField(
        _("group case: people"),
        default=5,
        validators=[MinValueValidator(2)],
        help_text=_("A case involving at least this many people is a group case (群体性)."),
    )

    class NewCaseNotice(models.TextChoices):
        NOBODY = "nobody", _("nobody")
        ACCEPTORS = "acceptors", _("staff who accept cases")
        ALL_STAFF = "all_staff", _("all staff of the center")

    notify_new_cases = models.CharField(
        _("new registrations: notify"),
        max_length=12,
        choices=NewCaseNotice.choices,
        default=NewCaseNotice.ACCEPTORS,
        help_text=_("Who at the center is told when a case is registered (at the desk, online or from a workstation)."),
    )

    class Meta:
        verbose_name = _("working-system settings")
        verbose_name_plural = _("working-system settings")
        permissions = [("view_situation", _("Can see the situation analysis"))]

    def __str__(self):
        return str(self.center)


def settings_for(center_id):
    """The center's settings row, or an unsaved one holding the defaults."""
    found = InstitutionSettings.objects.filter(center_id=center_id).first()
    return found or InstitutionSettings(center_id=center_id)
