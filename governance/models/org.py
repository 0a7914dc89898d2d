"""The organisation: centers, their member departments, workstations and staff membership."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Center(models.Model):
    """A township governance center (乡镇综治中心). Every record in the system belongs to one."""

    name = models.CharField(_("center name"), max_length=80, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=20,
        unique=True,
        help_text=_(
            "Used in case numbers: for example, the short name “Shifan Town” gives case numbers such as “Shifan Town Governance [2026] No. 0001”."
        ),
    )
    slug = models.SlugField(
        _("URL slug"),
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"^[a-z0-9-]+$", _("Use only lowercase letters, digits and hyphens."))],
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    office_hours = models.CharField(_("office hours"), max_length=100, blank=True)
    phone = models.CharField(_("duty phone"), max_length=40, blank=True)
    supervision_phone = models.CharField(_("supervision phone"), max_length=40, blank=True)
    is_active = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("governance center")
        verbose_name_plural = _("governance centers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Department(models.Model):
    """A department seated in a center (公安、司法所、信访办…); lead units head a routed case."""

    class Role(models.TextChoices):
        LEAD = "lead", _("lead unit")
        MEMBER = "member", _("member unit")

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("department name"), max_length=60)
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    is_active = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("member department")
        verbose_name_plural = _("member departments")
        ordering = ["center", "sort_order", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="department_unique_name_per_center")]

    def __str__(self):
        return self.name


class Workstation(models.Model):
    """A village or community workstation (农村社区综治维稳工作站)."""

    class Kind(models.TextChoices):
        VILLAGE = "village", _("administrative village")
        COMMUNITY = "community", _("community")

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="workstations")
    name = models.CharField(_("village (community) name"), max_length=60)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.VILLAGE)
    contact_person = models.CharField(_("contact person"), max_length=30, blank=True)
    is_active = models.BooleanField(_("enabled"), default=True)

    class Meta:
        verbose_name = _("workstation")
        verbose_name_plural = _("workstations (villages, communities)")
        ordering = ["center", "name"]
        constraints = [models.UniqueConstraint(fields=["center", "name"], name="workstation_unique_name_per_center")]

    def __str__(self):
        return self.name


class StaffProfile(models.Model):
    """Where a user works: one center (or none, for the county level), maybe a department or workstation."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_profile")
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        help_text=_("Leave empty for county-level users: they see every center, for supervision and assessment."),
    )
    department = models.ForeignKey(Department, verbose_name=_("department"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    workstation = models.ForeignKey(Workstation, verbose_name=_("workstation"), on_delete=models.PROTECT, null=True, blank=True, related_name="staff")
    title = models.CharField(_("job title"), max_length=40, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True, help_text=_("Urges and supervision orders are also sent here by SMS."))

    class Meta:
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")
        # The center accounts screens (governance.views.accounts): a center's own user accounts.
        permissions = [("manage_center_accounts", _("Can manage their center's user accounts"))]

    def __str__(self):
        return gettext("%(user)s (%(center)s)") % {
            "user": self.user.get_username(),
            "center": self.center or gettext("county level"),
        }

    def clean(self):
        """Department and workstation must sit in the profile's own center."""
        errors = {}
        for field in ("department", "workstation"):
            unit = getattr(self, field)
            if unit is not None and unit.center_id != self.center_id:
                errors[field] = gettext("%(unit)s does not belong to the selected center.") % {"unit": unit}
        if errors:
            raise ValidationError(errors)
