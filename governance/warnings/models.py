"""Security warnings (治安预警预报) and their types (a vocabulary edited in the admin)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models import Center, Workstation
from governance.warnings import flow


class WarningType(models.Model):
    """A kind of warning (电信诈骗, 盗窃, 火灾, 汛期, 防溺水…). County-wide without a center; a center may
    add its own. Users pick entries by name: there is no code to type."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    name = models.CharField(_("name"), max_length=30)
    center = models.ForeignKey(
        Center,
        verbose_name=_("center"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for an entry shared by every center of the county."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warning type")
        verbose_name_plural = _("warning types")
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "center"], name="warning_type_unique_name"),
            models.UniqueConstraint(fields=["name"], condition=models.Q(center__isnull=True), name="warning_type_unique_shared_name"),
        ]

    def __str__(self):
        return self.name


class SecurityWarning(models.Model):
    """One warning with its prevention advice; moves only through the engine (services.WARNING)."""

    wagtail_reference_index_ignore = True  # not content: keep Wagtail's reference index out of it

    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.PROTECT, related_name="security_warnings")
    warning_type = models.ForeignKey(WarningType, verbose_name=_("warning type"), on_delete=models.PROTECT, related_name="warnings")
    level = models.CharField(_("warning level"), max_length=10, choices=flow.Level.choices, default=flow.Level.GENERAL)
    title = models.CharField(_("title"), max_length=80)
    content = models.TextField(_("warning content"))
    advice = models.TextField(_("prevention advice"), help_text=_("What people and units should do (防范措施建议)."))
    villages = models.ManyToManyField(
        Workstation,
        verbose_name=_("villages concerned"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty when the whole township is concerned."),
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=flow.WARNING_FLOW.states, default=flow.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    ended_on = models.DateField(_("withdrawn or expired on"), null=True, blank=True)
    withdraw_reason = models.CharField(_("reason for withdrawal"), max_length=200, blank=True)

    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("security warning")
        verbose_name_plural = _("security warnings")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["center", "status", "valid_until"], name="warning_center_status_until")]
        permissions = [("publish_securitywarning", _("Can approve, publish and withdraw security warnings"))]

    def __str__(self):
        return self.title

    @property
    def colour(self):
        return flow.colour_of(self.level)

    @property
    def level_label(self):
        return flow.level_label(self.level)

    def village_names(self):
        return [village.name for village in self.villages.all()]
