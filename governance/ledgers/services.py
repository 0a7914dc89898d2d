"""Writing ledgers: the confirmed import (one transaction) and the export (masked, audited).

Imports do not call case_register row by row: an old ledger brings thousands of cases with their own
codes and states. What case_register guarantees is kept for the batch instead: codes from the same
counter (locked), an audit row per case (CaseEvent action "import", who, which file), one AuditEvent
for the file, and one screen refresh per center after commit (live.schedule_center_refresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from governance import access, live, scoping
from governance.ledgers import messages as msg
from governance.ledgers.importing import ImportPlan, check_against_database
from governance.models import Case, CaseCodeCounter, CaseEvent, FollowUp, Party
from governance.services.audit import audit
from governance.services.cases import format_case_code

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
    """Give every planned case a (year, sequence) and code; the counters end above all of them.

    Runs inside the commit's transaction with the center's counters locked, so registrations
    that come after the import continue after the imported numbers.
    """
    years = sorted({case.year for case in plan.cases})
    CaseCodeCounter.objects.bulk_create([CaseCodeCounter(center=center, year=year) for year in years], ignore_conflicts=True)
    counters = {c.year: c for c in CaseCodeCounter.objects.select_for_update().filter(center=center, year__in=years).order_by("year")}
    highest = dict(Case.objects.filter(center=center, year__in=years).values_list("year").annotate(m=Max("sequence")).values_list("year", "m"))
    for case in plan.cases:
        if case.sequence is not None:
            highest[case.year] = max(highest.get(case.year) or 0, case.sequence)
    following = {year: max(counters[year].last, highest.get(year) or 0) for year in years}
    for case in plan.cases:
        if case.sequence is None:
            following[case.year] += 1
            case.sequence = following[case.year]
            if not case.code:
                case.code = format_case_code(center, case.year, case.sequence)
    for year, counter in counters.items():
        if following[year] != counter.last:
            counter.last = following[year]
            counter.save(update_fields=["last"])


def ledger_import_commit(*, plan: ImportPlan, actor, file_name, job=None, progress=None) -> ImportResult:
    """Write a checked plan in one transaction: cases, parties, departments, follow-ups, audit rows.

    Re-checks the plan against the database under the counter lock first; raises ImportRejected
    (nothing written) if any problem appears, e.g. a code registered since the preview.
    """
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
            audit(
                "import",
                actor=actor,
                center_id=center.pk,
                rows=created,
                skipped=len(plan.skipped),
                register=register.slug,
                file=file_name,
                job=job.pk if job else None,
            )
            if created:
                live.schedule_center_refresh(center.pk, "import")
            if job is not None:
                _mark_committed(job, created, len(plan.skipped))
    except IntegrityError:
        # Another import of the same rows committed between our check and our insert (only possible
        # on a database without row locks): report it as a problem, nothing of ours was written.
        plan.problem(0, "", msg.FILE_CHANGED)
        raise ImportRejected(plan) from None
    codes = (plan.cases[0].code, plan.cases[-1].code) if plan.cases else ("", "")
    return ImportResult(created=created, skipped=len(plan.skipped), codes=codes)


def _lock_center(center, plan):
    # The counters of the years in the file are the lock two imports into one center share.
    years = sorted({case.year for case in plan.cases}) or [timezone.localdate().year]
    CaseCodeCounter.objects.bulk_create([CaseCodeCounter(center=center, year=year) for year in years], ignore_conflicts=True)
    list(CaseCodeCounter.objects.select_for_update().filter(center=center, year__in=years).order_by("year"))


def _mark_committed(job, created, skipped):
    from governance.ledgers.models import ImportStatus

    now = timezone.now()
    type(job).objects.filter(pk=job.pk).update(
        status=ImportStatus.COMMITTED, result={"created": created, "skipped": skipped}, finished_at=now, heartbeat_at=now, message=""
    )


def _insert(model, objects, returning=False, batch=400):
    """A multi-row INSERT of unsaved instances, preparing each value as Model.save() would (defaults,
    auto_now_add, field pre_save and get_db_prep_save: encryption and keyed hashes included).

    On SQLite this is what bulk_create does without its per-value SQL compilation, which took most
    of an import's write time; with `returning` it sets each object's primary key (RETURNING, SQLite
    3.35+). Other databases use bulk_create itself.
    """
    if not objects:
        return objects
    if connection.vendor != "sqlite":
        # PostgreSQL: Django's bulk_create inserts through UNNEST arrays, faster than this.
        return model.objects.bulk_create(objects, batch_size=2000)
    meta = model._meta
    fields = [f for f in meta.concrete_fields if not (f.primary_key and f.auto_created)]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    pk = meta.pk
    tail = f" RETURNING {quote(pk.column)}" if returning else ""
    with connection.cursor() as cursor:
        for start in range(0, len(objects), batch):
            chunk = objects[start : start + batch]
            params = []
            for obj in chunk:
                params += [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
            cursor.execute(f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}{tail}", params)
            if returning:
                for obj, row in zip(chunk, cursor.fetchall()):
                    setattr(obj, pk.attname, row[0])
                    obj._state.adding, obj._state.db = False, connection.alias
    return objects


def _write(plan, center, register, actor, file_name, job, progress, total):
    from governance.ledgers.models import ImportedRow

    actor_id = actor.pk if getattr(actor, "pk", None) else None
    written = 0
    for start in range(0, len(plan.cases), WRITE_BATCH):
        batch = plan.cases[start : start + WRITE_BATCH]
        cases = _insert(
            Case,
            [
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
                    status=p.status,
                    received_on=p.received_on,
                    lead_department_id=p.lead_department_id,
                    responsible_person=p.responsible_person,
                    due_date=p.due_date,
                    warn_on=p.due_date - timedelta(days=3) if p.due_date else None,
                    resolved_on=p.resolved_on,
                    outcome_id=p.outcome_id,
                    outcome_note=p.outcome_note,
                    fed_back_on=p.fed_back_on,
                    imported_from=file_name[:200],
                )
                for p in batch
            ],
            returning=True,
        )
        parties, cooperating, follow_ups, events, rows = [], [], [], [], []
        through = Case.cooperating_departments.through
        for planned, case in zip(batch, cases):
            parties += [
                Party(case_id=case.pk, role=p.role, name=p.name, id_number=p.id_number, phone=p.phone, address=p.address)
                for p in planned.parties
            ]
            cooperating += [through(case_id=case.pk, department_id=d) for d in planned.cooperating_ids]
            if planned.follow_up:
                visited_on = planned.fed_back_on or planned.resolved_on or planned.received_on
                follow_ups.append(FollowUp(case_id=case.pk, visited_on=visited_on, result=planned.follow_up, note="", visited_by=None))
            data = {"file": file_name, "row": planned.line, "register": register.slug}
            if job is not None:
                data["job"] = job.pk
            if planned.extras:
                data["ledger"] = planned.extras
            events.append(
                CaseEvent(case_id=case.pk, action="import", actor_id=actor_id, from_status="", to_status=planned.status, reason="", data=data)
            )
            if planned.fingerprint:
                rows.append(ImportedRow(center=center, fingerprint=planned.fingerprint, case_id=case.pk, job=job))
        _insert(Party, parties)
        through.objects.bulk_create(cooperating)
        _insert(FollowUp, follow_ups)
        _insert(CaseEvent, events)
        _insert(ImportedRow, rows)
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
