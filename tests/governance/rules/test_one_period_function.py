"""One period function: no deadline arithmetic outside governance.rules.deadlines.

Every module of the project that adds days to a date is listed here with why it may: a look-back
window of a statistic, a reporting calendar, demo data, a file format. Any other `timedelta(days=…)`
(or `+ timedelta(…)` on a date) is a period counted by hand, and fails this test: count it with
compute_deadline / warn_from / warn_after / overdue_from / is_due_soon / escalation_day instead.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("governance", "pages", "site")

ALLOWED = {
    "governance/rules/deadlines.py": "the period function itself",
    "governance/services/case_deadlines.py": "a suspension's stored end (the day work resumed) made its last suspended day",
    "governance/institutions/rules/periods.py": "the half-month screening calendar (1st–15th, 16th–end) and its configured grace",
    "governance/institutions/rules/warnings.py": "look-back windows of the early-warning statistics",
    "governance/institutions/selectors/situation.py": "look-back window of the repeat-filer statistic",
    "governance/rules/repeat.py": "look-back window of the repeat-petitioner match",
    "governance/ledgers/parsing.py": "Excel's serial day numbers",
    "governance/ledgers/jobs.py": "a stale job's heartbeat age in seconds",
    "site/zongzhi/settings/base.py": "the login lock-out cool-off in minutes",
}
DEMO = ("demo.py", "demo_cases.py", "demo_lobby.py")


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or path.name in DEMO:
                continue
            yield relative, path


def timedelta_calls(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name == "timedelta":
                yield node.lineno


def test_no_period_is_counted_outside_the_period_function():
    found = {relative: list(timedelta_calls(path)) for relative, path in modules()}
    offenders = {relative: lines for relative, lines in found.items() if lines and relative not in ALLOWED}
    assert offenders == {}, f"count these periods with governance.rules.deadlines: {offenders}"


def test_every_allowed_module_still_needs_its_exception():
    # An exception nobody uses any more is removed, so the list stays the true list.
    unused = [relative for relative in ALLOWED if not list(timedelta_calls(ROOT / relative))]
    assert unused == []


def test_the_scan_sees_a_hand_counted_period(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from datetime import timedelta\n\ndef due(day):\n    return day + timedelta(days=15)\n", encoding="utf-8")
    assert list(timedelta_calls(sample)) == [4]
