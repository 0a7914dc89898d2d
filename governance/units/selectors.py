"""Who sees which units and checks. Every list, page and action of this app reads through here
(governance.scoping: a view permission and the center; the county sees every center)."""

from governance import scoping
from governance.units.models import CheckResult, Unit, UnitCheck

UNITS = scoping.RecordKind("units.view_unit")
CHECKS = scoping.RecordKind("units.view_unitcheck")


def _visible(kind, user, queryset):
    allowed = bool(getattr(user, "is_authenticated", False)) and user.has_perm(kind.permission)
    seen = scoping.reach(kind, scoping.standing_of(user), allowed)
    if seen.kind == scoping.NOBODY:
        return queryset.none()
    if seen.kind == scoping.COUNTY:
        return queryset
    return queryset.filter(center_id=seen.center_id)


def units_visible_to(user, queryset=None):
    return _visible(UNITS, user, Unit.objects.all() if queryset is None else queryset)


def checks_visible_to(user, queryset=None):
    return _visible(CHECKS, user, UnitCheck.objects.all() if queryset is None else queryset)


def results_visible_to(user):
    return CheckResult.objects.filter(check_record__in=checks_visible_to(user))


def notices_visible_to(user, queryset):
    """The notices of `queryset` the user may open (governance.scoping's notice rule)."""
    return scoping.visible("notice", user, queryset)
