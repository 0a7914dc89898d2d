"""Importing the 群防群治活动台账 (governance.prevention.ledger): each row of the sheet a patrol.

The ledgers' pipeline (upload → preview → confirm, governance.ledgers.pipeline) calls `plan` for the
preview and again for the commit, then `commit`, because the register names this module as its
importer. A row gives the date, the time (开始—结束), the teams (by name, within the center), the
area or route, the villages, the people, the hours, the activity, the findings and the state
(已记录, 已审核 or 已退回; empty: 已记录). Its findings ("1.［隐患］地点：…；2.…" as the export writes
them, or one per line) become Finding rows of the kind written (其他 when none is); they are never
registered as cases by an import: that stays the center's decision on the patrol's page.

A patrol is identified by its center, date, start time, teams and route. A row whose patrol the
center already holds is never written again: identical, it is "already imported"; otherwise its
differences are listed, each with why an import does not change a stored record.

Every cell is checked, both sides of a comparison are read by the same function (`_read`), and the
commit writes every new patrol in one transaction, through the engine's batch creation (each with its
timeline entry naming the file and row).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain, islice

from django.db import transaction

from governance.flow import engine
from governance.flow.table import MoveNotAllowed
from governance.ledgers import messages as msg
from governance.ledgers import parsing
from governance.ledgers.plan import ImportPlan, sha256_of
from governance.ledgers.reading import LedgerFileError, open_table
from governance.models import Center
from governance.prevention import flows
from governance.prevention import ledger_cells as cells
from governance.prevention.ledger import PATROL_SOURCE, STATUS_TEXT
from governance.prevention.models import Finding, Patrol
from governance.prevention.services import common
from governance.prevention.services.patrols import PATROL
from governance.services.audit import audit

HEADER_SCAN_ROWS = 30
LIST_URL = "prevention_patrol_modeladmin_index"  # where the import's result page sends the user


@dataclass
class PlannedPatrol:
    line: int
    key: tuple
    values: dict

    @property
    def status(self):
        return self.values["status"]


class PatrolPlan(ImportPlan):
    """An ImportPlan whose `cases` are PlannedPatrols; its summary speaks of patrols."""

    def summary(self, problem_limit=200, sample=10):
        planned, self.cases = self.cases, []
        try:
            data = super().summary(problem_limit, sample)
        finally:
            self.cases = planned
        by_status = {}
        for p in planned:
            by_status[STATUS_TEXT[p.status]] = by_status.get(STATUS_TEXT[p.status], 0) + 1
        notes = list(self.notes)
        if self.skipped:
            notes.append(cells.NOTE_SKIPPED.format(count=len(self.skipped)))
        if self.differences:
            notes.append(cells.NOTE_DIFFERENT.format(count=len(self.differences)))
        data.update(
            new=len(planned) if self.ok else 0,
            ready=len(planned),
            by_status=by_status,
            notes=notes,
            sample_columns=["活动日期", "时间", "参加队伍", "区域或路线", "发现问题", "状态"],
            sample_rows=[[p.line, *_sample(p.values)] for p in planned[:sample]],
        )
        return data


def _sample(values):
    start, end = values["time"]
    return [
        values["patrol_date"].isoformat(),
        f"{start:%H:%M}—{end:%H:%M}",
        "、".join(values["team_names"]),
        values["route"],
        len(values["findings"]),
        STATUS_TEXT[values["status"]],
    ]


def _stored(center, dates, ctx):
    """identity → (export record, values) of the center's patrols on these dates."""
    stored = {}
    for record in PATROL_SOURCE.records(Patrol.objects.filter(center=center, patrol_date__in=dates)):
        values, _errors = cells.read_row(record, ctx)
        stored.setdefault(cells.key_of(values), (record, values))
    return stored


def plan_file(data: bytes, file_name, register, center, *, today=None, progress=None) -> PatrolPlan:
    """Read and check a patrol register; nothing is written (the preview, and the first half of a commit)."""
    result = PatrolPlan(register=register, center=center, file_name=file_name, sha256=sha256_of(data))
    try:
        table = open_table(data, file_name)
        result.format, result.encoding = table.format, table.encoding
        rows = _rows(result, table)
    except LedgerFileError as exc:
        result.problem(0, "", str(exc))
        return result
    except Exception as exc:  # a file that breaks half-way through (a truncated zip…)
        result.problem(0, "", msg.FILE_UNREADABLE.format(format=(result.format or "").upper(), detail=type(exc).__name__))
        return result
    ctx = cells.Context(center)
    if today is not None:
        ctx.today = today
    read = []
    for line, raw, labels in rows:
        values, errors = cells.read_row(raw, ctx)
        for accessor in cells.REQUIRED:
            if not values.get(accessor) and accessor not in errors:
                errors[accessor] = msg.REQUIRED
        read.append((line, raw, labels, values, errors))
    stored = _stored(center, {v["patrol_date"] for _l, _r, _b, v, _e in read if v.get("patrol_date")}, ctx)
    first = {}
    for line, raw, labels, values, errors in read:
        key = cells.key_of(values)
        complete = not any(a in errors for a in cells.IDENTITY)
        if complete and key in stored:
            _settle(result, line, raw, labels, values, errors, stored[key])
            continue
        _check_new(values, errors, ctx)
        for accessor, message in errors.items():
            result.problem(line, labels.get(accessor, ""), message)
        if errors:
            continue
        if key in first:
            result.problem(line, "", cells.DUPLICATE.format(row=msg.ROW_REF.format(line=first[key])))
            continue
        first[key] = line
        result.cases.append(PlannedPatrol(line, key, values))
    if any(not parsing.is_blank(raw.get("case_codes")) for _l, raw, *_rest in read):
        result.notes.append(cells.NOTE_CASE_CODES)
    if result.data_rows == 0 and not result.problems:
        result.problem(0, "", msg.FILE_NO_ROWS)
    result.problems.sort(key=lambda p: p.line)
    return result


def _check_new(values, errors, ctx):
    """What only a new patrol must satisfy: a date not in the future, active teams, the center's name."""
    day = values.get("patrol_date")
    if day is not None and day > ctx.today:
        errors["patrol_date"] = msg.DATE_IN_FUTURE.format(value=day.isoformat())
    for name in values["team_names"]:
        if ctx.teams[name][1] != flows.ACTIVE:
            errors.setdefault("teams", cells.TEAM_INACTIVE.format(value=name))
    if values["center"] and parsing.normalise_header(values["center"]) not in ctx.center_names:
        errors["center"] = msg.CENTER_MISMATCH.format(value=values["center"], center=ctx.center.name)


def _settle(result, line, raw, labels, values, errors, stored):
    """A row whose patrol the center holds: skipped when equal, listed with its differences if not."""
    record, stored_values = stored
    found = []
    for accessor, cell in raw.items():
        if accessor in cells.NOT_COMPARED or accessor in ("patrol_date", "teams", "route"):
            continue  # the identity (the start time too: only the end time is compared)
        if accessor not in errors and values.get(accessor) == stored_values.get(accessor):
            continue
        if accessor == "time" and accessor not in errors and values["time"][1] == stored_values["time"][1]:
            continue
        header = labels.get(accessor, accessor)
        found.append((header, str(record.get(accessor) or ""), parsing.cell_text(cell), cells.DIFF_EXISTING))
    start = stored_values["time"][0]
    label = f"{stored_values['patrol_date']:%Y-%m-%d} {start:%H:%M} {stored_values['route']}"
    if found:
        result.differences.append((line, label, found, None))
    else:
        result.skipped.append((line, label))


def _rows(result, table):
    """(line, {accessor: cell}, {accessor: column label}) of each data row."""
    register = result.register
    head = list(islice(table.rows, HEADER_SCAN_ROWS))
    found = parsing.find_header_row(head, register.header_map(), register.required, limit=HEADER_SCAN_ROWS)
    if found is None:
        required = "、".join(register.column_for(a).header for a in register.required)
        raise LedgerFileError(msg.FILE_NO_HEADER.format(rows=min(len(head), HEADER_SCAN_ROWS), required=required, register=register.title))
    index, mapping = found
    result.header_line = index + 1
    header = head[index]
    positions, labels = {}, {}
    for position, value in enumerate(header):
        accessor = mapping.get(position)
        result.columns.append((parsing.column_letter(position), parsing.cell_text(value), accessor))
        if accessor is None:
            continue
        if accessor in positions:
            raise LedgerFileError(msg.FILE_DUPLICATE_COLUMN.format(header=parsing.cell_text(value), letters=parsing.column_letter(position)))
        positions[accessor] = position
        labels[accessor] = msg.COLUMN_LABEL.format(letter=parsing.column_letter(position), header=parsing.cell_text(value))
    rows, line = [], result.header_line
    for row in chain(head[index + 1 :], table.rows):
        line += 1
        if parsing.is_blank_row(row) or parsing.is_footer_row(row):
            continue
        result.data_rows += 1
        if row and parsing.normalise_header(header[0]) == "序号":
            result.serials[line] = parsing.cell_text(row[0])
        rows.append((line, {a: (row[p] if p < len(row) else None) for a, p in positions.items()}, labels))
    return rows


def may_import(user, center_id):
    """Only the center's own staff who may record patrols (never the county)."""
    try:
        common.require_center_staff(user, center_id, flows.RECORD_PATROL)
    except MoveNotAllowed:
        return False
    return user is not None


def commit(*, plan, actor, file_name, job=None, progress=None, accept=()):
    """Write the plan's patrols, their teams, villages and findings in one transaction (nothing if
    any row's patrol was written since the preview), with one timeline entry each and an audit row."""
    from governance.ledgers.services import ImportRejected, ImportResult, _mark_committed

    center = plan.center
    if not plan.ok:
        raise ImportRejected(plan)
    if not may_import(actor, center.pk):
        plan.problem(0, "", cells.NOT_ALLOWED)
        raise ImportRejected(plan)
    with transaction.atomic():
        list(Center.objects.select_for_update().filter(pk=center.pk))  # two imports into one center queue here
        taken = _stored(center, {p.values["patrol_date"] for p in plan.cases}, cells.Context(center))
        for planned in plan.cases:
            if planned.key in taken:
                plan.problem(planned.line, "", cells.TAKEN_SINCE)
        if plan.problems:
            raise ImportRejected(plan)
        records = [_patrol(center, p.values, actor) for p in plan.cases]
        details = [
            {"file": file_name, "row": p.line, "register": plan.register.slug, "findings": len(p.values["findings"])}
            | ({"job": job.pk} if job else {})
            for p in plan.cases
        ]
        engine.create_batch(PATROL, records, "import", actor, states=[p.status for p in plan.cases], entries_data=details)
        teams, villages, findings = [], [], []
        for planned, patrol in zip(plan.cases, records, strict=True):
            teams += [Patrol.teams.through(patrol_id=patrol.pk, team_id=pk) for pk in planned.values["teams"]]
            villages += [Patrol.villages.through(patrol_id=patrol.pk, workstation_id=pk) for pk in planned.values["villages"]]
            findings += [Finding(patrol=patrol, kind=k, place=place[: cells.PLACE_MAX], description=d) for k, place, d in planned.values["findings"]]
        Patrol.teams.through.objects.bulk_create(teams)
        Patrol.villages.through.objects.bulk_create(villages)
        Finding.objects.bulk_create(findings)
        created = len(records)
        audit(
            "import",
            actor=actor,
            center_id=center.pk,
            rows=created,
            skipped=plan.left_alone,
            register=plan.register.slug,
            file=file_name,
            job=job.pk if job else None,
        )
        if job is not None:
            _mark_committed(job, created, plan.left_alone)
    if progress is not None:
        progress(created, max(created, 1))
    return ImportResult(created=created, skipped=plan.left_alone, codes=("", ""))


def _patrol(center, values, actor):
    start, end = values["time"]
    return Patrol(
        center=center,
        patrol_date=values["patrol_date"],
        start_time=start,
        end_time=end,
        route=values["route"],
        people_count=values["people_count"],
        hours=values["hours"],
        summary=values["summary"],
        recorded_by=actor,
    )
