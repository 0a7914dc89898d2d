"""The 群防群治 network (teams and their members) and the joint-prevention log (patrols and what
they found). Members' ID numbers are encrypted at rest with a keyed hash for lookup, as a case
party's are (governance.fields); phones and ID numbers are shown masked unless revealed (logged)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.fields import EncryptedCharField, KeyedHashField
from governance.models import Case, Center, Workstation
from governance.prevention import flows


def new_kind_code():
    return f"kind-{secrets.token_hex(4)}"


class TeamKind(models.Model):
    """A kind of team (专职巡控队伍, 平安志愿者, 护村队…), county-wide, edited in the admin."""

    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=40, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True, default=new_kind_code, editable=False)
    is_volunteer = models.BooleanField(_("volunteer team"), default=False, help_text=_("Its members' service hours are counted."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team kind")
        verbose_name_plural = _("team kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Team(models.Model):
    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="prevention_teams")
    kind = models.ForeignKey(TeamKind, verbose_name=_("team kind"), on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("team name"), max_length=60)
    villages = models.ManyToManyField(Workstation, verbose_name=_("area (villages)"), blank=True, related_name="prevention_teams")
    area_note = models.CharField(_("area or route"), max_length=200, blank=True)
    leader = models.CharField(_("leader"), max_length=30)
    equipment = models.TextField(_("equipment"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.TEAM_FLOW.states, default=flows.ACTIVE, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("prevention team")
        verbose_name_plural = _("prevention teams")
        ordering = ["center", "kind__sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="prevention_team_unique_name")]
        permissions = [
            ("manage_team", _("Can suspend, resume and dissolve prevention teams")),
            ("reveal_member_data", _("Can see team members' full ID numbers and phones (logged)")),
        ]

    def __str__(self):
        return self.name


class TeamMember(models.Model):
    class Role(models.TextChoices):
        LEADER = "leader", _("Leader")
        MEMBER = "member", _("Member")

    wagtail_reference_index_ignore = True

    team = models.ForeignKey(Team, verbose_name=_("team"), on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("name"), max_length=30)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_number_hash = KeyedHashField(_("ID number lookup hash"), source="id_number")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["team", "role", "pk"]

    def __str__(self):
        return self.name


class Patrol(models.Model):
    """One entry of the joint-prevention log (治安联防活动): a patrol or another joint activity."""

    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="prevention_patrols")
    patrol_date = models.DateField(_("date"), db_index=True)
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    teams = models.ManyToManyField(Team, verbose_name=_("teams"), related_name="patrols")
    villages = models.ManyToManyField(Workstation, verbose_name=_("villages"), blank=True, related_name="prevention_patrols")
    route = models.CharField(_("area or route"), max_length=200)
    people_count = models.PositiveIntegerField(_("people"))
    hours = models.DecimalField(_("duration (hours)"), max_digits=5, decimal_places=1)
    participants = models.ManyToManyField(TeamMember, verbose_name=_("members taking part"), blank=True, related_name="patrols")
    summary = models.TextField(_("activity and findings"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.PATROL_FLOW.states, default=flows.RECORDED, db_index=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("patrol record")
        verbose_name_plural = _("patrol records")
        ordering = ["-patrol_date", "-start_time", "-pk"]
        indexes = [models.Index(fields=["center", "patrol_date"], name="prevention_patrol_center_date")]
        permissions = [("review_patrol", _("Can review patrol records"))]

    def __str__(self):
        return f"{self.patrol_date:%Y-%m-%d} {self.route}"


class Finding(models.Model):
    """Something a patrol found; the center may register it as a hazard or dispute case."""

    class Kind(models.TextChoices):
        HAZARD = "hazard", _("Hazard")
        DISPUTE = "dispute", _("Dispute")
        OTHER = "other", _("Other")

    wagtail_reference_index_ignore = True

    patrol = models.ForeignKey(Patrol, verbose_name=_("patrol record"), on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.HAZARD)
    description = models.TextField(_("what was found"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    village = models.ForeignKey(Workstation, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    case = models.OneToOneField(Case, verbose_name=_("case"), on_delete=models.PROTECT, null=True, blank=True, related_name="patrol_finding")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("patrol finding")
        verbose_name_plural = _("patrol findings")
        ordering = ["patrol", "pk"]
        permissions = [("convert_finding", _("Can register patrol findings as cases"))]

    def __str__(self):
        return self.description[:40]
