"""What every institutions service shares: "today", the actor's relations and permissions, the
locked step (check the lifecycle table, apply, bump the version, audit, broadcast after commit),
and who gets told.

Services call `common.today()` (not a copy bound at import) so tests can freeze it in one place.
"""

from datetime import date

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import live, roles, scoping
from governance.institutions.rules import flows
from governance.models import StaffProfile
from governance.services import clock
from governance.services.audit import audit

LIVE_REASON = "institutions"


class StaleRecord(Exception):
    """Someone else changed the record since the form was opened."""


def today():
    return clock.today()


def relations_to(user, center_id, department_id=None):
    """How `user` stands to a record of `center_id` addressed to `department_id` (flows.CENTER…)."""
    if user is None:
        return {flows.SYSTEM}
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {flows.CENTER, flows.COUNTY}
    profile = scoping.profile_of(user)
    if profile is None:
        return set()
    if profile.center_id is None:
        return {flows.COUNTY}
    if profile.center_id != center_id:
        return set()
    if profile.department_id is not None:
        return {flows.RESPONSIBLE} if department_id is not None and profile.department_id == department_id else set()
    if profile.workstation_id is not None:
        return set()
    return {flows.CENTER}


def permissions_of(user, flow):
    """The permissions of the flow's moves that `user` holds."""
    if user is None:
        return frozenset()
    return frozenset(label for label in {m.permission for m in flow.moves.values()} if user.has_perm(label))


def require_center_staff(user, center_id, permission):
    """Raise MoveNotAllowed unless the user is staff of this center (or a superuser) with the permission."""
    if user is not None and not user.has_perm(permission):
        raise flows.MoveNotAllowed(_("You do not have permission for this action."))
    if flows.CENTER not in relations_to(user, center_id) and user is not None:
        raise flows.MoveNotAllowed(_("Only the center's own staff can do this."))


def record(subject, action, actor, obj, *, from_status="", to_status="", reason="", **data):
    """The audit row: who, when, which record, from which state to which, and why."""
    center_id = getattr(obj, "center_id", None)
    return audit(
        f"{subject}.{action}",
        actor=actor,
        center_id=center_id,
        obj=obj,
        **{"from": from_status, "to": to_status, "reason": reason, **data},
    )


def broadcast(center_id):
    if center_id is not None:
        live.schedule_center_refresh(center_id, LIVE_REASON)


def step(model, pk, flow, action, actor, *, subject, relations, apply=None, reason="", expected_version=None, data=None):
    """Lock the row, ask the lifecycle table, apply the change, save the changed fields, audit, broadcast."""
    obj = model.objects.select_for_update().get(pk=pk)
    if expected_version is not None and getattr(obj, "version", None) != expected_version:
        raise StaleRecord(_("Someone else changed this record after you opened the form. Please check it and submit again."))
    target = flow.check(action, obj.status, relations(actor, obj), permissions_of(actor, flow))
    from_status = obj.status
    fields = set(apply(obj) or ()) if apply else set()
    if target != obj.status:
        obj.status = target
        fields.add("status")
    field_names = {f.name for f in model._meta.concrete_fields}
    if "version" in field_names:
        obj.version += 1
        fields.add("version")
    if "updated_at" in field_names:
        fields.add("updated_at")
    if fields:
        obj.save(update_fields=sorted(fields))
    record(subject, action, actor, obj, from_status=from_status, to_status=obj.status, reason=reason, **(data or {}))
    broadcast(getattr(obj, "center_id", None))
    return obj


def required_text(value, field, message=None):
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message or _("This field is required.")})
    return text


def require_past_or_today(value, field):
    if not isinstance(value, date):
        raise ValidationError({field: _("Enter a valid date.")})
    if value > today():
        raise ValidationError({field: _("The date cannot be in the future.")})
    return value


# --- who gets told --------------------------------------------------------------------------------


def department_users(department_id):
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__department_id=department_id))


def workstation_users(workstation_id):
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__workstation_id=workstation_id))


def center_staff_with(center_id, permission):
    """Active center staff (not departments or workstations) holding `permission` ("app.codename")."""
    profiles = StaffProfile.objects.filter(
        center_id=center_id, department__isnull=True, workstation__isnull=True, user__is_active=True
    ).select_related("user")
    return [p.user for p in profiles if p.user.has_perm(permission)]


def center_directors(center_id):
    """The center's directors (the 中心主任 role); its staff who accept cases when it has none."""
    User = get_user_model()
    directors = list(
        User.objects.filter(
            is_active=True,
            staff_profile__center_id=center_id,
            staff_profile__department__isnull=True,
            staff_profile__workstation__isnull=True,
            groups__name=roles.ROLES["director"][0],
        ).distinct()
    )
    return directors or center_staff_with(center_id, "governance.accept_case")


def county_users():
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__isnull=False, staff_profile__center__isnull=True))
