"""The dry run of a ledger import: a file becomes a plan (the cases to create) and a list of problems,
each with its row, column and reason in Chinese. Nothing is written here; services.ledger_import_commit
writes a plan that has no problems, in one transaction.

The same function runs for the preview and again for the commit (on the same stored file, checked by
its SHA-256), so what the user confirmed is what is written.
"""

from __future__ import annotations

import re
from itertools import chain, islice

from governance import workflow
from governance.ledgers import messages as msg
from governance.ledgers import parsing
from governance.ledgers.plan import ImportPlan, PlannedCase, PlannedParty, Problem, sha256_of  # noqa: F401 (sha256_of: re-exported)
from governance.ledgers.plan_checks import _check_within_file, _label, check_against_database  # noqa: F401 (re-exported)
from governance.ledgers.reading import LedgerFileError, open_table
from governance.ledgers.registers import FOLLOW_UP_TEXT, STATUS_TEXT, Register
from governance.ledgers.reimport import settle_existing_rows
from governance.ledgers.resources import LedgerResource, reference_items
from governance.models import Party, ReferenceKind
from governance.rules import identity
from governance.services import clock

HEADER_SCAN_ROWS = 30
SERIAL_HEADERS = frozenset({"序号", "顺序号", "No.", "NO."})
RESOLVED_STATES = frozenset({workflow.RESOLVED, workflow.FED_BACK, workflow.VISITED, workflow.ARCHIVED})
HANDLED_STATES = frozenset({workflow.ROUTED, workflow.HANDLING, workflow.SUSPENDED})
# The code format of governance.services.cases.format_case_code: 示范镇综治〔2026〕0001号.
CANONICAL_CODE = re.compile(r"(?P<short>.+?)综治〔(?P<year>\d{4})〕(?P<sequence>\d{1,9})号")


def _today():
    return clock.today()


class _Context:
    """What every row needs, loaded once per file: reference data, today, the work calendar."""

    def __init__(self, register, center, today):
        self.register, self.center, self.today = register, center, today
        self.resource = LedgerResource(register, center, with_center=True)
        outcomes = reference_items(ReferenceKind.OUTCOME, center.pk)
        from governance.models import ReferenceItem

        # 调处结果 that is exactly an outcome's name says the outcome (and wins over 是否化解).
        self.outcome_by_name = {parsing.normalise_header(name): pk for pk, name, _code in outcomes}
        self.counts_as_resolved = dict(ReferenceItem.objects.filter(pk__in=[pk for pk, _n, _c in outcomes]).values_list("pk", "counts_as_resolved"))
        by_code = {}
        for kind in (ReferenceKind.SOURCE, ReferenceKind.OUTCOME):
            for pk, name, code in reference_items(kind, center.pk):
                by_code.setdefault((kind, code), (pk, name))
        self.default_source = by_code.get((ReferenceKind.SOURCE, register.default_source))
        self.resolved_outcome = by_code.get((ReferenceKind.OUTCOME, register.resolved_outcome), (None, ""))[0]
        self.unresolved_outcome = by_code.get((ReferenceKind.OUTCOME, register.unresolved_outcome), (None, ""))[0]
        self.center_names = {parsing.normalise_header(center.name), parsing.normalise_header(center.short_name)}
        self._calendar = None
        self.defaulted_source = 0

    @property
    def calendar(self):
        if self._calendar is None:
            from governance.calendar import load_work_calendar

            self._calendar = load_work_calendar()
        return self._calendar


def plan_import(data: bytes, file_name: str, register: Register, center, *, today=None, progress=None) -> ImportPlan:
    """Read and check a ledger file; nothing is written (the preview, and the first half of a commit)."""
    if register.importer:  # a register of other records than cases
        return register.import_module.plan_file(data, file_name, register, center, today=today, progress=progress)
    plan = ImportPlan(register=register, center=center, file_name=file_name, sha256=sha256_of(data))
    today = today or _today()
    try:
        table = open_table(data, file_name)
    except LedgerFileError as exc:
        plan.problem(0, "", str(exc))
        return plan
    plan.format, plan.encoding = table.format, table.encoding
    context = _Context(register, center, today)
    try:
        _read_rows(plan, table, context, progress)
        unknown = dict(context.resource.unknown)
        settle_existing_rows(plan, context.resource, lambda received_on, period: _deadline(received_on, period, context))
        blocked = {p.line for p in plan.problems}  # rows already in the system need no mapping
        plan.unknown = {key: n for key, lines in unknown.items() if (n := len({line for line in lines if line in blocked}))}
    except LedgerFileError as exc:
        plan.problem(0, "", str(exc))
        return plan
    except Exception as exc:  # a file that breaks half-way through (a truncated zip…)
        plan.problem(0, "", msg.FILE_UNREADABLE.format(format=table.format.upper(), detail=type(exc).__name__))
        return plan
    _check_within_file(plan)
    check_against_database(plan)
    return plan


def _read_rows(plan, table, context, progress):
    register = plan.register
    head = list(islice(table.rows, HEADER_SCAN_ROWS))
    found = parsing.find_header_row(head, register.header_map(), register.required, limit=HEADER_SCAN_ROWS)
    if found is None:
        required = "、".join(register.column_for(a).header for a in register.required)
        plan.problem(0, "", msg.FILE_NO_HEADER.format(rows=min(len(head), HEADER_SCAN_ROWS), required=required, register=register.title))
        return
    header_index, mapping = found
    plan.header_line = header_index + 1
    header_row = head[header_index]
    positions = {}
    ignored = []
    serial_position = None
    for position, value in enumerate(header_row):
        letter = parsing.column_letter(position)
        text = parsing.cell_text(value)
        accessor = mapping.get(position)
        plan.columns.append((letter, text, accessor))
        if accessor is None:
            if parsing.normalise_header(text) in SERIAL_HEADERS and serial_position is None:
                serial_position = position  # not imported (codes are), but shown beside each problem
            elif text:
                ignored.append(text)
            continue
        positions.setdefault(accessor, []).append(position)
    for places in positions.values():
        if len(places) > 1:
            header = parsing.cell_text(header_row[places[0]])
            plan.problem(
                plan.header_line, "", msg.FILE_DUPLICATE_COLUMN.format(header=header, letters="、".join(parsing.column_letter(p) for p in places))
            )
    if plan.problems:
        return
    if ignored:
        plan.notes.append(msg.NOTE_IGNORED_COLUMNS.format(register=register.title, columns="、".join(ignored)))
    labels = {
        accessor: msg.COLUMN_LABEL.format(letter=parsing.column_letter(places[0]), header=parsing.cell_text(header_row[places[0]]))
        for accessor, places in positions.items()
    }
    columns = [(places[0], accessor) for accessor, places in positions.items()]
    footer_lines = []
    line = plan.header_line
    total = max(table.estimated_rows - plan.header_line, 1)
    rows = chain(head[header_index + 1 :], table.rows)
    for row in rows:
        line += 1
        if progress is not None and line % 500 == 0:
            progress(line - plan.header_line, total)
        if parsing.is_blank_row(row):
            continue  # blank rows between or after the data (Excel keeps formatted empty rows)
        if parsing.is_footer_row(row):
            footer_lines.append(line)
            continue
        plan.data_rows += 1
        if serial_position is not None and serial_position < len(row):
            plan.serials[line] = parsing.fold_width(parsing.cell_text(row[serial_position]))
        raw = {accessor: (row[position] if position < len(row) else None) for position, accessor in columns}
        if not parsing.is_blank(raw.get("code")):
            plan.coded_rows[line] = raw
        planned = _plan_row(plan, context, line, raw, labels)
        if planned is not None:
            plan.cases.append(planned)
    if footer_lines:
        plan.notes.append(msg.NOTE_FOOTER.format(rows="、".join(str(n) for n in footer_lines)))
    if context.defaulted_source:
        plan.notes.append(msg.NOTE_DEFAULT_SOURCE.format(count=context.defaulted_source, source=context.default_source[1]))
    if plan.data_rows == 0 and not plan.problems:
        plan.problem(0, "", msg.FILE_NO_ROWS)


def _plan_row(plan, context, line, raw, labels):
    """One data row → a PlannedCase, or None with its problems added to the plan."""
    register, center, today = context.register, context.center, context.today
    problems_before = len(plan.problems)

    def problem(accessor, message):
        plan.problem(line, labels.get(accessor, ""), message)

    id_cell = raw.get("party_id_numbers")
    if isinstance(id_cell, (int, float)) and not isinstance(id_cell, bool):
        problem("party_id_numbers", msg.ID_AS_NUMBER)
        raw = {**raw, "party_id_numbers": None}
    context.resource.line = line
    values, errors = context.resource.clean_cells(raw)
    for accessor, message in errors.items():
        problem(accessor, message)
    get = values.get

    # Where the row belongs.
    center_text = get("center") or ""
    if center_text and parsing.normalise_header(center_text) not in context.center_names:
        problem("center", msg.CENTER_MISMATCH.format(value=center_text, center=center.name))

    code, year, sequence = get("code") or "", None, None
    if code and "code" not in errors:
        if match := CANONICAL_CODE.fullmatch(code):
            if match.group("short") != center.short_name:
                problem("code", msg.CODE_OTHER_CENTER.format(code=code, short_name=match.group("short")))
            else:
                year, sequence = int(match.group("year")), int(match.group("sequence"))

    # Required cells and dates.
    received_on = get("received_on")
    if received_on is None and "received_on" not in errors:
        problem("received_on", msg.REQUIRED)
    for accessor in ("received_on", "resolved_on", "fed_back_on"):
        day = get(accessor)
        if day is not None and day > today:
            problem(accessor, msg.DATE_IN_FUTURE.format(value=day.isoformat()))
    category_id = get("category")
    if category_id is None and "category" not in errors:
        problem("category", msg.REQUIRED)
    summary = get("summary") or ""
    if not summary and "summary" not in errors:
        problem("summary", msg.REQUIRED)
    source_id = get("source")
    if source_id is None and "source" not in errors and context.default_source:
        source_id = context.default_source[0]
        context.defaulted_source += 1

    parties = _plan_parties(register, values, errors, problem, today)

    # The time limit: a date, or days counted from the date received.
    due = get("due_date")
    if isinstance(due, tuple):
        due = _deadline(received_on, due, context) if received_on else None

    # Outcome and state.
    resolved_on, fed_back_on = get("resolved_on"), get("fed_back_on")
    follow = get("follow_up")
    flag, outcome_id = get("resolved_flag"), get("outcome")
    departments = get("departments") or []
    if received_on and resolved_on and resolved_on < received_on:
        problem("resolved_on", msg.RESOLVED_BEFORE_RECEIVED.format(resolved=resolved_on.isoformat(), received=received_on.isoformat()))
    if fed_back_on and not resolved_on and "resolved_on" not in errors:
        problem("fed_back_on", msg.FED_BACK_WITHOUT_RESOLVED)
    elif fed_back_on and resolved_on and fed_back_on < resolved_on:
        problem("fed_back_on", msg.FED_BACK_BEFORE_RESOLVED.format(fed_back=fed_back_on.isoformat(), resolved=resolved_on.isoformat()))
    if follow and not resolved_on and "resolved_on" not in errors:
        problem("follow_up", msg.FOLLOW_UP_WITHOUT_RESOLVED)
    if flag and not resolved_on and "resolved_on" not in errors:
        problem("resolved_flag", msg.RESOLVED_FLAG_WITHOUT_DATE)
    if outcome_id is not None and not resolved_on and "resolved_on" not in errors:
        problem("outcome", msg.OUTCOME_WITHOUT_DATE)
    if outcome_id is not None and flag is not None and context.counts_as_resolved.get(outcome_id) != flag:
        outcome_text = parsing.cell_text(raw.get("outcome"))
        problem("outcome", msg.OUTCOME_CONFLICT.format(outcome=outcome_text, flag="是" if flag else "否"))
    if outcome_id is None and resolved_on:
        outcome_id = context.outcome_by_name.get(parsing.normalise_header(get("outcome_note") or ""))
    if outcome_id is None and flag is not None and resolved_on:
        outcome_id = context.resolved_outcome if flag else context.unresolved_outcome

    status = get("status")
    if status:
        shown = STATUS_TEXT[status]
        if status in RESOLVED_STATES and not resolved_on and "resolved_on" not in errors:
            problem("status", msg.STATUS_NEEDS_RESOLVED_ON.format(status=shown))
        elif status not in RESOLVED_STATES and resolved_on:
            problem("status", msg.STATUS_OPEN_BUT_RESOLVED.format(status=shown))
        if status in HANDLED_STATES and not departments and "departments" not in errors:
            problem("status", msg.STATUS_NEEDS_DEPARTMENT.format(status=shown))
    elif follow:
        status = "visited"
    elif fed_back_on:
        status = "fed_back"
    elif resolved_on:
        status = "resolved"
    elif departments:
        status = "handling"
    else:
        status = "registered"

    if len(plan.problems) > problems_before:
        return None

    extras = {}
    for accessor in ("receiver", "proposal"):
        if get(accessor):
            extras[accessor] = get(accessor)
    follow_result = None
    if follow:
        follow_result, follow_text = follow
        if follow_text != FOLLOW_UP_TEXT[follow_result]:
            extras["follow_up"] = follow_text
    fingerprint = ""
    if not code:
        identity_text = "\x1f".join([register.slug, received_on.isoformat(), str(category_id), summary, "、".join(p.name for p in parties)])
        fingerprint = sha256_of(identity_text.encode())
    people = get("people_count") or max(1, len(parties))
    return PlannedCase(
        line=line,
        code=code,
        year=year or received_on.year,
        sequence=sequence,
        fingerprint=fingerprint,
        received_on=received_on,
        source_id=source_id,
        category_id=category_id,
        petition_kind_id=get("petition_kind"),
        summary=summary,
        place=get("place") or "",
        workstation_id=get("workstation"),
        people_count=people,
        is_private=bool(get("is_private")),
        lead_department_id=departments[0] if departments else None,
        cooperating_ids=departments[1:],
        responsible_person=get("responsible_person") or "",
        due_date=due,
        status=status,
        outcome_id=outcome_id if resolved_on else None,
        outcome_note=get("outcome_note") or "",
        resolved_on=resolved_on,
        fed_back_on=fed_back_on,
        follow_up=follow_result,
        parties=parties,
        extras=extras,
    )


def _plan_parties(register, values, errors, problem, today):
    names = values.get("party_names") or []
    columns = {
        "party_phones": values.get("party_phones") or [],
        "party_id_numbers": values.get("party_id_numbers") or [],
        "party_addresses": values.get("party_addresses") or [],
    }
    if not any(names) and "party_names" in register.required and "party_names" not in errors:
        problem("party_names", msg.REQUIRED)
    for accessor, items in columns.items():
        if len(items) > len(names):
            problem(accessor, msg.TOO_MANY_VALUES.format(values=len(items), parties=len(names)))
    several = len(names) > 1
    parties = []
    for index, name in enumerate(names):
        phone = _at(columns["party_phones"], index)
        id_number = _at(columns["party_id_numbers"], index)
        address = _at(columns["party_addresses"], index)
        if not name:
            if phone or id_number or address:
                problem("party_names", msg.PARTY_NAME_MISSING.format(n=index + 1))
            continue
        if len(name) > Party._meta.get_field("name").max_length:
            problem("party_names", msg.TOO_LONG.format(length=len(name), limit=Party._meta.get_field("name").max_length))

        def check(accessor, value, validate, index=index):
            if not value:
                return ""
            if "*" in value or "＊" in value:
                problem(accessor, msg.MASKED_VALUE)
                return ""
            try:
                return validate(value)
            except identity.IdentityError as exc:
                problem(accessor, msg.PARTY_VALUE.format(n=index + 1, message=exc) if several else str(exc))
                return ""

        phone = check("party_phones", phone, identity.validate_phone)
        id_number = check("party_id_numbers", id_number, lambda v: identity.validate_id_number(v, today=today))
        if address and "*" in address:
            problem("party_addresses", msg.MASKED_VALUE)
        if len(address) > Party._meta.get_field("address").max_length:
            problem("party_addresses", msg.TOO_LONG.format(length=len(address), limit=Party._meta.get_field("address").max_length))
        if register.case_kind == "dispute" and index > 0:
            role = Party.Role.RESPONDENT
        else:
            role = Party.Role.APPLICANT
        parties.append(PlannedParty(name, id_number, phone, address, role))
    return parties


def _at(items, index):
    return items[index] if index < len(items) else ""


def _deadline(received_on, duration, context):
    from governance.rules.deadlines import count_period

    amount, unit = duration
    return count_period(received_on, amount, unit, context.calendar).due
