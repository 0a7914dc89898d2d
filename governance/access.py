"""How a user stands to a case (center staff, lead or cooperating department, county), and which
case permissions they hold. The workflow table decides with these; views and selectors agree."""

from governance import workflow
from governance.flow import relations

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
    "reveal_phone_for_follow_up",
    "view_case",
    "change_case",
)


def case_permissions(user):
    if user is None:
        return frozenset()
    return frozenset(code for code in CASE_PERMISSIONS if user.has_perm(f"governance.{code}"))


def relations_to(user, case, cooperating_ids=None):
    """The lifecycle relations of `user` to `case` (CENTER, LEAD, COOPERATING, COUNTY, SYSTEM)."""
    if cooperating_ids is None:

        def cooperating_ids():
            return case.cooperating_departments.values_list("pk", flat=True) if case.pk else ()

    return relations.relations_to(user, case.center_id, lead=case.lead_department_id, cooperating=cooperating_ids)


def lifecycle_permissions(user):
    """What the case table checks: the Case permission codenames, and the labels of the moves that
    need another app's permission (special-work tags)."""
    from governance.workflow import CASE_FLOW

    return case_permissions(user) | relations.permissions_of(user, CASE_FLOW)


def may_reveal(user, case):
    return bool(relations_to(user, case)) and "reveal_personal_data" in case_permissions(user)


def may_reveal_phone(user, case):
    """The follow-up visit (回访) needs the party's phone: whoever may record that visit on this case
    now, and holds the follow-up reveal permission, may see the phone (not the ID number), logged."""
    if "reveal_phone_for_follow_up" not in case_permissions(user):
        return False
    try:
        workflow.check_move("follow_up", case.status, relations_to(user, case), case_permissions(user))
    except workflow.MoveNotAllowed:
        return False
    return True


def may_edit_details(user, case):
    return case.status != workflow.ARCHIVED and workflow.CENTER in relations_to(user, case) and "change_case" in case_permissions(user)


def may_see_query_code(user, case):
    """The front desk of the case's center (who may register or accept cases there) sees the party's
    query code and prints the receipt and the written notices; departments and workstations do not."""
    return workflow.CENTER in relations_to(user, case) and bool({"register_case", "accept_case"} & case_permissions(user))
