"""Rows of a ledger file that are already in the system (by their code): they never block a file.

A re-imported row is compared with the stored case cell by cell, both sides read by the same
widgets (so "2026/3/5" equals 2026-03-05, "30天" equals the date it counts to, "—" equals an empty
cell): an identical row is "already imported"; a row that differs is listed with its differences
(column: stored → sheet) and left as it is, never overwritten: the user may accept the differences
in registered details (ACCEPTABLE; applied on confirm as an edit of the case), and every other
difference says why a sheet cannot change it and where it is changed instead (REASONS). The problems
such a row would have as a new case (a reopened case's follow-up without a closing date, say) are not
problems: nothing of it is written.
"""

from __future__ import annotations

from governance.ledgers import messages as msg
from governance.ledgers import parsing
from governance.ledgers.cases import CASE_SOURCE
from governance.ledgers.plan_checks import _batches
from governance.ledgers.resources import CellError
from governance.models import Case

# Not compared: the center is checked on its own, and 序号 is the sheet's own numbering.
NOT_COMPARED = frozenset({"center", "row_number"})
# What a user may accept from a sheet onto a stored case: its registered details, changed as the
# case's edit form changes them (case_update_details, with its timeline entry).
ACCEPTABLE = {
    "summary": "summary",
    "place": "place",
    "people_count": "people_count",
    "is_private": "is_private",
    "category": "category_id",
    "workstation": "workstation_id",
    "responsible_person": "responsible_person",
}
# Every other column: why a sheet cannot change it, and where it is changed instead (shown beside the
# difference). States, dates of the case's moves, parties and departments change through the case's
# own actions in the engine, never from a sheet.
REASONS = {
    "received_on": msg.DIFF_RECEIVED_ON,
    "source": msg.DIFF_SOURCE,
    "petition_kind": msg.DIFF_PETITION_KIND,
    "party_names": msg.DIFF_PARTIES,
    "party_phones": msg.DIFF_PARTIES,
    "party_id_numbers": msg.DIFF_PARTIES,
    "party_addresses": msg.DIFF_PARTIES,
    "departments": msg.DIFF_DEPARTMENTS,
    "due_date": msg.DIFF_DUE_DATE,
    "outcome": msg.DIFF_RESOLVED,
    "outcome_note": msg.DIFF_RESOLVED,
    "resolved_flag": msg.DIFF_RESOLVED,
    "resolved_on": msg.DIFF_RESOLVED,
    "fed_back_on": msg.DIFF_FED_BACK,
    "follow_up": msg.DIFF_FOLLOW_UP,
    "status": msg.DIFF_STATUS,
    "receiver": msg.DIFF_RECEIVER,
    "proposal": msg.DIFF_PROPOSAL,
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
        archived = records[code]["status"] == "archived"
        found, changes = row_differences(resource, plan.coded_rows[line], records[code], headers, due_of, archived=archived)
        if found:
            plan.differences.append((line, code, found, changes))
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


def row_differences(resource, raw, record, headers, due_of, archived=False):
    """([(header, stored as the register writes it, sheet as written, why it cannot be accepted or "")]
    of the cells that differ, {case field: sheet value} of those that may be accepted, or None when
    none may)."""
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
            cleaned = _clean(resource, accessor, cell)
            sheet = _comparable(accessor, cleaned, received_on, due_of)
            stored = _comparable(accessor, _clean(resource, accessor, stored_text), received_on, due_of)
        except CellError:  # pragma: no cover - clean_cells turns these into errors
            continue
        if sheet == stored:
            continue
        header = headers.get(accessor, field.column_name)
        reason = _why_not(accessor, sheet, sheet_text, archived)
        if not reason:
            changes[ACCEPTABLE[accessor]] = sheet
        found.append((header, stored_text, sheet_text, reason))
    return found, (changes or None)


def _why_not(accessor, sheet, sheet_text, archived):
    """ "" when the sheet's value may be accepted onto the case, else why not (Chinese)."""
    if archived:
        return msg.DIFF_ARCHIVED
    if accessor not in ACCEPTABLE:
        return REASONS.get(accessor, msg.DIFF_STATUS)
    if isinstance(sheet, tuple) and sheet and sheet[0] == "unreadable":
        return msg.DIFF_UNREADABLE.format(value=sheet_text)
    if sheet in (None, ""):
        return msg.DIFF_EMPTY
    return ""
