"""governance.rules.accounts: which roles a manager grants, where each role's account works (no database)."""

import pytest
from django.utils import translation

from governance.roles import ROLES
from governance.rules.accounts import CENTER_ROLES, Placement, Unit, grantable_roles, own_account_errors, placement_errors

OWN, OTHER = 1, 2


@pytest.mark.parametrize(
    ("held", "superuser", "expected"),
    [
        (["director"], False, ("director", "staff", "reception", "department", "workstation", "editor")),
        (["director", "editor"], False, CENTER_ROLES),
        ([], True, CENTER_ROLES),  # a superuser, through these screens: center roles only
        (["staff"], False, ()),
        (["reception"], False, ()),
        (["department"], False, ()),
        (["workstation"], False, ()),
        (["editor"], False, ()),
        (["county"], False, ()),  # county staff supervise; they do not manage accounts
        ([], False, ()),
    ],
)
def test_who_grants_which_roles(held, superuser, expected):
    assert grantable_roles(held, superuser) == expected


def test_no_one_grants_the_county_role_here():
    assert "county" in ROLES and "county" not in CENTER_ROLES
    for held in (["director"], ["county"], list(ROLES)):
        assert "county" not in grantable_roles(held)
    assert "county" not in grantable_roles([], is_superuser=True)


def test_every_center_role_is_a_defined_role():
    assert set(CENTER_ROLES) == set(ROLES) - {"county"}


DIRECTOR = grantable_roles(["director"])


@pytest.mark.parametrize(
    ("placement", "fields"),
    [
        (Placement("staff", OWN), set()),
        (Placement("director", OWN), set()),
        (Placement("department", OWN, department=Unit(7, OWN)), set()),
        (Placement("workstation", OWN, workstation=Unit(3, OWN)), set()),
        # The unit the role needs, and only that one.
        (Placement("department", OWN), {"department"}),
        (Placement("workstation", OWN), {"workstation"}),
        (Placement("department", OWN, department=Unit(7, OWN), workstation=Unit(3, OWN)), {"workstation"}),
        (Placement("staff", OWN, department=Unit(7, OWN)), {"department"}),
        (Placement("editor", OWN, workstation=Unit(3, OWN)), {"workstation"}),
        # A unit of another center.
        (Placement("department", OWN, department=Unit(8, OTHER)), {"department"}),
        (Placement("workstation", OWN, workstation=Unit(4, OTHER)), {"workstation"}),
        # Roles the manager may not grant, and no center.
        (Placement("county", OWN), {"role"}),
        (Placement("superuser", OWN), {"role"}),
        (Placement("staff", None), {"center"}),
    ],
)
def test_placement_errors_name_the_fields(placement, fields):
    assert set(placement_errors(placement, DIRECTOR)) == fields


def test_the_messages_say_what_to_do():
    with translation.override("zh-hans"):
        assert str(placement_errors(Placement("department", OWN), DIRECTOR)["department"]) == "部门承办人须选择本中心的一个部门。"
        errors = placement_errors(Placement("staff", OWN, department=Unit(7, OWN)), DIRECTOR)
        assert str(errors["department"]) == "只有部门承办人需要选择部门，此角色请留空。"


def test_a_manager_who_grants_nothing_places_no_account():
    assert set(placement_errors(Placement("staff", OWN), grantable_roles(["staff"]))) == {"role"}


@pytest.mark.parametrize(
    ("after", "fields"),
    [
        (Placement("director", OWN), set()),
        (Placement("staff", OWN), {"role"}),
        (Placement("director", OTHER), {"center"}),
        (Placement("reception", OTHER), {"role", "center"}),
    ],
)
def test_a_manager_keeps_their_own_role_and_center(after, fields):
    assert set(own_account_errors(Placement("director", OWN), after)) == fields
