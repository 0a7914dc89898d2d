"""The case (一案一码): one code from intake to archive, its parties, and its code counter."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.fields import EncryptedCharField, KeyedHashField
from governance.models.org import Center, Department, Workstation
from governance.models.reference import CaseKind, DeadlineRule, ReferenceItem, ReferenceKind

QUERY_CODE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: read over the phone


def new_query_code():
    return "".join(secrets.choice(QUERY_CODE_ALPHABET) for _ in range(8))


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")
    ROUTED = "routed", _("Routed")
    HANDLING = "handling", _("Being handled")
    SUSPENDED = "suspended", _("Suspended")
    RESOLVED = "resolved", _("Resolved")
    FED_BACK = "fed_back", _("Party informed")
    VISITED = "visited", _("Followed up")
    ARCHIVED = "archived", _("Archived")


OPEN_STATUSES = (
    CaseStatus.REGISTERED,
    CaseStatus.ACCEPTED,
    CaseStatus.ROUTED,
    CaseStatus.HANDLING,
    CaseStatus.SUSPENDED,
)


class CaseCodeCounter(models.Model):
    """The last sequence number issued per center and year; its row is locked while a code is taken."""

    center = models.ForeignKey(Center, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["center", "year"], name="case_counter_unique")]


def _ref(kind, label, **extra):
    return models.ForeignKey(
        ReferenceItem,
        verbose_name=label,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": kind},
        **extra,
    )


class Case(models.Model):
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="cases")
    code = models.CharField(_("case code"), max_length=60, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    query_code = models.CharField(_("query code"), max_length=12, default=new_query_code)

    kind = models.CharField(_("kind"), max_length=20, choices=CaseKind.choices, default=CaseKind.DISPUTE)
    source = _ref(ReferenceKind.SOURCE, _("source"))
    category = _ref(ReferenceKind.CATEGORY, _("category"))
    petition_kind = _ref(ReferenceKind.PETITION_KIND, _("petition kind"), null=True, blank=True)
    tier = _ref(ReferenceKind.TIER, _("complexity tier"), null=True, blank=True)
    risk = _ref(ReferenceKind.RISK, _("risk grade"), null=True, blank=True)
    summary = models.TextField(_("summary"))
    place = models.CharField(_("place"), max_length=120, blank=True)
    people_count = models.PositiveIntegerField(_("people involved"), default=1)
    is_private = models.BooleanField(_("Not public"), default=False)
    publishable = models.BooleanField(_("cleared for the public board"), default=False)
    workstation = models.ForeignKey(
        Workstation, verbose_name=_("village / community"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED, db_index=True)
    received_on = models.DateField(_("received on"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("registered by"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Acceptance
    acceptance_due = models.DateField(_("acceptance decision due"), null=True, blank=True, db_index=True)
    acceptance_provisional = models.BooleanField(_("acceptance deadline provisional"), default=False)
    acceptance_warn_on = models.DateField(_("acceptance warn from"), null=True, blank=True)
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    notice_date = models.DateField(_("written notice date"), null=True, blank=True)
    reject_reason = models.TextField(_("reason for not accepting"), blank=True)
    # Routing and handling
    lead_department = models.ForeignKey(
        Department, verbose_name=_("lead department"), on_delete=models.PROTECT, null=True, blank=True, related_name="lead_cases"
    )
    cooperating_departments = models.ManyToManyField(
        Department, verbose_name=_("cooperating departments"), blank=True, related_name="cooperating_cases"
    )
    responsible_person = models.CharField(_("responsible person"), max_length=40, blank=True)
    routed_on = models.DateField(_("routed on"), null=True, blank=True)
    deadline_rule = models.ForeignKey(
        DeadlineRule, verbose_name=_("deadline rule"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    extension_days = models.PositiveSmallIntegerField(_("extension days"), default=0)
    due_date = models.DateField(_("deadline"), null=True, blank=True, db_index=True)
    due_provisional = models.BooleanField(_("deadline provisional"), default=False)
    # The day the case turns yellow (due_date - yellow_days), stored so lists can filter by colour.
    warn_on = models.DateField(_("warn from"), null=True, blank=True, db_index=True)
    yellow_days = models.PositiveSmallIntegerField(_("warn days before"), default=3)
    # Outcome
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    outcome = _ref(ReferenceKind.OUTCOME, _("outcome"), null=True, blank=True)
    outcome_note = models.TextField(_("handling result"), blank=True)
    fed_back_on = models.DateField(_("party informed on"), null=True, blank=True)
    review_level = models.PositiveSmallIntegerField(_("review level"), default=0)
    review_requested_on = models.DateField(_("review applied for on"), null=True, blank=True)
    # Archive
    archived_on = models.DateField(_("archived on"), null=True, blank=True)
    archive_number = models.CharField(_("archive number"), max_length=60, blank=True)
    retention_years = models.PositiveSmallIntegerField(_("retention (years)"), null=True, blank=True)

    version = models.PositiveIntegerField(_("version"), default=1)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    imported_from = models.CharField(_("imported from"), max_length=200, blank=True)
    # Earlier cases of the same person (matched at registration by ID number, or name and phone).
    earlier_cases = models.ManyToManyField(
        "self", verbose_name=_("earlier cases of the same person"), symmetrical=False, blank=True, related_name="later_cases"
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["center", "year", "sequence"], name="case_unique_sequence"),
        ]
        indexes = [
            models.Index(fields=["center", "status", "due_date"], name="case_center_status_due"),
            models.Index(fields=["center", "-received_on", "-id"], name="case_center_received"),
        ]
        permissions = [
            ("register_case", _("Can register cases")),
            ("accept_case", _("Can accept or reject cases")),
            ("route_case", _("Can route cases to departments")),
            ("handle_case", _("Can handle routed cases")),
            ("approve_extension", _("Can approve extensions")),
            ("supervise_case", _("Can issue supervision orders")),
            ("urge_case", _("Can urge cases")),
            ("archive_case", _("Can archive cases")),
            ("reveal_personal_data", _("Can reveal ID numbers and phone numbers")),
            ("reveal_phone_for_follow_up", _("Can reveal a party's phone number for the follow-up visit")),
        ]

    def __str__(self):
        return self.code

    @property
    def is_group_case(self):
        """At least the center's group size (InstitutionSettings.group_size) of people involved."""
        from governance.institutions.models import settings_for

        return self.people_count >= settings_for(self.center_id).group_size

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class PartyQuerySet(models.QuerySet):
    def with_id_number(self, id_number):
        """Exact lookup by ID number through its keyed hash (the number itself is encrypted).

        Matches the hash under any configured key: parties saved before a key rotation are found too."""
        from governance.crypto import keyed_hashes

        return self.filter(id_number_hash__in=keyed_hashes(id_number))


class Party(models.Model):
    class Role(models.TextChoices):
        APPLICANT = "applicant", _("Applicant")
        RESPONDENT = "respondent", _("Respondent")
        OTHER = "other", _("Other party")

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="parties")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.APPLICANT)
    name = models.CharField(_("name"), max_length=60)
    id_number = EncryptedCharField(_("ID number"), blank=True)
    id_number_hash = KeyedHashField(_("ID number lookup hash"), source="id_number")
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)

    objects = PartyQuerySet.as_manager()

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["case", "role", "pk"]

    def __str__(self):
        return self.name
