"""governance.institutions.rules.flows: the lifecycle tables of notices, meetings, tasks and
assessments. Pure: no database."""

import pytest

from governance.institutions.rules import flows
from governance.institutions.rules.flows import (
    ASSESSMENT_FLOW,
    CENTER,
    COUNTY,
    MEETING_FLOW,
    NOTICE_FLOW,
    OWNER,
    RESPONSIBLE,
    SYSTEM,
    TASK_FLOW,
    MoveNotAllowed,
)

ALL = frozenset(
    {
        flows.ISSUE_NOTICE,
        flows.RESPOND_NOTICE,
        flows.RUN_MEETING,
        flows.HANDLE_TASK,
        flows.SUPERVISE_TASK,
        flows.RUN_ASSESSMENT,
    }
)


def reachable(flow, start):
    seen, todo = {start}, [start]
    while todo:
        state = todo.pop()
        for move in flow.moves.values():
            if state in move.sources:
                target = move.target_from(state)
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return seen


@pytest.mark.parametrize(
    ("flow", "start"), [(NOTICE_FLOW, flows.DRAFT), (MEETING_FLOW, flows.PLANNED), (TASK_FLOW, flows.ASSIGNED), (ASSESSMENT_FLOW, flows.DRAFT)]
)
def test_every_state_is_reachable_from_the_start(flow, start):
    assert reachable(flow, start) == {value for value, _label in flow.states}


@pytest.mark.parametrize(
    ("flow", "terminal"),
    [
        (NOTICE_FLOW, {flows.CLOSED, flows.CANCELLED}),
        (MEETING_FLOW, {flows.CLOSED, flows.CANCELLED}),
        (TASK_FLOW, {flows.DONE, flows.CANCELLED}),
        (ASSESSMENT_FLOW, {flows.PUBLISHED}),
    ],
)
def test_terminal_states_have_no_moves(flow, terminal):
    for state in terminal:
        assert flow.available(state, {CENTER, RESPONSIBLE, OWNER, COUNTY, SYSTEM}, ALL) == []


# --- notices ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "target"),
    [
        ("issue", flows.DRAFT, flows.ISSUED),
        ("cancel", flows.DRAFT, flows.CANCELLED),
        ("receipt", flows.ISSUED, flows.RECEIVED),
        ("receipt", flows.OVERDUE, flows.OVERDUE),  # a late receipt does not clear the overdue mark
        ("rectified", flows.RECEIVED, flows.RECTIFIED),
        ("rectified", flows.ESCALATED, flows.RECTIFIED),
        ("reinspect_pass", flows.RECTIFIED, flows.CLOSED),
        ("reinspect_fail", flows.RECTIFIED, flows.RECEIVED),
        ("overdue", flows.ISSUED, flows.OVERDUE),
        ("overdue", flows.RECEIVED, flows.OVERDUE),
        ("escalate", flows.OVERDUE, flows.ESCALATED),
        ("urge", flows.ESCALATED, flows.ESCALATED),
    ],
)
def test_notice_moves_lead_where_the_plan_says(action, status, target):
    assert NOTICE_FLOW.check(action, status, {CENTER}, ALL) == target


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("issue", flows.ISSUED),  # issued once
        ("receipt", flows.DRAFT),  # nothing to sign for yet
        ("rectified", flows.ISSUED),  # the receipt comes first
        ("reinspect_pass", flows.RECEIVED),  # nothing reported yet
        ("escalate", flows.RECEIVED),  # only overdue notices escalate
        ("overdue", flows.RECTIFIED),  # reported in time: not overdue
        ("urge", flows.CLOSED),
        ("cancel", flows.ISSUED),  # an issued notice is not withdrawn
    ],
)
def test_notice_moves_refused_in_the_wrong_state(action, status):
    with pytest.raises(MoveNotAllowed):
        NOTICE_FLOW.check(action, status, {CENTER}, ALL)


def test_the_recipient_department_signs_and_reports_but_does_not_issue_or_close():
    department = {RESPONSIBLE}
    perms = {flows.RESPOND_NOTICE}
    assert NOTICE_FLOW.check("receipt", flows.ISSUED, department, perms) == flows.RECEIVED
    assert NOTICE_FLOW.check("rectified", flows.RECEIVED, department, perms) == flows.RECTIFIED
    for action, status in (("issue", flows.DRAFT), ("reinspect_pass", flows.RECTIFIED), ("escalate", flows.OVERDUE)):
        with pytest.raises(MoveNotAllowed):
            NOTICE_FLOW.check(action, status, department, perms | {flows.ISSUE_NOTICE})


def test_another_department_is_not_the_recipient():
    with pytest.raises(MoveNotAllowed):
        NOTICE_FLOW.check("receipt", flows.ISSUED, set(), {flows.RESPOND_NOTICE})


def test_county_only_urges_a_notice():
    moves = NOTICE_FLOW.available(flows.OVERDUE, {COUNTY}, ALL)
    assert [m.action for m in moves] == ["urge"]


def test_the_sweep_marks_overdue_and_escalates_without_permissions():
    assert NOTICE_FLOW.check("overdue", flows.ISSUED, {SYSTEM}, frozenset()) == flows.OVERDUE
    assert NOTICE_FLOW.check("escalate", flows.OVERDUE, {SYSTEM}, frozenset()) == flows.ESCALATED
    with pytest.raises(MoveNotAllowed):
        NOTICE_FLOW.check("issue", flows.DRAFT, {SYSTEM}, frozenset())


def test_a_permission_is_needed_even_for_the_right_relation():
    with pytest.raises(MoveNotAllowed):
        NOTICE_FLOW.check("issue", flows.DRAFT, {CENTER}, {flows.RESPOND_NOTICE})


def test_unknown_move_is_refused():
    with pytest.raises(MoveNotAllowed):
        NOTICE_FLOW.check("shred", flows.DRAFT, {CENTER}, ALL)


# --- meetings and tasks -----------------------------------------------------------------------------


def test_meeting_moves():
    assert MEETING_FLOW.check("hold", flows.PLANNED, {CENTER}, ALL) == flows.HELD
    assert MEETING_FLOW.check("decision", flows.HELD, {CENTER}, ALL) == flows.HELD
    assert MEETING_FLOW.check("close", flows.HELD, {CENTER}, ALL) == flows.CLOSED
    assert MEETING_FLOW.check("cancel", flows.PLANNED, {CENTER}, ALL) == flows.CANCELLED
    for action, status in (("decision", flows.PLANNED), ("minutes", flows.CLOSED), ("cancel", flows.HELD), ("hold", flows.CLOSED)):
        with pytest.raises(MoveNotAllowed):
            MEETING_FLOW.check(action, status, {CENTER}, ALL)


def test_only_center_staff_run_meetings():
    assert MEETING_FLOW.available(flows.PLANNED, {RESPONSIBLE}, ALL) == []
    assert MEETING_FLOW.available(flows.PLANNED, {COUNTY}, ALL) == []


@pytest.mark.parametrize(
    ("action", "status", "relations", "target"),
    [
        ("start", flows.ASSIGNED, {RESPONSIBLE}, flows.IN_PROGRESS),
        ("report", flows.ASSIGNED, {RESPONSIBLE}, flows.REPORTED),
        ("report", flows.IN_PROGRESS, {RESPONSIBLE}, flows.REPORTED),
        ("confirm", flows.REPORTED, {CENTER}, flows.DONE),
        ("reject", flows.REPORTED, {CENTER}, flows.IN_PROGRESS),
        ("urge", flows.IN_PROGRESS, {COUNTY}, flows.IN_PROGRESS),
        ("urge", flows.ASSIGNED, {SYSTEM}, flows.ASSIGNED),
        ("extend", flows.IN_PROGRESS, {CENTER}, flows.IN_PROGRESS),
        ("cancel", flows.ASSIGNED, {CENTER}, flows.CANCELLED),
    ],
)
def test_task_moves(action, status, relations, target):
    assert TASK_FLOW.check(action, status, relations, ALL) == target


def test_the_owner_cannot_confirm_its_own_task():
    with pytest.raises(MoveNotAllowed):
        TASK_FLOW.check("confirm", flows.REPORTED, {RESPONSIBLE}, ALL)


def test_a_reported_task_is_not_urged():
    with pytest.raises(MoveNotAllowed):
        TASK_FLOW.check("urge", flows.REPORTED, {CENTER}, ALL)


def test_assessment_moves():
    assert ASSESSMENT_FLOW.check("compute", flows.DRAFT, {OWNER}, ALL) == flows.COMPUTED
    assert ASSESSMENT_FLOW.check("compute", flows.COMPUTED, {OWNER}, ALL) == flows.COMPUTED
    assert ASSESSMENT_FLOW.check("publish", flows.COMPUTED, {OWNER}, ALL) == flows.PUBLISHED
    with pytest.raises(MoveNotAllowed):
        ASSESSMENT_FLOW.check("publish", flows.DRAFT, {OWNER}, ALL)
    with pytest.raises(MoveNotAllowed):
        ASSESSMENT_FLOW.check("compute", flows.DRAFT, {COUNTY}, ALL)  # not the owner


def test_labels_come_from_the_table():
    assert NOTICE_FLOW.label("issue") == NOTICE_FLOW.moves["issue"].label
    assert NOTICE_FLOW.state_label(flows.ESCALATED) == dict(NOTICE_FLOW.states)[flows.ESCALATED]
