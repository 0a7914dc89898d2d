"""The incident, key-work and task tables, without a database: who may take which move from which state."""

import pytest

from governance.flow.table import CENTER, COUNTY, RESPONSIBLE, SAME, MoveNotAllowed
from governance.incidents import flows

STAFF = frozenset({flows.HANDLE})
DIRECTOR = frozenset({flows.HANDLE, flows.CLOSE})


@pytest.mark.parametrize("action", ["log_action", "log_deploy", "log_report"])
def test_log_entries_are_side_moves_while_the_incident_is_active(action):
    for state in (flows.OPEN, flows.CONTROLLED):
        assert flows.INCIDENT_FLOW.check(action, state, {CENTER}, STAFF) == state
    for state in (flows.CLOSED, flows.CANCELLED):
        with pytest.raises(MoveNotAllowed):
            flows.INCIDENT_FLOW.check(action, state, {CENTER}, STAFF)
    assert flows.INCIDENT_FLOW.moves[action].targets == (SAME,)


def test_open_then_controlled_then_closed_only_by_the_director():
    assert flows.INCIDENT_FLOW.check("control", flows.OPEN, {CENTER}, STAFF) == flows.CONTROLLED
    assert flows.INCIDENT_FLOW.check("relapse", flows.CONTROLLED, {CENTER}, STAFF) == flows.OPEN
    with pytest.raises(MoveNotAllowed):
        flows.INCIDENT_FLOW.check("close", flows.CONTROLLED, {CENTER}, STAFF)
    assert flows.INCIDENT_FLOW.check("close", flows.CONTROLLED, {CENTER}, DIRECTOR) == flows.CLOSED
    assert flows.INCIDENT_FLOW.check("cancel", flows.OPEN, {CENTER}, DIRECTOR) == flows.CANCELLED
    with pytest.raises(MoveNotAllowed):
        flows.INCIDENT_FLOW.check("cancel", flows.CONTROLLED, {CENTER}, DIRECTOR)


def test_the_county_takes_no_move():
    everything = frozenset(flows.INCIDENT_FLOW.permissions | flows.KEYWORK_FLOW.permissions | flows.TASK_FLOW.permissions)
    for flow in (flows.INCIDENT_FLOW, flows.KEYWORK_FLOW, flows.TASK_FLOW):
        for state in flow.values:
            assert flow.available(state, {COUNTY}, everything) == []


def test_a_task_is_worked_by_its_department_and_confirmed_by_the_center():
    department = frozenset({flows.HANDLE_TASK})
    assert flows.TASK_FLOW.check("progress", flows.ASSIGNED, {RESPONSIBLE}, department) == flows.IN_PROGRESS
    assert flows.TASK_FLOW.check("progress", flows.IN_PROGRESS, {RESPONSIBLE}, department) == flows.IN_PROGRESS
    assert flows.TASK_FLOW.check("report", flows.IN_PROGRESS, {RESPONSIBLE}, department) == flows.REPORTED
    with pytest.raises(MoveNotAllowed):
        flows.TASK_FLOW.check("confirm", flows.REPORTED, {RESPONSIBLE}, department)
    assert flows.TASK_FLOW.check("confirm", flows.REPORTED, {CENTER}, frozenset({flows.SUPERVISE_TASK})) == flows.DONE
