"""The unit and check lifecycles as tables, without a database."""

import pytest

from governance.flow.table import CENTER, COUNTY, MoveNotAllowed
from governance.units import flows

MANAGE, CHANGE = {flows.MANAGE_UNIT}, {flows.CHANGE_CHECK}


def test_a_unit_closes_with_the_manage_permission_and_reopens():
    assert flows.UNIT_FLOW.check("close", flows.ACTIVE, {CENTER}, MANAGE) == flows.CLOSED
    assert flows.UNIT_FLOW.check("reopen", flows.CLOSED, {CENTER}, MANAGE) == flows.ACTIVE
    assert flows.UNIT_FLOW.moves["close"].requires == ("reason",)


@pytest.mark.parametrize(("relations", "permissions"), [({CENTER}, set()), ({COUNTY}, MANAGE), (set(), MANAGE)])
def test_only_the_centers_staff_with_the_permission_close_a_unit(relations, permissions):
    with pytest.raises(MoveNotAllowed):
        flows.UNIT_FLOW.check("close", flows.ACTIVE, relations, permissions)


def test_a_draft_check_completes_or_is_cancelled_and_then_is_final():
    assert flows.CHECK_FLOW.check("complete", flows.DRAFT, {CENTER}, CHANGE) == flows.COMPLETED
    assert flows.CHECK_FLOW.check("cancel", flows.DRAFT, {CENTER}, CHANGE) == flows.CANCELLED
    for state in (flows.COMPLETED, flows.CANCELLED):
        assert flows.CHECK_FLOW.available(state, {CENTER}, CHANGE) == []


def test_the_county_takes_no_move():
    assert flows.CHECK_FLOW.available(flows.DRAFT, {COUNTY}, CHANGE) == []
    assert flows.UNIT_FLOW.available(flows.ACTIVE, {COUNTY}, MANAGE) == []
