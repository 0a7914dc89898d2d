"""governance.workflow: the table of moves, checked without a database."""

import pytest

from governance import workflow
from governance.models import CaseStatus
from governance.workflow import (
    ACCEPTED,
    ARCHIVED,
    CENTER,
    COOPERATING,
    COUNTY,
    FED_BACK,
    HANDLING,
    LEAD,
    MAIN_LINE,
    MOVES,
    OPEN,
    REGISTERED,
    REJECTED,
    RESOLVED,
    ROUTED,
    SAME,
    SUSPENDED,
    SYSTEM,
    VISITED,
    MoveNotAllowed,
    available_moves,
    check_move,
)

STATUSES = (REGISTERED, ACCEPTED, REJECTED, ROUTED, HANDLING, SUSPENDED, RESOLVED, FED_BACK, VISITED, ARCHIVED)
RELATIONS = (CENTER, LEAD, COOPERATING, COUNTY, SYSTEM)
ALL_PERMISSIONS = frozenset(move.permission for move in MOVES.values())

MOVE_SOURCES = [(action, source) for action, move in MOVES.items() for source in sorted(move.sources)]
MOVE_OTHER_STATES = [(action, status) for action, move in MOVES.items() for status in STATUSES if status not in move.sources]
MOVE_WRONG_RELATIONS = [(action, relation) for action, move in MOVES.items() for relation in RELATIONS if relation not in move.who]


def permitted_relation(move):
    """A relation the move allows that still needs the permission (SYSTEM bypasses it); SYSTEM for
    the moves only the system takes (deadlines recomputed after a calendar change)."""
    return (sorted(move.who - {SYSTEM}) or [SYSTEM])[0]


def allowed(action, status, relations, permissions, target=SAME):
    try:
        check_move(action, status, relations, permissions, target)
    except MoveNotAllowed:
        return False
    return True


def test_workflow_states_match_the_case_status_choices():
    assert set(STATUSES) == set(CaseStatus.values)
    assert OPEN == {REGISTERED, ACCEPTED, ROUTED, HANDLING, SUSPENDED}


@pytest.mark.parametrize(("action", "source"), MOVE_SOURCES)
def test_move_is_allowed_from_each_source_for_a_permitted_actor(action, source):
    move = MOVES[action]

    assert check_move(action, source, {permitted_relation(move)}, {move.permission}) is move


@pytest.mark.parametrize(("action", "status"), MOVE_OTHER_STATES)
def test_move_is_refused_from_every_other_state(action, status):
    with pytest.raises(MoveNotAllowed):
        check_move(action, status, set(RELATIONS), ALL_PERMISSIONS)
    assert not any(m.action == action for m in available_moves(status, set(RELATIONS), ALL_PERMISSIONS))


@pytest.mark.parametrize("action", sorted(MOVES))
def test_move_is_refused_without_its_permission(action):
    move = MOVES[action]
    source = sorted(move.sources)[0]
    relations = move.who - {SYSTEM}

    with pytest.raises(MoveNotAllowed):
        check_move(action, source, relations, ALL_PERMISSIONS - {move.permission})


@pytest.mark.parametrize(("action", "relation"), MOVE_WRONG_RELATIONS)
def test_move_is_refused_for_a_relation_it_does_not_allow(action, relation):
    source = sorted(MOVES[action].sources)[0]

    with pytest.raises(MoveNotAllowed):
        check_move(action, source, {relation}, ALL_PERMISSIONS)


def test_actor_with_no_relation_to_the_case_may_do_nothing():
    for status in STATUSES:
        assert available_moves(status, set(), ALL_PERMISSIONS) == []


def test_cooperating_department_can_record_mediation_but_not_resolve():
    assert allowed("mediate", HANDLING, {COOPERATING}, {"handle_case"})
    for action in ("resolve", "start", "suspend", "return", "feedback"):
        source = sorted(MOVES[action].sources)[0]
        assert not allowed(action, source, {COOPERATING}, {"handle_case"}), action


def test_lead_department_cannot_route_or_accept_even_with_the_permission():
    assert not allowed("accept", REGISTERED, {LEAD}, ALL_PERMISSIONS)
    assert not allowed("route", ACCEPTED, {LEAD}, ALL_PERMISSIONS)
    assert allowed("return", ROUTED, {LEAD}, {"handle_case"})
    assert not allowed("return", ROUTED, {CENTER}, ALL_PERMISSIONS)


def test_county_supervisor_cannot_accept_but_can_supervise_and_urge():
    county_permissions = {"supervise_case", "urge_case", "accept_case"}

    assert not allowed("accept", REGISTERED, {COUNTY}, county_permissions)
    assert allowed("supervise", HANDLING, {COUNTY}, county_permissions)
    assert allowed("urge", ROUTED, {COUNTY}, county_permissions)
    assert [m.action for m in available_moves(HANDLING, {COUNTY}, county_permissions)] == ["supervise", "urge"]


def test_system_may_urge_open_cases_only_and_needs_no_permission():
    for status in STATUSES:
        actions = [m.action for m in available_moves(status, {SYSTEM}, frozenset())]
        assert actions == (["urge"] if status in OPEN else []), status


def test_supervise_and_urge_are_refused_once_the_case_is_closed():
    for status in (REJECTED, RESOLVED, FED_BACK, VISITED, ARCHIVED):
        assert not allowed("supervise", status, {CENTER}, ALL_PERMISSIONS)
        assert not allowed("urge", status, {CENTER, SYSTEM}, ALL_PERMISSIONS)


def test_archived_case_allows_no_move_at_all():
    assert available_moves(ARCHIVED, set(RELATIONS), ALL_PERMISSIONS) == []


@pytest.mark.parametrize("target", [VISITED, HANDLING])
def test_follow_up_may_target_visited_or_handling(target):
    assert check_move("follow_up", FED_BACK, {CENTER}, {"accept_case"}, target=target) is MOVES["follow_up"]


@pytest.mark.parametrize("target", [s for s in STATUSES if s not in (VISITED, HANDLING)])
def test_follow_up_may_not_target_any_other_state(target):
    with pytest.raises(MoveNotAllowed):
        check_move("follow_up", FED_BACK, {CENTER}, {"accept_case"}, target=target)


def test_a_one_target_move_refuses_another_target():
    with pytest.raises(MoveNotAllowed):
        check_move("accept", REGISTERED, {CENTER}, {"accept_case"}, target=ROUTED)


def test_unknown_action_is_refused():
    with pytest.raises(MoveNotAllowed):
        check_move("delete", REGISTERED, set(RELATIONS), ALL_PERMISSIONS)


RELATION_SETS = [frozenset({r}) for r in RELATIONS] + [frozenset({LEAD, COOPERATING}), frozenset({CENTER, COUNTY})]
PERMISSION_SETS = [
    frozenset(),
    ALL_PERMISSIONS,
    frozenset({"handle_case"}),
    frozenset({"accept_case", "route_case", "urge_case"}),
    frozenset({"supervise_case", "urge_case"}),
]


@pytest.mark.parametrize("status", STATUSES)
def test_available_moves_lists_exactly_the_allowed_moves_in_table_order(status):
    for relations in RELATION_SETS:
        for permissions in PERMISSION_SETS:
            expected = [a for a in MOVES if a not in workflow.FORM_ONLY and allowed(a, status, relations, permissions)]
            listed = [m.action for m in available_moves(status, relations, permissions)]
            assert listed == expected, (status, relations, permissions)


def test_available_moves_for_a_director_and_a_lead_handler():
    director = {CENTER}, ALL_PERMISSIONS
    handler = {LEAD}, frozenset({"handle_case"})

    assert [m.action for m in available_moves(REGISTERED, *director)] == ["accept", "reject", "supervise", "urge"]
    assert [m.action for m in available_moves(ROUTED, *handler)] == ["return", "start", "delay_report"]
    assert [m.action for m in available_moves(HANDLING, *handler)] == ["mediate", "suspend", "delay_report", "resolve"]
    assert [m.action for m in available_moves(FED_BACK, *director)] == ["follow_up", "request_review", "archive"]


def test_every_main_line_status_after_registration_is_the_target_of_some_move():
    # Registration itself is not a move (it creates the case), so the first status is a start, not a target.
    targets = {target for move in MOVES.values() for target in move.targets}
    assert MAIN_LINE[0] == REGISTERED
    for status in MAIN_LINE[1:]:
        assert status in targets, status
    assert {REJECTED, SUSPENDED} <= targets


def test_the_main_line_is_a_path_of_moves():
    for before, after in zip(MAIN_LINE, MAIN_LINE[1:]):
        assert any(before in m.sources and after in m.targets for m in MOVES.values()), (before, after)


def test_every_state_but_archived_has_a_way_on():
    for status in STATUSES:
        onward = [m for m in MOVES.values() if status in m.sources and m.changes_state]
        assert bool(onward) == (status != ARCHIVED), status


def test_every_move_names_a_case_permission_the_roles_can_hold():
    from governance.access import CASE_PERMISSIONS

    # Special-work tags need the institutions app's permission on its CaseTag records.
    other_apps = {"tag": "institutions.add_casetag", "untag": "institutions.delete_casetag"}
    for move in MOVES.values():
        assert move.permission == other_apps.get(move.action, move.permission) and (
            move.action in other_apps or move.permission in CASE_PERMISSIONS
        ), move.action
        assert move.who <= set(RELATIONS), move.action


def test_action_label_covers_moves_and_other_events():
    assert workflow.action_label("accept") == MOVES["accept"].label
    assert str(workflow.action_label("reveal"))
    assert workflow.action_label("something-else") == "something-else"
