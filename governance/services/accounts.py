"""Center accounts: create, edit, deactivate and reactivate a center's user accounts.

Each is one transaction: the user, their staff profile and their role group are written together
(no account without its profile), with one audit row naming the account, its center and what
changed. Accounts are deactivated, never deleted: the audit trail keeps who did what
(governance.admin.users). Passwords never reach the audit; the mobile number only masked.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance import roles, scoping
from governance.models import Center, Department, StaffProfile, Workstation
from governance.rules import accounts as rules
from governance.rules.identity import mask_phone
from governance.selectors.accounts import accounts_managed_by, held_roles
from governance.services.audit import audit, recorded_value

# What an account's audit row records, in this order (the password never).
RECORDED = ("username", "name", "role", "center", "department", "workstation", "title", "mobile")


@dataclass(frozen=True)
class AccountData:
    """An account as a manager fills it in. `password` empty on an edit: unchanged."""

    username: str
    name: str
    role: str
    center_id: int | None
    department_id: int | None = None
    workstation_id: int | None = None
    title: str = ""
    mobile: str = ""
    password: str = ""


def _unit(model, pk):
    if pk is None:
        return None
    center_id = model.objects.filter(pk=pk).values_list("center_id", flat=True).first()
    return rules.Unit(pk, center_id) if center_id is not None else rules.Unit(pk, -1)


def _placement(data):
    return rules.Placement(data.role, data.center_id, _unit(Department, data.department_id), _unit(Workstation, data.workstation_id))


def _current_placement(user):
    profile = user.staff_profile
    codes = [code for code in held_roles(user) if code in rules.CENTER_ROLES]
    return rules.Placement(codes[0] if codes else "", profile.center_id)


def _check(actor, data, user=None):
    """Raise ValidationError({field: message}) unless `actor` may give an account these values."""
    errors = rules.placement_errors(_placement(data), rules.grantable_roles(held_roles(actor), actor.is_superuser))
    if data.center_id is not None and not scoping.visible_centers(actor).filter(pk=data.center_id).exists():
        errors["center"] = _("You may not place accounts in this center.")
    if user is not None and user.pk == actor.pk:
        errors.update(rules.own_account_errors(_current_placement(user), _placement(data)))
    taken = get_user_model().objects.filter(username__iexact=data.username)
    if user is not None:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        errors["username"] = _("An account with this username already exists (letter case does not count).")
    if data.password:
        candidate = user or get_user_model()(username=data.username, first_name=data.name)
        try:
            password_validation.validate_password(data.password, candidate)
        except ValidationError as error:
            errors["password"] = error.messages
    if errors:
        raise ValidationError(errors)


def _save_user(user, **kwargs):
    """Save; a username taken meanwhile (the database's case-insensitive unique index, migration
    governance 0010) is the same clear error as the form's check, and nothing is written."""
    try:
        with transaction.atomic():
            user.save(**kwargs)
    except IntegrityError:
        raise ValidationError({"username": _("An account with this username already exists (letter case does not count).")}) from None


def _record(user):
    """The account's audit values: names of its role, center and unit; name and mobile masked."""
    profile = user.staff_profile
    codes = [code for code in held_roles(user) if code in rules.CENTER_ROLES]
    values = {
        "username": user.username,
        "name": recorded_value("name", user.first_name),
        "role": "、".join(roles.ROLES[code][0] for code in codes),
        "center": str(profile.center or ""),
        "department": str(profile.department or ""),
        "workstation": str(profile.workstation or ""),
        "title": profile.title,
        "mobile": mask_phone(profile.mobile) if profile.mobile else "",
    }
    return {key: values[key] for key in RECORDED}


def _set_role(user, role, center_id):
    """The account holds exactly one center role (and, as a website editor, its center's editor
    group); groups that are not roles are left as they are."""
    from pages.editors import EDITOR_GROUP_PREFIX, editor_group_name, ensure_center_editor_group
    from pages.models import CenterHomePage

    wanted = [roles.group_for(role)]
    if role == "editor":
        home = CenterHomePage.objects.filter(center_id=center_id).select_related("center").first()
        pages_group = (
            ensure_center_editor_group(home) if home else Group.objects.filter(name=editor_group_name(Center.objects.get(pk=center_id))).first()
        )
        if pages_group is not None:
            wanted.append(pages_group)
    role_names = [name for name, _perms in roles.ROLES.values()]
    managed = Group.objects.filter(name__in=role_names) | Group.objects.filter(name__startswith=EDITOR_GROUP_PREFIX)
    stale = [group for group in user.groups.filter(pk__in=managed.values("pk")) if group not in wanted]
    if stale:
        user.groups.remove(*stale)
    user.groups.add(*wanted)  # adding a held group changes nothing (and writes no audit row)


def _apply_profile(profile, data):
    profile.center_id = data.center_id
    profile.department_id = data.department_id
    profile.workstation_id = data.workstation_id
    profile.title = data.title
    profile.mobile = data.mobile


@transaction.atomic
def account_create(*, data, actor):
    """Create a center's account: the user, their staff profile and role, and the audit row."""
    if not data.password:
        raise ValidationError({"password": _("Set a password for the new account.")})
    _check(actor, data)
    user = get_user_model()(username=data.username, first_name=data.name, is_staff=False, is_superuser=False)
    user.set_password(data.password)
    _save_user(user)
    profile = StaffProfile(user=user)
    _apply_profile(profile, data)
    profile.full_clean()
    profile.save()
    _set_role(user, data.role, data.center_id)
    audit("account.create", actor=actor, center_id=data.center_id, obj=user, account=_record(user))
    return user


def _locked_account(actor, user_id):
    """The account, row-locked, if `actor` manages it; PermissionDenied otherwise."""
    if not accounts_managed_by(actor).filter(pk=user_id).exists():
        raise PermissionDenied
    return get_user_model().objects.select_for_update(of=("self",)).select_related("staff_profile").get(pk=user_id)


@transaction.atomic
def account_update(*, user_id, data, actor):
    """Edit a center's account (the password only when one is given); audits old → new."""
    user = _locked_account(actor, user_id)
    _check(actor, data, user)
    before = _record(user)
    user.username, user.first_name = data.username, data.name
    fields = ["username", "first_name"]
    if data.password:
        user.set_password(data.password)
        fields.append("password")
    _save_user(user, update_fields=fields)
    profile = StaffProfile.objects.select_for_update().get(user=user)
    _apply_profile(profile, data)
    profile.full_clean()
    profile.save(update_fields=["center", "department", "workstation", "title", "mobile"])
    _set_role(user, data.role, data.center_id)
    user.staff_profile = profile
    after = _record(user)
    changes = {key: [before[key], after[key]] for key in RECORDED if before[key] != after[key]}
    if changes or data.password:
        audit("account.update", actor=actor, center_id=data.center_id, obj=user, changes=changes, password_changed=bool(data.password))
    return user


@transaction.atomic
def account_set_active(*, user_id, active, actor):
    """Deactivate (the account can no longer log in; its sessions end) or reactivate an account."""
    user = _locked_account(actor, user_id)
    if not active and user.pk == actor.pk:
        raise ValidationError(_("You cannot deactivate your own account."))
    if user.is_active == active:
        return user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit(
        "account.reactivate" if active else "account.deactivate", actor=actor, center_id=user.staff_profile.center_id, obj=user, account=user.username
    )
    return user
