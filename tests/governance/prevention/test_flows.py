"""The team and patrol tables, without a database: who may take which move from which state."""

import pytest

from governance.flow.table import CENTER, COUNTY, SYSTEM, MoveNotAllowed
from governance.prevention import flows

TEAM = flows.TEAM_FLOW
PATROL = flows.PATROL_FLOW
ALL_TEAM = {flows.MANAGE_TEAM}
ALL_PATROL = {flows.REVIEW_PATROL, flows.RECORD_PATROL}


@pytest.mark.parametrize(
    ("action", "status", "after"),
    [
        ("suspend", "active", "suspended"),
        ("resume", "suspended", "active"),
        ("dissolve", "active", "dissolved"),
        ("dissolve", "suspended", "dissolved"),
    ],
)
def test_team_moves(action, status, after):
    assert TEAM.check(action, status, {CENTER}, ALL_TEAM) == after


@pytest.mark.parametrize("action", ["suspend", "resume", "dissolve"])
def test_a_dissolved_team_moves_no_more(action):
    with pytest.raises(MoveNotAllowed):
        TEAM.check(action, "dissolved", {CENTER}, ALL_TEAM)


def test_team_moves_need_the_permission_and_the_center():
    with pytest.raises(MoveNotAllowed):
        TEAM.check("suspend", "active", {CENTER}, set())
    with pytest.raises(MoveNotAllowed):
        TEAM.check("suspend", "active", {COUNTY}, ALL_TEAM)
    assert [m.action for m in TEAM.available("active", {CENTER}, ALL_TEAM)] == ["suspend", "dissolve"]


def test_suspending_and_dissolving_need_a_reason():
    assert TEAM.moves["suspend"].requires == ("reason",)
    assert TEAM.moves["dissolve"].requires == ("reason",)
    assert PATROL.moves["return"].requires == ("reason",)


@pytest.mark.parametrize(
    ("action", "status", "after"), [("review", "recorded", "reviewed"), ("return", "recorded", "returned"), ("resubmit", "returned", "recorded")]
)
def test_patrol_moves(action, status, after):
    assert PATROL.check(action, status, {CENTER}, ALL_PATROL) == after


def test_only_reviewers_review_and_a_reviewed_patrol_is_final():
    with pytest.raises(MoveNotAllowed):
        PATROL.check("review", "recorded", {CENTER}, {flows.RECORD_PATROL})
    assert PATROL.available("reviewed", {CENTER}, ALL_PATROL) == []
    assert PATROL.available("recorded", {COUNTY}, ALL_PATROL) == []
    assert PATROL.available("recorded", {SYSTEM}, set()) == []  # no move is the system's
