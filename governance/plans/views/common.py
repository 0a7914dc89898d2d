"""What the plans screens share: the acting center of a center-staff user."""

from django.core.exceptions import PermissionDenied

from governance import scoping


def own_center(request, permission):
    """The center of a center-staff user holding `permission`, or PermissionDenied."""
    profile = scoping.profile_of(request.user)
    if profile is None or not profile.center_id or profile.department_id or profile.workstation_id or not request.user.has_perm(permission):
        raise PermissionDenied
    return profile.center
