"""Writing ledgers: the confirmed import (one transaction) and the export (masked, audited).

Imports do not call case_register row by row: an old ledger brings thousands of cases with their own
codes and states. They take the same steps in their batch form instead: codes from the same counter
(case_intake.take_sequences, locked), the cases created through the engine
(governance.flow.engine.create_batch: each in the state the sheet implies, a CaseEvent "import" per
case naming who and which file, one screen refresh and cache drop per center after commit), the
warning date from the deadline rule that applies (as routing sets it), and one AuditEvent for the file.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from governance import access, scoping
from governance.flow import engine
from governance.ledgers import messages as msg
from governance.ledgers.importing import ImportPlan, check_against_database
from governance.models import Case, DeadlineStage, FollowUp, Party
from governance.rules.deadlines import warn_from
from governance.services.audit import audit
from governance.services.case_deadlines import find_rule
from governance.services.case_intake import format_case_code, hold_counter, take_sequences
from governance.services.case_lifecycle import CASE

WRITE_BATCH = 1000


class ImportRejected(Exception):
    """The plan has problems (found again at commit time); nothing was written."""

    def __init__(self, plan):
        super().__init__(f"{len(plan.problems)} problems")
        self.plan = plan


@dataclass
class ImportResult:
    created: int
    skipped: int
    codes: tuple  # (first, last) code created, for the message


def _allocate(plan, center):
    """Give every planned case without a number of its own the next numbers of its year's counter
    (and a code in the system's format when the sheet gave none).

    Runs inside the commit's transaction with the center's counters locked. Cases that keep a code in
    the system's format keep its number: the counter first moves past them (and past every number a
    case of the center already holds), so registrations after the import continue after them.
    """
    years = sorted({case.year for case in plan.cases})
    held = dict(Case.objects.filter(center=center, year__in=years).values_list("year").annotate(m=Max("sequence")).values_list("year", "m"))
    waiting = {}
    for case in plan.cases:
        if case.sequence is None:
            waiting.setdefault(case.year, []).append(case)
        else:
            held[case.year] = max(held.get(case.year) or 0, case.sequence)
    for year in years:
        hold_counter(center, year, past=held.get(year) or 0)
        if year not in waiting:
            continue
        first = take_sequences(center, year, len(waiting[year]))
        for case in waiting[year]:
            case.sequence, first = first, first + 1
            if not case.code:
                case.code = format_case_code(center, case.year, case.sequence)


def ledger_import_commit(*, plan: ImportPlan, actor, file_name, job=None, progress=None, accept=()) -> ImportResult:
    """Write a checked plan in one transaction: cases, parties, departments, follow-ups, audit rows.

    Re-checks the plan against the database under the counter lock first; raises ImportRejected
    (nothing written) if any problem appears, e.g. a code registered since the preview.
    """
    if plan.register.importer:  # a register of other records than cases
        return plan.register.import_module.commit(plan=plan, actor=actor, file_name=file_name, job=job, progress=progress, accept=accept)
    if not plan.ok:
        raise ImportRejected(plan)
    center = plan.center
    register = plan.register
    total = max(len(plan.cases), 1)
    try:
        with transaction.atomic():
            _lock_center(center, plan)
            check_against_database(plan)
            if not plan.ok:
                raise ImportRejected(plan)
            _allocate(plan, center)
            created = _write(plan, center, register, actor, file_name, job, progress, total)
            accepted = _accept_differences(plan, actor, set(accept))
            audit(
                "import",
                actor=actor,
                center_id=center.pk,
                rows=created,
                skipped=plan.left_alone,
                accepted=accepted,
                register=register.slug,
                file=file_name,
                job=job.pk if job else None,
            )
            if job is not None:
                _mark_committed(job, created, plan.left_alone, accepted)
    except IntegrityError:
        # Another import of the same rows committed between our check and our insert (only possible
        # on a database without row locks): report it as a problem, nothing of ours was written.
        plan.problem(0, "", msg.FILE_CHANGED)
        raise ImportRejected(plan) from None
    codes = (plan.cases[0].code, plan.cases[-1].code) if plan.cases else ("", "")
    return ImportResult(created=created, skipped=plan.left_alone, codes=codes)


def _lock_center(center, plan):
    # The counters of the years in the file (in year order) are the lock two imports into one center share.
    for year in sorted({case.year for case in plan.cases}) or [timezone.localdate().year]:
        hold_counter(center, year)


def _mark_committed(job, created, skipped, accepted=0):
    from governance.ledgers.models import ImportStatus

    now = timezone.now()
    result = {"created": created, "skipped": skipped} | ({"accepted": accepted} if accepted else {})
    type(job).objects.filter(pk=job.pk).update(status=ImportStatus.COMMITTED, result=result, finished_at=now, heartbeat_at=now, message="")


def _accept_differences(plan, actor, codes):
    """Apply the differences the user accepted (by code) to the stored cases, each as an edit of the
    case's details (case_update_details: its timeline entry says who and what); returns how many."""
    from governance.services.case_intake import case_update_details

    accepted = 0
    for _line, code, _found, changes in plan.differences:
        if code in codes and changes:
            pk, version = Case.objects.filter(center=plan.center, code=code).values_list("pk", "version").get()
            case_update_details(case_id=pk, actor=actor, expected_version=version, **changes)
            accepted += 1
    return accepted


def _yellow_days(center, register):
    """planned case -> its warning days: those of the handling-stage deadline rule that applies to it
    (find_rule, as routing applies it), or the case default. One lookup per kind of case in the file."""
    default = Case._meta.get_field("yellow_days").default
    found = {}

    def of(planned):
        key = planned.petition_kind_id
        if key not in found:
            rule = find_rule(DeadlineStage.HANDLING, Case(center=center, kind=register.case_kind, petition_kind_id=key))
            found[key] = rule.yellow_days if rule is not None else default
        return found[key]

    return of


def _insert_cases(cases):
    """create_batch's `insert` for an import: the cases in multi-row INSERTs, each value prepared as
    Model.save() would (defaults, auto_now_add, pre_save, get_db_prep_save), primary keys set from
    RETURNING (SQLite 3.35+, as bulk_create relies on too).

    Raw SQL because bulk_create is much slower here on SQLite: Django compiles every value of every
    row into the statement one by one (SQLInsertCompiler.field_as_sql / assemble_as_sql), and a
    case has some 45 columns; for the 20,000 cases of tests/benchmarks/bench_import.py that took the
    case insert from about 3 s to 8 s, the whole confirmed import about 40% longer. PostgreSQL
    inserts through UNNEST arrays, faster than this: bulk_create there.
    """
    if connection.vendor != "sqlite":
        Case.objects.bulk_create(cases, batch_size=WRITE_BATCH)
        return
    meta = Case._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.auto_created)]
    quote = connection.ops.quote_name
    head = f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(400, connection.features.max_query_params // len(fields)))
    with connection.cursor() as cursor:
        for start in range(0, len(cases), size):
            chunk = cases[start : start + size]
            params = [f.get_db_prep_save(f.pre_save(case, True), connection) for case in chunk for f in fields]
            cursor.execute(f"{head}{', '.join([one] * len(chunk))} RETURNING {quote(meta.pk.column)}", params)
            for case, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                case.pk = pk
                case._state.adding, case._state.db = False, connection.alias


def _write(plan, center, register, actor, file_name, job, progress, total):
    from governance.ledgers.models import ImportedRow

    yellow_days = _yellow_days(center, register)
    through = Case.cooperating_departments.through
    written = 0
    for start in range(0, len(plan.cases), WRITE_BATCH):
        batch = plan.cases[start : start + WRITE_BATCH]
        records, details = [], []
        for p in batch:
            yellow = yellow_days(p)
            records.append(
                Case(
                    center=center,
                    code=p.code,
                    year=p.year,
                    sequence=p.sequence,
                    kind=register.case_kind,
                    source_id=p.source_id,
                    category_id=p.category_id,
                    petition_kind_id=p.petition_kind_id,
                    summary=p.summary,
                    place=p.place,
                    people_count=p.people_count,
                    is_private=p.is_private,
                    workstation_id=p.workstation_id,
                    received_on=p.received_on,
                    lead_department_id=p.lead_department_id,
                    responsible_person=p.responsible_person,
                    due_date=p.due_date,
                    yellow_days=yellow,
                    warn_on=warn_from(p.due_date, yellow),
                    resolved_on=p.resolved_on,
                    outcome_id=p.outcome_id,
                    outcome_note=p.outcome_note,
                    fed_back_on=p.fed_back_on,
                    imported_from=file_name[:200],
                )
            )
            data = {"file": file_name, "row": p.line, "register": register.slug}
            if job is not None:
                data["job"] = job.pk
            if p.extras:
                data["ledger"] = p.extras
            details.append(data)
        cases = engine.create_batch(CASE, records, "import", actor, states=[p.status for p in batch], entries_data=details, insert=_insert_cases)
        parties, cooperating, follow_ups, rows = [], [], [], []
        for planned, case in zip(batch, cases):
            parties += [
                Party(case_id=case.pk, role=p.role, name=p.name, id_number=p.id_number, phone=p.phone, address=p.address) for p in planned.parties
            ]
            cooperating += [through(case_id=case.pk, department_id=d) for d in planned.cooperating_ids]
            if planned.follow_up:
                visited_on = planned.fed_back_on or planned.resolved_on or planned.received_on
                follow_ups.append(FollowUp(case_id=case.pk, visited_on=visited_on, result=planned.follow_up, note="", visited_by=None))
            if planned.fingerprint:
                rows.append(ImportedRow(center=center, fingerprint=planned.fingerprint, case_id=case.pk, job=job))
        Party.objects.bulk_create(parties, batch_size=WRITE_BATCH)
        through.objects.bulk_create(cooperating, batch_size=WRITE_BATCH)
        FollowUp.objects.bulk_create(follow_ups, batch_size=WRITE_BATCH)
        ImportedRow.objects.bulk_create(rows, batch_size=WRITE_BATCH)
        written += len(cases)
        if progress is not None:
            progress(written, total)
    return written


# --- export ------------------------------------------------------------------------------------


def may_reveal(user):
    """Exports show full ID and phone numbers only to users who hold the reveal right."""
    return "reveal_personal_data" in access.case_permissions(user)


def ledger_export(*, user, register, queryset, fmt, stream, title=None, with_center=False, progress=None, total=None, params=None):
    """Write the register's rows for `queryset` to `stream` (xlsx or csv), masked as the user must see
    them; audited. Returns the number of rows."""
    from governance.ledgers.writers import write_ledger

    reveal = may_reveal(user)
    rows = write_ledger(
        stream,
        fmt,
        register,
        register.source.records(queryset),
        reveal=reveal,
        with_center=with_center,
        title=title,
        progress=progress,
        total=total,
    )
    audit(
        "export",
        actor=user,
        center_id=scoping.center_id_of(user),
        rows=rows,
        register=register.slug,
        format=fmt,
        masked=not reveal,
        title=title or "",
        filters=params or {},
    )
    return rows
