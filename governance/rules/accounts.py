"""Center accounts: which roles a manager may grant, and where an account of each role works.

Pure, no database. The service (governance.services.accounts) asks these before it writes; which
accounts a manager reaches at all is a scoping question (governance.scoping, record kind "account").
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

# The roles (governance.roles.ROLES) an account of a center may hold, in the order forms list them.
CENTER_ROLES = ("director", "staff", "reception", "department", "workstation", "editor")

# Who grants what: a director any role of a center, their own included. "county" is nobody's to
# grant here, nor is superuser status: those accounts stay with the system administrator.
GRANTS = {"director": CENTER_ROLES}

# The unit an account of the role must be placed in; every other role has neither.
UNIT_OF_ROLE = {"department": "department", "workstation": "workstation"}

UNIT_REQUIRED = {
    "department": _("A department officer must be placed in a department of the center."),
    "workstation": _("A workstation information officer must be placed in a workstation of the center."),
}
UNIT_NOT_FOR_ROLE = {
    "department": _("Only a department officer has a department: leave it empty for this role."),
    "workstation": _("Only a workstation information officer has a workstation: leave it empty for this role."),
}
UNIT_OF_OTHER_CENTER = {
    "department": _("This department is not in the account's center."),
    "workstation": _("This workstation is not in the account's center."),
}


@dataclass(frozen=True)
class Unit:
    """A department or workstation, by its center."""

    pk: int
    center_id: int


@dataclass(frozen=True)
class Placement:
    """Where an account works and as what: its role, its center and the unit its role needs."""

    role: str
    center_id: int | None
    department: Unit | None = None
    workstation: Unit | None = None


def grantable_roles(held_roles, is_superuser=False):
    """The center roles a manager holding `held_roles` may grant, in CENTER_ROLES order."""
    if is_superuser:
        return CENTER_ROLES
    granted = {role for held in held_roles for role in GRANTS.get(held, ())}
    return tuple(role for role in CENTER_ROLES if role in granted)


def placement_errors(placement, grantable):
    """{field: message} for a placement a manager who may grant `grantable` may not make."""
    errors = {}
    if placement.role not in grantable:
        errors["role"] = _("You may not grant this role.")
    if placement.center_id is None:
        errors["center"] = _("Choose the account's center.")
    needed = UNIT_OF_ROLE.get(placement.role)
    for field in ("department", "workstation"):
        unit = getattr(placement, field)
        if unit is None:
            if field == needed:
                errors[field] = UNIT_REQUIRED[field]
        elif field != needed:
            errors[field] = UNIT_NOT_FOR_ROLE[field]
        elif unit.center_id != placement.center_id:
            errors[field] = UNIT_OF_OTHER_CENTER[field]
    return errors


def own_account_errors(before, after):
    """{field: message}: a manager editing their own account keeps their role and center."""
    errors = {}
    if after.role != before.role:
        errors["role"] = _("You cannot change your own role: ask another director or the system administrator.")
    if after.center_id != before.center_id:
        errors["center"] = _("You cannot move your own account to another center.")
    return errors
