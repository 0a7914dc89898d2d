"""governance.plans.flows: the tables, without a database."""

import pytest

from governance.flow.table import CENTER, COUNTY, RESPONSIBLE, MoveNotAllowed
from governance.plans import flows

DIRECTOR = frozenset({flows.EDIT_PLAN, flows.APPROVE_PLAN, flows.REPORT_MILESTONE, flows.CONFIRM_MILESTONE, flows.MANAGE_POINT})
STAFF = frozenset({flows.EDIT_PLAN, flows.REPORT_MILESTONE, flows.MANAGE_POINT})
OWNER = frozenset({flows.REPORT_MILESTONE})


def test_a_plan_is_submitted_then_approved_or_returned_and_submitted_again():
    plan = flows.PLAN_FLOW
    assert plan.check("submit", flows.DRAFT, {CENTER}, STAFF) == flows.SUBMITTED
    assert plan.check("approve", flows.SUBMITTED, {CENTER}, DIRECTOR) == flows.APPROVED
    assert plan.check("return", flows.SUBMITTED, {CENTER}, DIRECTOR) == flows.RETURNED
    assert plan.check("submit", flows.RETURNED, {CENTER}, STAFF) == flows.SUBMITTED
    assert plan.moves["return"].requires == ("reason",)


@pytest.mark.parametrize(
    ("action", "status", "relations", "permissions"),
    [
        ("approve", flows.SUBMITTED, {CENTER}, STAFF),  # staff do not approve
        ("approve", flows.SUBMITTED, {COUNTY}, DIRECTOR),  # the county reads only
        ("approve", flows.DRAFT, {CENTER}, DIRECTOR),  # not submitted yet
        ("submit", flows.APPROVED, {CENTER}, STAFF),
    ],
)
def test_plan_moves_refused(action, status, relations, permissions):
    with pytest.raises(MoveNotAllowed):
        flows.PLAN_FLOW.check(action, status, relations, permissions)


def test_the_owner_reports_and_the_center_confirms_or_sends_back():
    table = flows.MILESTONE_FLOW
    assert table.check("progress", flows.OPEN, {RESPONSIBLE}, OWNER) == flows.OPEN
    assert table.check("report", flows.OPEN, {RESPONSIBLE}, OWNER) == flows.REPORTED
    assert table.check("send_back", flows.REPORTED, {CENTER}, DIRECTOR) == flows.SENT_BACK
    assert table.check("report", flows.SENT_BACK, {RESPONSIBLE}, OWNER) == flows.REPORTED
    assert table.check("confirm", flows.REPORTED, {CENTER}, DIRECTOR) == flows.CONFIRMED
    with pytest.raises(MoveNotAllowed):
        table.check("confirm", flows.REPORTED, {RESPONSIBLE}, OWNER | {flows.CONFIRM_MILESTONE})  # the owner does not confirm its own work
    with pytest.raises(MoveNotAllowed):
        table.check("report", flows.OPEN, set(), OWNER)  # not the owner
    assert [m.action for m in table.available(flows.CONFIRMED, {CENTER}, DIRECTOR)] == []


def test_a_point_is_working_faulty_or_removed_and_removal_is_final():
    table = flows.POINT_FLOW
    assert table.check("fault", flows.WORKING, {CENTER}, STAFF) == flows.FAULTY
    assert table.check("repair", flows.FAULTY, {CENTER}, STAFF) == flows.WORKING
    assert table.check("check", flows.FAULTY, {CENTER}, STAFF) == flows.FAULTY
    assert table.check("remove", flows.FAULTY, {CENTER}, STAFF) == flows.REMOVED
    assert table.available(flows.REMOVED, {CENTER}, STAFF) == []
    assert table.available(flows.WORKING, {COUNTY}, STAFF) == []
