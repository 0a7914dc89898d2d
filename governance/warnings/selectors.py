"""Who sees which warnings, and what the public pages, the lobby screens and the API show.

Staff of a center (and the county) with the view permission see every warning of their centers
(scoping.py); a member unit's or a workstation's users see the warnings once published. Public
surfaces show a fixed set of fields: a warning holds no personal data, and none is added here.
"""

from django.db.models import Prefetch, Q

from governance import scoping
from governance.models import Workstation
from governance.services import clock
from governance.warnings import flow
from governance.warnings.models import SecurityWarning

VIEW = "warnings.view_securitywarning"


def visible_to(user, queryset=None):
    queryset = SecurityWarning.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False) or not user.has_perm(VIEW):
        return queryset.none()
    standing = scoping.standing_of(user)
    if standing.kind == scoping.COUNTY:
        return queryset
    if standing.kind == scoping.CENTER:
        return queryset.filter(center_id=standing.center_id)
    if standing.kind in (scoping.DEPARTMENT, scoping.WORKSTATION):
        return queryset.filter(center_id=standing.center_id, status__in=flow.PUBLIC_STATES)
    return queryset.none()


def _with_villages(queryset):
    return queryset.select_related("warning_type").prefetch_related(Prefetch("villages", queryset=Workstation.objects.order_by("name")))


def current(center_id, today=None):
    """Published warnings still valid, the most severe first."""
    today = today or clock.today()
    order = [flow.Level.CRITICAL, flow.Level.SEVERE, flow.Level.SERIOUS, flow.Level.GENERAL]
    warnings = list(_with_villages(SecurityWarning.objects.filter(center_id=center_id, status=flow.PUBLISHED, valid_until__gte=today)))
    return sorted(warnings, key=lambda w: (order.index(w.level) if w.level in order else 9, -(w.published_at.timestamp() if w.published_at else 0)))


def archive(center_id, today=None):
    """Withdrawn and expired warnings (and published ones past their validity the sweep has not
    reached yet), newest first."""
    today = today or clock.today()
    ended = Q(status__in=flow.ARCHIVED) | Q(status=flow.PUBLISHED, valid_until__lt=today)
    return _with_villages(SecurityWarning.objects.filter(ended, center_id=center_id).order_by("-valid_until", "-pk"))


def public_item(warning):
    """The public fields of one warning (pages, API, lobby): nothing else ever leaves."""
    villages = [village.name for village in warning.villages.all()]
    return {
        "id": warning.pk,
        "title": warning.title,
        "type": warning.warning_type.name,
        "level": warning.level,
        "level_label": warning.level_label,
        "colour": warning.colour,
        "villages": villages,
        "content": warning.content,
        "advice": warning.advice,
        "valid_from": warning.valid_from.isoformat(),
        "valid_until": warning.valid_until.isoformat(),
        "status": warning.status,
    }


def lobby_section(center_id, limit=10):
    """The lobby screens' `warnings` section."""
    return [public_item(warning) for warning in current(center_id)[:limit]]
