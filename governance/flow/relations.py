"""How a user stands to a record: the one place that turns a user's staff profile into the
relations the lifecycle tables speak of (governance.flow.table: CENTER, LEAD, COOPERATING,
RESPONSIBLE, COUNTY, SYSTEM). Every lifecycle's `relations` function is built on `relations_to`.
"""

from governance import scoping
from governance.flow.table import CENTER, COOPERATING, COUNTY, LEAD, RESPONSIBLE, SYSTEM


def relations_to(user, center_id, *, lead=None, cooperating=(), responsible=None):
    """The relations of `user` to a record of `center_id`.

    `lead` is a case's lead department, `cooperating` its cooperating departments (an iterable, or a
    callable giving one: looked up only for a department handler), `responsible` the department a
    record is addressed to (a notice's recipient, a task's owner). No user means the system."""
    if user is None:
        return {SYSTEM}
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {CENTER, COUNTY}
    profile = scoping.profile_of(user)
    if profile is None:
        return set()
    if profile.center_id is None:
        return {COUNTY}
    if center_id is not None and profile.center_id != center_id:
        return set()
    if profile.department_id is not None:
        relations = set()
        if lead is not None and profile.department_id == lead:
            relations.add(LEAD)
        if responsible is not None and profile.department_id == responsible:
            relations.add(RESPONSIBLE)
        if callable(cooperating):
            cooperating = cooperating()
        if profile.department_id in set(cooperating or ()):
            relations.add(COOPERATING)
        return relations
    if profile.workstation_id is not None or center_id is None:
        return set()
    return {CENTER}


def permissions_of(user, flow):
    """The permissions ("app_label.codename") of the flow's moves that `user` holds."""
    if user is None:
        return frozenset()
    return frozenset(label for label in flow.permissions if user.has_perm(label))
