"""Joint meetings (联席会议): monthly and ad hoc, with attendance, agenda, minutes and the tasks
their decisions become."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.institutions.models.notices import RectificationNotice
from governance.institutions.rules import flows
from governance.models import Case, Center, Department


class JointMeeting(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Kind(models.TextChoices):
        MONTHLY = "monthly", _("Monthly meeting")
        AD_HOC = "ad_hoc", _("Ad-hoc meeting")

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="joint_meetings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MONTHLY)
    month = models.DateField(_("month"), null=True, blank=True, help_text=_("First day of the month, for monthly meetings."))
    title = models.CharField(_("title"), max_length=120)
    scheduled_on = models.DateField(_("date"), db_index=True)
    scheduled_time = models.TimeField(_("time"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    chair = models.CharField(_("chaired by"), max_length=40, blank=True)
    recorder = models.CharField(_("minutes taken by"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.MEETING_FLOW.states, default=flows.PLANNED, db_index=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("joint meeting")
        verbose_name_plural = _("joint meetings")
        ordering = ["-scheduled_on", "-pk"]
        constraints = [
            # The monthly meeting is created ahead of time, once per center and month.
            models.UniqueConstraint(fields=["center", "month"], condition=models.Q(kind="monthly"), name="meeting_one_monthly_per_month"),
        ]
        permissions = [("run_jointmeeting", _("Can run joint meetings: agenda, attendance, minutes, decisions"))]

    def __str__(self):
        return self.title


class MeetingAttendance(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Status(models.TextChoices):
        EXPECTED = "expected", _("Not recorded")
        PRESENT = "present", _("Present")
        EXCUSED = "excused", _("Excused")
        ABSENT = "absent", _("Absent")

    meeting = models.ForeignKey(JointMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="attendance")
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("attendance"), max_length=10, choices=Status.choices, default=Status.EXPECTED)
    attendee = models.CharField(_("attended by"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["meeting", "department__sort_order", "department__name"]
        constraints = [models.UniqueConstraint(fields=["meeting", "department"], name="attendance_unique_department")]


class AgendaItem(models.Model):
    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    class Source(models.TextChoices):
        OVERDUE_CASE = "overdue_case", _("Overdue case")
        GROUP_CASE = "group_case", _("Group case")
        HIGH_RISK = "high_risk", _("High-risk dispute")
        NOTICE_DUE = "notice_due", _("Rectification notice due")
        TASK_OVERDUE = "task_overdue", _("Overdue meeting task")
        MANUAL = "manual", _("Added by hand")

    meeting = models.ForeignKey(JointMeeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="agenda")
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    source = models.CharField(_("source"), max_length=15, choices=Source.choices, default=Source.MANUAL)
    title = models.CharField(_("item"), max_length=300)
    case = models.ForeignKey(Case, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    notice = models.ForeignKey(RectificationNotice, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    task = models.ForeignKey("MeetingTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda")
        ordering = ["meeting", "order", "pk"]


class MeetingTask(models.Model):
    """A decision of a joint meeting: an owner department does it by a deadline; tracked and urged."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(JointMeeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("no."), default=1)
    decision = models.TextField(_("decision"))
    owner = models.ForeignKey(Department, verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="meeting_tasks")
    deadline = models.DateField(_("completion deadline"), db_index=True)
    case = models.ForeignKey(Case, verbose_name=_("related case"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(_("status"), max_length=12, choices=flows.TASK_FLOW.states, default=flows.ASSIGNED, db_index=True)
    progress_note = models.TextField(_("progress"), blank=True)
    reported_on = models.DateField(_("completion reported on"), null=True, blank=True)
    done_on = models.DateField(_("confirmed done on"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("meeting task")
        verbose_name_plural = _("meeting tasks")
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["center", "status", "deadline"], name="task_center_status_due")]
        permissions = [
            ("handle_meetingtask", _("Can sign for and report on meeting tasks")),
            ("supervise_meetingtask", _("Can confirm, urge, extend and cancel meeting tasks")),
        ]

    def __str__(self):
        return f"{self.meeting.title} #{self.number}"

    @property
    def is_open(self):
        return self.status in flows.TASK_OPEN
