"""The public workflow chart comes from governance.workflow's table, so it cannot disagree with it."""

from governance import workflow
from governance.models import CaseStatus
from pages.workflow_chart import actions_in_chart, build_chart, build_side_stages


def test_chart_follows_the_main_line_in_order():
    stages = build_chart()

    assert [stage.status for stage in stages] == list(workflow.MAIN_LINE)
    assert [stage.label for stage in stages] == [str(CaseStatus(s).label) for s in workflow.MAIN_LINE]


def test_each_stage_is_entered_by_the_table_move_that_leads_there():
    stages = build_chart()

    assert stages[0].entered_by == str(workflow.action_label("register"))
    for previous, stage in zip(stages, stages[1:]):
        move = next(m for m in workflow.MOVES.values() if previous.status in m.sources and m.targets[0] == stage.status)
        assert stage.entered_by == str(move.label)


def test_every_move_of_the_table_appears_in_the_chart():
    stages = build_chart()
    side = build_side_stages()
    entries = {stage.entered_by for stage in stages}
    mentioned = actions_in_chart(stages) | actions_in_chart(side)

    for move in workflow.MOVES.values():
        assert move.action in mentioned or str(move.label) in entries, move.action


def test_branches_use_the_table_labels_and_targets():
    for stage in build_chart() + build_side_stages():
        for branch in stage.branches:
            move = workflow.MOVES[branch.action]
            assert branch.label == str(move.label)
            assert stage.status in move.sources
            assert (branch.target or workflow.SAME) in move.targets


def test_side_stages_cover_the_states_off_the_main_line():
    assert {stage.status for stage in build_side_stages()} == set(CaseStatus.values) - set(workflow.MAIN_LINE)


def test_editor_notes_are_attached_to_their_stage():
    stages = build_chart({"accepted": "15 日内书面告知"})

    assert {stage.status: stage.note for stage in stages}["accepted"] == "15 日内书面告知"
