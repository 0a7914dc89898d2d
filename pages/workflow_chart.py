"""The public workflow chart, built from governance.workflow's table (never written by hand).

Pure: no ORM. Each stage of the main line carries the move that leads into it and the other moves
the table allows while a case is in that stage, so the chart cannot disagree with the system.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from governance import workflow
from governance.models import CaseStatus


@dataclass
class Branch:
    action: str
    label: str
    target: str  # a status code, or "" when the case keeps its stage
    target_label: str


@dataclass
class Stage:
    status: str
    label: str
    step: int
    entered_by: str  # the action label that leads into this stage
    branches: list = field(default_factory=list)
    note: str = ""


def status_label(status):
    return str(CaseStatus(status).label)


def _entry_move(previous, status):
    for move in workflow.MOVES.values():
        if previous in move.sources and move.targets[0] == status:
            return move
    return None


def _branches(status, skip=None):
    """The moves allowed from `status`, except `skip` (action, target): the main-line step."""
    branches = []
    for move in workflow.MOVES.values():
        if status not in move.sources:
            continue
        for target in move.targets:
            if skip == (move.action, target):
                continue
            if target is workflow.SAME:
                branches.append(Branch(move.action, str(move.label), "", _("stays at this stage")))
            else:
                branches.append(Branch(move.action, str(move.label), target, status_label(target)))
    return branches


def build_chart(notes=None):
    """The main line as stages, each with its entering move and its side paths."""
    notes = notes or {}
    stages = []
    for step, status in enumerate(workflow.MAIN_LINE, start=1):
        if step == 1:
            entered_by = str(workflow.action_label("register"))
        else:
            entry = _entry_move(workflow.MAIN_LINE[step - 2], status)
            entered_by = str(entry.label) if entry else ""
        next_status = workflow.MAIN_LINE[step] if step < len(workflow.MAIN_LINE) else None
        forward = _entry_move(status, next_status) if next_status else None
        skip = (forward.action, next_status) if forward else None
        stages.append(Stage(status, status_label(status), step, entered_by, branches=_branches(status, skip), note=notes.get(status, "")))
    return stages


def build_side_stages(notes=None):
    """The stages off the main line (not accepted, suspended) and where they lead."""
    notes = notes or {}
    side = [status for status in CaseStatus.values if status not in workflow.MAIN_LINE]
    return [Stage(status, status_label(status), 0, "", branches=_branches(status), note=notes.get(status, "")) for status in side]


def actions_in_chart(stages):
    """Every action the chart mentions (for checking it against the table)."""
    names = set()
    for stage in stages:
        names.update(branch.action for branch in stage.branches)
    return names
