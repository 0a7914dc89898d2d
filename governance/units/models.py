"""企事业单位内部安全: the unit registry (kind, village, credit code, security lead), the checklist of
the internal security system, and the center's checks of units with a result per checklist item;
a non-compliant item may become a rectification notice (institutions), which it keeps."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.institutions.models import RectificationNotice
from governance.models import Center, Workstation
from governance.units import flows


def new_code():
    return f"item-{secrets.token_hex(4)}"


class UnitKind(models.Model):
    """A kind of unit (企业, 学校, 医院…), county-wide, edited in the admin."""

    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=40, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True, default=new_code, editable=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class ChecklistItem(models.Model):
    """One point of the internal security system a check looks at (门卫制度, 消防设施…), county-wide."""

    wagtail_reference_index_ignore = True

    name = models.CharField(_("name"), max_length=60, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True, default=new_code, editable=False)
    requirement = models.TextField(_("requirement"), blank=True, help_text=_("What the unit must have in place; shown to the inspectors."))
    basis = models.CharField(_("basis"), max_length=200, blank=True, help_text=_("The rule it comes from; printed on a rectification notice."))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="security_units")
    village = models.ForeignKey(Workstation, verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    name = models.CharField(_("unit name"), max_length=100)
    kind = models.ForeignKey(UnitKind, verbose_name=_("unit kind"), on_delete=models.PROTECT, related_name="units")
    address = models.CharField(_("address"), max_length=200)
    credit_code = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    lead_name = models.CharField(_("security lead"), max_length=30)
    lead_phone = models.CharField(_("security lead's phone"), max_length=30, blank=True)
    is_key = models.BooleanField(_("key unit"), default=False, help_text=_("A key unit for public order (重点单位): checked more often."))
    status = models.CharField(_("status"), max_length=12, choices=flows.UNIT_FLOW.states, default=flows.ACTIVE, db_index=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["center", "-is_key", "name"]
        constraints = [
            models.UniqueConstraint(fields=["center", "name"], name="units_unit_unique_name"),
            models.UniqueConstraint(fields=["center", "credit_code"], condition=~models.Q(credit_code=""), name="units_unit_unique_code"),
        ]
        permissions = [
            ("manage_unit", _("Can close and reopen units")),
            ("reveal_unit_contact", _("Can see the security lead's full phone number (logged)")),
        ]

    def __str__(self):
        return self.name


class UnitCheck(models.Model):
    """One check (检查) of a unit's internal security by the center."""

    wagtail_reference_index_ignore = True

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="unit_checks")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="checks")
    check_date = models.DateField(_("date of the check"), db_index=True)
    inspectors = models.CharField(_("inspectors"), max_length=200)
    findings = models.TextField(_("findings"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=flows.CHECK_FLOW.states, default=flows.DRAFT, db_index=True)
    version = models.PositiveIntegerField(default=1)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unit check")
        verbose_name_plural = _("unit checks")
        ordering = ["-check_date", "-pk"]
        permissions = [("convert_checkresult", _("Can turn check findings into rectification notices"))]

    def __str__(self):
        return f"{self.check_date:%Y-%m-%d} {self.unit.name}"


class CheckResult(models.Model):
    """The result of one checklist item in one check; a non-compliant one may become a notice."""

    class Result(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        NON_COMPLIANT = "non_compliant", _("Not compliant")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    wagtail_reference_index_ignore = True

    check_record = models.ForeignKey(UnitCheck, verbose_name=_("unit check"), on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, verbose_name=_("checklist item"), on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("result"), max_length=16, choices=Result.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    notice = models.OneToOneField(
        RectificationNotice,
        verbose_name=_("rectification notice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="unit_check_result",
    )

    class Meta:
        verbose_name = _("check result")
        verbose_name_plural = _("check results")
        ordering = ["check_record", "item__sort_order", "pk"]
        constraints = [models.UniqueConstraint(fields=["check_record", "item"], name="units_result_unique_item")]

    def __str__(self):
        return f"{self.item} · {self.get_result_display()}"
