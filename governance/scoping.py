"""Who sees which center's records. Every list, export, API and screen query goes through here."""

from governance.models import Center


def profile_of(user):
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff_profile
    except Exception:  # RelatedObjectDoesNotExist
        return None


def sees_all_centers(user):
    """Superusers and county-level staff (a profile with no center) see every center."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    profile = profile_of(user)
    return profile is not None and profile.center_id is None


def center_id_of(user):
    profile = profile_of(user)
    return profile.center_id if profile else None


def visible_centers(user):
    if sees_all_centers(user):
        return Center.objects.all()
    center_id = center_id_of(user)
    if center_id is None:
        return Center.objects.none()
    return Center.objects.filter(pk=center_id)


def scope_to_user(queryset, user, center_field="center"):
    """Restrict a queryset of center-owned records to what the user may see."""
    if sees_all_centers(user):
        return queryset
    center_id = center_id_of(user)
    if center_id is None:
        return queryset.none()
    return queryset.filter(**{f"{center_field}_id": center_id})
