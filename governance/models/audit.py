"""The general audit log for changes that are not case moves (queue, screens, exports, logins…)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.models.org import Center


class AuditEvent(models.Model):
    center = models.ForeignKey(Center, verbose_name=_("center"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    # PROTECT: a user who appears in the audit is deactivated, never deleted (governance.users).
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("actor"), on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The actor as they were at the time (a later rename does not rewrite history).
    actor_username = models.CharField(_("actor's username"), max_length=150, blank=True)
    actor_name = models.CharField(_("actor's name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("object type"), max_length=40, blank=True)
    object_id = models.CharField(_("object"), max_length=40, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"

    @property
    def actor_label(self):
        return actor_label(self)


def actor_snapshot(user):
    """The audit columns for `user` (None or anonymous: the system): the FK and the username and
    display name as they are now, kept on the row whatever happens to the user later."""
    if not getattr(user, "pk", None):
        return {"actor": None, "actor_username": "", "actor_name": ""}
    return {"actor": user, "actor_username": user.get_username()[:150], "actor_name": (user.get_full_name() or "").strip()[:150]}


def actor_label(row):
    """Who did it, from the snapshot: the display name, else the username, else the system."""
    return row.actor_name or row.actor_username or _("the system")
