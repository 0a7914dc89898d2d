"""The units app writes no status outside the engine: the project's scan
(tests/governance/flow/test_status_writes.py) run over governance/units with its two lifecycle
models (Unit, UnitCheck) among the scanned ones."""

from tests.governance.flow import test_status_writes as scan

UNITS = scan.ROOT / "governance" / "units"


def test_no_status_write_in_the_units_app(monkeypatch):
    monkeypatch.setattr(scan, "LIFECYCLE_MODELS", scan.LIFECYCLE_MODELS | {"Unit", "UnitCheck"})
    paths = [path for path in sorted(UNITS.rglob("*.py")) if "migrations" not in path.parts]
    assert paths
    assert [finding for path in paths for finding in scan._findings(path)] == []


def test_the_scan_would_see_a_units_status_write(monkeypatch, tmp_path):
    monkeypatch.setattr(scan, "LIFECYCLE_MODELS", scan.LIFECYCLE_MODELS | {"Unit", "UnitCheck"})
    sample = scan.ROOT / "governance" / "units" / "_scan_sample.py"
    sample.write_text("def f(pk):\n    UnitCheck.objects.create(status='completed')\n", encoding="utf-8")
    try:
        assert len(list(scan._findings(sample))) == 1
    finally:
        sample.unlink()
