"""The warning flow as data: states, who may take each move, and the colours of the levels."""

import pytest

from governance.flow.table import CENTER, COUNTY, SYSTEM, MoveNotAllowed
from governance.warnings import flow

F = flow.WARNING_FLOW
DIRECTOR = {flow.PUBLISH, flow.ADD}
STAFF = {flow.ADD}


def test_states_in_order():
    assert F.values == ("draft", "approved", "published", "withdrawn", "expired")


@pytest.mark.parametrize(
    ("action", "status", "after"),
    [("approve", "draft", "approved"), ("publish", "approved", "published"), ("return", "approved", "draft"), ("withdraw", "published", "withdrawn")],
)
def test_director_moves(action, status, after):
    assert F.check(action, status, {CENTER}, DIRECTOR) == after


@pytest.mark.parametrize("action", ["approve", "publish", "withdraw", "return"])
def test_staff_without_the_publish_permission_cannot_move(action):
    status = next(iter(F.moves[action].sources))
    with pytest.raises(MoveNotAllowed):
        F.check(action, status, {CENTER}, STAFF)


def test_publishing_needs_approval_first():
    with pytest.raises(MoveNotAllowed):
        F.check("publish", "draft", {CENTER}, DIRECTOR)


def test_county_cannot_move_a_center_warning():
    for action in ("approve", "publish", "withdraw"):
        status = next(iter(F.moves[action].sources))
        with pytest.raises(MoveNotAllowed):
            F.check(action, status, {COUNTY}, DIRECTOR)


def test_only_the_system_expires_and_only_published_warnings():
    assert F.check("expire", "published", {SYSTEM}, set()) == "expired"
    with pytest.raises(MoveNotAllowed):
        F.check("expire", "published", {CENTER}, DIRECTOR)
    with pytest.raises(MoveNotAllowed):
        F.check("expire", "withdrawn", {SYSTEM}, set())


def test_ended_warnings_are_final():
    for status in ("withdrawn", "expired"):
        assert F.available(status, {CENTER}, DIRECTOR) == []


def test_withdraw_and_return_require_a_reason():
    assert F.moves["withdraw"].requires == ("reason",)
    assert F.moves["return"].requires == ("reason",)


def test_level_colours_blue_yellow_orange_red():
    assert [flow.colour_of(level) for level in flow.Level.values] == ["blue", "yellow", "orange", "red"]
    assert flow.level_label("critical") == "特别严重"
