"""联动: incidents (群体性事件 and their early signs) with their log of actions, deployments and
reports upward and the people involved (ID numbers encrypted at rest, shown masked unless revealed,
logged), and the stage-wise key work (阶段性重点工作) the center deploys across departments."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.fields import EncryptedCharField, KeyedHashField
from governance.incidents import flows
from governance.institutions.models import ScreeningReport
from governance.models import Case, Center, Department, Workstation


class Incident(models.Model):
    class Kind(models.TextChoices):
        GROUP_EVENT = "group_event", _("Mass incident")
        EARLY_SIGN = "early_sign", _("Early sign")

    class Source(models.TextChoices):
        REPORT = "report", _("Urgent screening report")
        CASE = "case", _("Group case")
        MANUAL = "manual", _("Entered by hand")

    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.EARLY_SIGN)
    title = models.CharField(_("title"), max_length=120)
    summary = models.TextField(_("what is happening"))
    opened_at = models.DateTimeField(_("opened at"), db_index=True)
    source = models.CharField(_("source"), max_length=8, choices=Source.choices, default=Source.MANUAL)
    screening_report = models.ForeignKey(
        ScreeningReport, verbose_name=_("urgent report"), on_delete=models.PROTECT, null=True, blank=True, related_name="incidents"
    )
    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="incidents")
    villages = models.ManyToManyField(Workstation, verbose_name=_("villages concerned"), blank=True, related_name="incidents")
    estimated_people = models.PositiveIntegerField(_("estimated number of people"))
    lead_official = models.CharField(_("lead official"), max_length=40)
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(_("status"), max_length=12, choices=flows.INCIDENT_FLOW.states, default=flows.OPEN, db_index=True)
    closing_report = models.TextField(_("closing report"), blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-opened_at", "-pk"]
        indexes = [models.Index(fields=["center", "status"], name="incidents_center_status")]
        permissions = [
            ("handle_incident", _("Can record actions, deployments and reports on incidents")),
            ("close_incident", _("Can close and cancel incidents")),
            ("reveal_incident_people", _("Can see the full ID numbers and phones of people involved in incidents (logged)")),
        ]

    def __str__(self):
        return self.title


class IncidentPerson(models.Model):
    """A person involved (带头人, 代表, 参与者…): personal data, shown masked."""

    class Role(models.TextChoices):
        LEADER = "leader", _("Organiser")
        REPRESENTATIVE = "representative", _("Representative")
        PARTICIPANT = "participant", _("Participant")
        OTHER = "other", _("Other")

    wagtail_reference_index_ignore = True

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="people")
    name = models.CharField(_("name"), max_length=30)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PARTICIPANT)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_number_hash = KeyedHashField(_("ID number lookup hash"), source="id_number")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["incident", "pk"]

    def __str__(self):
        return self.name


class IncidentLogEntry(models.Model):
    """One line of the incident's log: an action (处置), a deployment (调配) or a report upward (上报)."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Action taken")
        DEPLOY = "deploy", _("Deployment")
        REPORT = "report", _("Report upward")

    wagtail_reference_index_ignore = True

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="log")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    occurred_at = models.DateTimeField(_("time"))
    content = models.TextField(_("content"))
    departments = models.ManyToManyField(Department, verbose_name=_("departments deployed"), blank=True, related_name="+")
    people = models.CharField(_("people deployed"), max_length=200, blank=True)
    reported_to = models.CharField(_("reported to"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident log entry")
        verbose_name_plural = _("incident log entries")
        ordering = ["occurred_at", "pk"]

    def __str__(self):
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()}"


class KeyWork(models.Model):
    """阶段性重点工作: deployed by the center across departments, for a period."""

    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="key_work")
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"))
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    lead_department = models.ForeignKey(Department, verbose_name=_("lead department"), on_delete=models.PROTECT, related_name="+")
    cooperating_departments = models.ManyToManyField(Department, verbose_name=_("cooperating departments"), blank=True, related_name="+")
    assigned_people = models.CharField(_("people assigned"), max_length=200, blank=True)
    progress_summary = models.TextField(_("progress summary"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.KEYWORK_FLOW.states, default=flows.DEPLOYED, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("key work item")
        verbose_name_plural = _("key work items")
        ordering = ["-period_start", "-pk"]
        permissions = [("manage_keywork", _("Can complete and cancel key work items"))]

    def __str__(self):
        return self.title


class KeyWorkTask(models.Model):
    wagtail_reference_index_ignore = True

    key_work = models.ForeignKey(KeyWork, verbose_name=_("key work item"), on_delete=models.CASCADE, related_name="tasks")
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="+")
    owner = models.ForeignKey(Department, verbose_name=_("owner department"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("task"))
    assignee = models.CharField(_("person responsible"), max_length=40, blank=True)
    deadline = models.DateField(_("deadline"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_note = models.TextField(_("progress"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.TASK_FLOW.states, default=flows.ASSIGNED, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("key work task")
        verbose_name_plural = _("key work tasks")
        ordering = ["key_work", "deadline", "pk"]
        permissions = [
            ("handle_keyworktask", _("Can report progress on key work tasks")),
            ("supervise_keyworktask", _("Can confirm, send back and cancel key work tasks")),
        ]

    def __str__(self):
        return self.description[:40]
