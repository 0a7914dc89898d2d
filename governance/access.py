"""How a user stands to a case (center staff, lead or cooperating department, county), and which
case permissions they hold. The workflow table decides with these; views and selectors agree."""

from governance import scoping, workflow

CASE_PERMISSIONS = (
    "register_case",
    "accept_case",
    "route_case",
    "handle_case",
    "approve_extension",
    "supervise_case",
    "urge_case",
    "archive_case",
    "reveal_personal_data",
    "view_case",
    "change_case",
)


def case_permissions(user):
    if user is None:
        return frozenset()
    return frozenset(code for code in CASE_PERMISSIONS if user.has_perm(f"governance.{code}"))


def relations_to(user, case, cooperating_ids=None):
    """The workflow relations of `user` to `case` (a set of workflow.CENTER/LEAD/… constants)."""
    if user is None:
        return {workflow.SYSTEM}
    if not getattr(user, "is_authenticated", False):
        return set()
    if user.is_superuser:
        return {workflow.CENTER, workflow.COUNTY}
    profile = scoping.profile_of(user)
    if profile is None:
        return set()
    if profile.center_id is None:
        return {workflow.COUNTY}
    if profile.center_id != case.center_id:
        return set()
    if profile.department_id is not None:
        relations = set()
        if profile.department_id == case.lead_department_id:
            relations.add(workflow.LEAD)
        if cooperating_ids is None:
            cooperating_ids = set(case.cooperating_departments.values_list("pk", flat=True))
        if profile.department_id in cooperating_ids:
            relations.add(workflow.COOPERATING)
        return relations
    if profile.workstation_id is not None:
        return set()
    return {workflow.CENTER}


def may_reveal(user, case):
    return bool(relations_to(user, case)) and "reveal_personal_data" in case_permissions(user)


def may_edit_details(user, case):
    return (
        case.status != workflow.ARCHIVED
        and workflow.CENTER in relations_to(user, case)
        and "change_case" in case_permissions(user)
    )
