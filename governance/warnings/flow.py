"""The lifecycle of a security warning, as data (governance.flow.table). Pure: no ORM.

draft → approved → published → withdrawn | expired. Center staff draft; the director (the holder of
`publish_securitywarning`) approves, publishes and withdraws, with a reason; the sweep expires a
published warning once its validity has ended (governance.warnings.services.expire_due).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from governance.flow.table import CENTER, SYSTEM, Flow, fan, move
from governance.flow.table import table as _table

DRAFT, APPROVED, PUBLISHED, WITHDRAWN, EXPIRED = "draft", "approved", "published", "withdrawn", "expired"
PUBLIC_STATES = frozenset({PUBLISHED, WITHDRAWN, EXPIRED})  # states the public and the units may see
ARCHIVED = frozenset({WITHDRAWN, EXPIRED})

ADD = "warnings.add_securitywarning"
PUBLISH = "warnings.publish_securitywarning"

WARNING_FLOW = Flow(
    "warning",
    (
        (DRAFT, _("Draft")),
        (APPROVED, _("Approved")),
        (PUBLISHED, _("Published")),
        (WITHDRAWN, _("Withdrawn")),
        (EXPIRED, _("Expired")),
    ),
    _table(
        move("approve", _("Approve"), [(DRAFT, APPROVED)], PUBLISH, {CENTER}),
        move("return", _("Send back to draft"), [(APPROVED, DRAFT)], PUBLISH, {CENTER}, requires=("reason",)),
        move("publish", _("Publish"), [(APPROVED, PUBLISHED)], PUBLISH, {CENTER}),
        move("withdraw", _("Withdraw"), fan((DRAFT, APPROVED, PUBLISHED), (WITHDRAWN,)), PUBLISH, {CENTER}, requires=("reason",)),
        move("expire", _("Expire"), [(PUBLISHED, EXPIRED)], PUBLISH, {SYSTEM}),
    ),
)


class Level(models.TextChoices):
    """The warning levels and their colours (蓝、黄、橙、红), lowest first."""

    GENERAL = "general", _("General (blue)")
    SERIOUS = "serious", _("Serious (yellow)")
    SEVERE = "severe", _("Severe (orange)")
    CRITICAL = "critical", _("Critical (red)")


COLOURS = {Level.GENERAL: "blue", Level.SERIOUS: "yellow", Level.SEVERE: "orange", Level.CRITICAL: "red"}
SHORT_LABELS = {
    Level.GENERAL: _("General"),
    Level.SERIOUS: _("Serious"),
    Level.SEVERE: _("Severe"),
    Level.CRITICAL: _("Critical"),
}


def colour_of(level):
    return COLOURS.get(level, "blue")


def level_label(level):
    """The level's short name (一般, 较重, 严重, 特别严重)."""
    return str(SHORT_LABELS.get(level, level))


def is_current(status, valid_from, valid_until, today):
    """Shown as current on public pages and screens: published and not past its validity (a warning
    whose validity starts later is shown already, so that people can prepare)."""
    return status == PUBLISHED and valid_until >= today
