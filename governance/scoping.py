"""Who sees which center's records. Every list, export, API and screen query goes through here."""

from dataclasses import dataclass

from django.db.models import Q

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


# --- Which records a user may see: a view permission and a relation --------------------------------
#
# A user stands to the centers in one way (Standing, from the staff profile): the county (every
# center), a center as a whole, one department of a center, one workstation of a center, or not at
# all. Each record kind names its view permission and the fields through which a department or a
# workstation reaches a record. `reach` (a pure function) turns the two into what the user sees;
# `visible` applies it to a queryset. A user without the view permission sees no record of the kind,
# whatever their profile says (a website editor's center profile shows no case).

NOBODY, COUNTY, CENTER, DEPARTMENT, WORKSTATION = "nobody", "county", "center", "department", "workstation"
EVERY_CENTER_RECORD = "*"  # a department's reach: every record of its center (the meetings)


@dataclass(frozen=True)
class Standing:
    kind: str
    center_id: int | None = None
    department_id: int | None = None
    workstation_id: int | None = None


@dataclass(frozen=True)
class RecordKind:
    permission: str  # "app_label.codename"
    department_fields: tuple = ()  # a department sees records related to it through one of these
    workstation_field: str | None = None  # a workstation sees records related to it through this
    center_field: str = "center"


@dataclass(frozen=True)
class Reach:
    """What a user sees of one record kind: nothing, everything, or one center's records, possibly
    narrowed to those related to a department or workstation through `fields`."""

    kind: str  # NOBODY, COUNTY (all), CENTER, DEPARTMENT, WORKSTATION
    center_id: int | None = None
    unit_id: int | None = None
    fields: tuple = ()


RECORDS = {
    "case": RecordKind("governance.view_case", ("lead_department", "cooperating_departments"), "workstation"),
    "notice": RecordKind("institutions.view_rectificationnotice", ("recipient",)),
    "task": RecordKind("institutions.view_meetingtask", ("owner",)),
    "meeting": RecordKind("institutions.view_jointmeeting", (EVERY_CENTER_RECORD,)),
    "report": RecordKind("institutions.view_screeningreport", (), "workstation"),
    "assessment": RecordKind("institutions.view_assessment"),
    # User accounts, by their staff profile's center (governance.selectors.accounts).
    "account": RecordKind("governance.manage_center_accounts", center_field="staff_profile__center"),
}


def standing_of(user):
    if not getattr(user, "is_authenticated", False):
        return Standing(NOBODY)
    if user.is_superuser:
        return Standing(COUNTY)
    profile = profile_of(user)
    if profile is None:
        return Standing(NOBODY)
    if profile.center_id is None:
        return Standing(COUNTY)
    if profile.department_id is not None:
        return Standing(DEPARTMENT, profile.center_id, department_id=profile.department_id)
    if profile.workstation_id is not None:
        return Standing(WORKSTATION, profile.center_id, workstation_id=profile.workstation_id)
    return Standing(CENTER, profile.center_id)


def reach(record, standing, has_permission):
    """Pure: what a user of `standing`, holding the record kind's view permission or not, sees."""
    if not has_permission or standing.kind == NOBODY:
        return Reach(NOBODY)
    if standing.kind == COUNTY:
        return Reach(COUNTY)
    if standing.kind == CENTER:
        return Reach(CENTER, standing.center_id)
    if standing.kind == DEPARTMENT and record.department_fields:
        if EVERY_CENTER_RECORD in record.department_fields:
            return Reach(CENTER, standing.center_id)
        return Reach(DEPARTMENT, standing.center_id, standing.department_id, record.department_fields)
    if standing.kind == WORKSTATION and record.workstation_field:
        return Reach(WORKSTATION, standing.center_id, standing.workstation_id, (record.workstation_field,))
    return Reach(NOBODY)


def reach_of(user, kind):
    record = RECORDS[kind]
    return reach(record, standing_of(user), bool(getattr(user, "is_authenticated", False)) and user.has_perm(record.permission))


def visible(kind, user, queryset):
    """The records of `kind` in `queryset` that `user` may see (every list, page, export, PDF and
    API of the kind asks this)."""
    seen = reach_of(user, kind)
    if seen.kind == NOBODY:
        return queryset.none()
    if seen.kind == COUNTY:
        return queryset
    queryset = queryset.filter(**{f"{RECORDS[kind].center_field}_id": seen.center_id})
    if seen.kind == CENTER:
        return queryset
    related = Q()
    for name in seen.fields:
        if queryset.model._meta.get_field(name).many_to_many:
            # A subquery, not a join: a record related twice is listed once.
            related |= Q(pk__in=queryset.model.objects.filter(**{name: seen.unit_id}).values("pk"))
        else:
            related |= Q(**{f"{name}_id": seen.unit_id})
    return queryset.filter(related)
