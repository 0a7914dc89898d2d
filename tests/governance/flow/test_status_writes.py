"""Nothing outside the engine (governance/flow/) writes the status of a record that moves through
states: no `record.status = …`, no `.update(status=…)`, no `status` in `update_fields` or a
`bulk_update` field list, no `status=` given to a lifecycle model's constructor or `create()`.

Job runners (ledger import/export jobs) keep technical states of their own, and a meeting's
attendance marks (present/absent) are not a lifecycle: they are listed by the text their write
names, so a lifecycle write in the same file still fails.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SCANNED = ("governance", "pages", "site")
ENGINE = ROOT / "governance" / "flow"
# Models whose `status` is not a lifecycle state: (file, text the write's receiver contains).
NOT_LIFECYCLES = {
    ("governance/ledgers/jobs.py", "model.objects"),  # the ImportJob/ExportJob runner
    ("governance/ledgers/jobs.py", "ImportJob"),
    ("governance/ledgers/jobs.py", "ExportJob"),
    ("governance/ledgers/pipeline.py", "ImportJob"),
    ("governance/ledgers/pipeline.py", "ExportJob"),
    ("governance/ledgers/services.py", "type(job).objects"),  # the import job's own state
    ("governance/institutions/services/meetings.py", "MeetingAttendance"),
    ("governance/institutions/services/meetings.py", "attendance.status"),
}
LIFECYCLE_MODELS = {
    "Case",
    "RectificationNotice",
    "JointMeeting",
    "MeetingTask",
    "Assessment",
    "QueueTicket",
    "Team",
    "Patrol",
    "SecurityWarning",
    "SituationAnalysis",
    "Incident",
    "KeyWork",
    "KeyWorkTask",
    "CommunityPlan",
    "Milestone",
    "TechPoint",
    "Unit",
    "UnitCheck",
}
WRITERS = {"update", "update_or_create", "get_or_create", "bulk_update", "save", "create"}


def _sources():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if ENGINE in path.parents or "migrations" in path.parts:
                continue
            yield path


def _mentions_status(node):
    return any(isinstance(n, ast.Constant) and n.value == "status" for n in ast.walk(node))


def _findings(path):
    relative = path.relative_to(ROOT).as_posix()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AugAssign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            code = ast.unparse(node)
            if _receiver_texts(relative, code):
                continue
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Attribute) and part.attr == "status" and isinstance(part.ctx, ast.Store):
                        yield relative, node.lineno, code
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if _receiver_texts(relative, receiver):
            continue
        writes = False
        if name in WRITERS or name in LIFECYCLE_MODELS:
            if name in {"update", "update_or_create", "get_or_create"} | LIFECYCLE_MODELS or (name == "create" and _is_lifecycle(receiver)):
                writes = any(k.arg == "status" for k in node.keywords)
            writes = writes or any(k.arg in ("update_fields", "defaults") and _mentions_status(k.value) for k in node.keywords)
            if name == "bulk_update" and len(node.args) > 1:
                writes = writes or _mentions_status(node.args[1])
        if writes:
            yield relative, node.lineno, ast.unparse(node)[:160]


def _receiver_texts(relative, code):
    """The exemptions of this file that the code names."""
    return [text for file, text in NOT_LIFECYCLES if file == relative and text in code]


def _is_lifecycle(receiver):
    return any(receiver.startswith(f"{model}.") for model in LIFECYCLE_MODELS)


def test_no_status_write_outside_the_engine():
    found = [finding for path in _sources() for finding in _findings(path)]
    assert found == [], "status written outside governance/flow/ (go through engine.perform):\n" + "\n".join(
        f"{file}:{line}: {code}" for file, line, code in found
    )


@pytest.mark.parametrize(
    "code",
    [
        "case.status = 'archived'",
        "Case.objects.filter(pk=1).update(status='archived')",
        "notice.save(update_fields=['status', 'version'])",
        "Case.objects.bulk_update(cases, ['status'])",
        "Case(center=c, status='resolved')",
        "MeetingTask.objects.create(meeting=m, status='done')",
        "RectificationNotice.objects.update_or_create(pk=1, defaults={'status': 'closed'})",
    ],
)
def test_the_scan_catches_each_kind_of_status_write(tmp_path, code):
    path = tmp_path / "governance" / "sample.py"
    path.parent.mkdir()
    path.write_text(code + "\n", encoding="utf-8")
    assert _findings_at(path, tmp_path), code


def _findings_at(path, root):
    global ROOT
    saved, ROOT = ROOT, root
    try:
        return list(_findings(path))
    finally:
        ROOT = saved


def test_the_scan_leaves_job_states_and_reads_alone(tmp_path):
    path = tmp_path / "governance" / "ledgers" / "jobs.py"
    path.parent.mkdir(parents=True)
    path.write_text(
        "ImportJob.objects.filter(pk=1).update(status='failed')\nCase.objects.filter(status='handling').count()\nrow['status']\n",
        encoding="utf-8",
    )
    assert _findings_at(path, tmp_path) == []


def test_every_lifecycle_declared_in_the_code_is_scanned():
    """A new `Lifecycle(...)` whose model is missing above would escape the scan."""
    import importlib

    from governance.flow import engine

    for path in _sources():
        if "Lifecycle(" in path.read_text(encoding="utf-8"):
            importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    declared = {model.__name__ for model in engine._REGISTRY}
    assert declared - LIFECYCLE_MODELS == set()
