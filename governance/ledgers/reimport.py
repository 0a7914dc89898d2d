"""Rows of a ledger file that are already in the system (by their code): they never block a file.

A re-imported row is compared with the stored case cell by cell, both sides read by the same
widgets (so "2026/3/5" equals 2026-03-05, "30天" equals the date it counts to, "—" equals an empty
cell): an identical row is "already imported"; a row that differs is listed with its differences
(column: stored → sheet) and left as it is, never overwritten. The problems such a row would have as
a new case (a reopened case's follow-up without a closing date, say) are not problems: nothing of it
is written.
"""

from __future__ import annotations

from governance.ledgers import parsing
from governance.ledgers.cases import CASE_SOURCE
from governance.ledgers.plan_checks import _batches
from governance.ledgers.resources import CellError
from governance.models import Case

# Not compared: the center is checked on its own, and 序号 is the sheet's own numbering.
NOT_COMPARED = frozenset({"center", "row_number"})
# What a user may accept from a sheet onto a stored case: its registered details, changed as the
# case's edit form changes them (case_update_details, with its timeline entry). States, dates, parties
# and departments change through the case's own actions, never from a sheet.
ACCEPTABLE = {
    "summary": "summary",
    "place": "place",
    "people_count": "people_count",
    "is_private": "is_private",
    "category": "category_id",
    "workstation": "workstation_id",
    "responsible_person": "responsible_person",
}


def settle_existing_rows(plan, resource, due_of):
    """Take the file's rows whose code this center already holds out of the plan: identical ones to
    `plan.skipped`, differing ones to `plan.differences`, and drop their problems.

    `due_of(received_on, (amount, unit))` counts a time limit written as a period (the import's own).
    """
    codes = {}
    for line, raw in plan.coded_rows.items():
        code = parsing.fold_width(parsing.cell_text(raw.get("code"))).strip()
        if code:
            codes[line] = code
    existing = {}
    for batch in _batches(sorted(set(codes.values()))):
        existing.update(Case.objects.filter(center=plan.center, code__in=batch).values_list("code", "pk"))
    lines = sorted(line for line, code in codes.items() if code in existing)
    if not lines:
        return
    settled = set(lines)
    plan.problems = [p for p in plan.problems if p.line not in settled]
    plan.cases = [c for c in plan.cases if c.line not in settled]
    records = {}
    for batch in _batches(sorted({existing[codes[line]] for line in lines})):
        for record in CASE_SOURCE.records(Case.objects.filter(pk__in=batch)):
            records[record["code"]] = record
    headers = {accessor: header for _letter, header, accessor in plan.columns if accessor}
    for line in lines:
        code = codes[line]
        found, changes = row_differences(resource, plan.coded_rows[line], records[code], headers, due_of)
        if found:
            plan.differences.append((line, code, found, changes if records[code]["status"] != "archived" else None))
        else:
            plan.skipped.append((line, code))


def _clean(resource, accessor, cell):
    values, errors = resource.clean_cells({accessor: cell})
    if accessor in errors:
        return ("unreadable", parsing.normalise_header(cell))
    return values.get(accessor)


def _comparable(accessor, value, received_on, due_of):
    if accessor == "due_date" and isinstance(value, tuple) and received_on is not None:
        return due_of(received_on, value)
    if accessor == "follow_up" and isinstance(value, tuple):
        return value[0]  # the result; the wording may differ ("电话回访，满意" is 满意)
    if value in ("", [], None):
        return None
    if isinstance(value, list):
        while value and not value[-1]:
            value = value[:-1]
    return value


def row_differences(resource, raw, record, headers, due_of):
    """([(header, stored as the register writes it, sheet as written)] of the cells that differ,
    {case field: sheet value} to accept them, or None when one of them cannot be accepted)."""
    received_on = record.get("received_on")
    found, changes = [], {}
    for accessor, cell in raw.items():
        field = resource.fields.get(accessor)
        if field is None or accessor in NOT_COMPARED:
            continue
        sheet_text = parsing.cell_text(cell)
        if "*" in sheet_text or "＊" in sheet_text:
            continue  # masked on export: the sheet cannot say what it was
        stored_text = str(field.export(record) or "")
        try:
            sheet = _comparable(accessor, _clean(resource, accessor, cell), received_on, due_of)
            stored = _comparable(accessor, _clean(resource, accessor, stored_text), received_on, due_of)
        except CellError:  # pragma: no cover - clean_cells turns these into errors
            continue
        if sheet != stored:
            found.append((headers.get(accessor, field.column_name), stored_text, sheet_text))
            if changes is not None and accessor in ACCEPTABLE and sheet not in (None, "") and not isinstance(sheet, tuple):
                changes[ACCEPTABLE[accessor]] = sheet
            else:
                changes = None
    return found, changes
