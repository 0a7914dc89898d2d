"""The checks of a ledger import's plan that look beyond one row: the same code or row twice in the
file, and codes, sequence numbers and rows the database already holds."""

from governance.ledgers import messages as msg
from governance.models import Case

DB_BATCH = 500  # values per IN (...) list: well under SQLite's and PostgreSQL's limits


def _check_within_file(plan):
    """The same code twice, or the same row twice (without codes), in one file."""
    first_by_code, first_by_fingerprint = {}, {}
    kept = []
    for case in plan.cases:
        if case.code:
            first = first_by_code.setdefault(case.code, case.line)
            if first != case.line:
                plan.problem(case.line, _label(plan, "code"), msg.CODE_DUPLICATE_IN_FILE.format(code=case.code, row=_row_ref(plan, first)))
                continue
        else:
            first = first_by_fingerprint.setdefault(case.fingerprint, case.line)
            if first != case.line:
                plan.problem(case.line, "", msg.ROW_DUPLICATE_IN_FILE.format(row=_row_ref(plan, first)))
                continue
        kept.append(case)
    plan.cases = kept


def _row_ref(plan, line):
    serial = plan.serials.get(line, "")
    return msg.ROW_REF_WITH_SERIAL.format(line=line, serial=serial) if serial else msg.ROW_REF.format(line=line)


def _label(plan, accessor):
    for letter, header, column_accessor in plan.columns:
        if column_accessor == accessor:
            return msg.COLUMN_LABEL.format(letter=letter, header=header)
    return ""


def _batches(items, size=DB_BATCH):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def check_against_database(plan):
    """Move rows already imported to `skipped`; report codes and sequences other cases hold.

    Runs for the preview and again inside the commit's transaction (after the counters are locked),
    so two imports of the same file never both write it.
    """
    from governance.ledgers.models import ImportedRow

    center = plan.center
    coded = [c for c in plan.cases if c.code]
    existing = {}
    for batch in _batches([c.code for c in coded]):
        for code, center_id, center_name in Case.objects.filter(code__in=batch).values_list("code", "center_id", "center__name"):
            existing[code] = (center_id, center_name)
    fingerprints = set()
    plain = [c.fingerprint for c in plan.cases if not c.code]
    for batch in _batches(plain):
        fingerprints.update(ImportedRow.objects.filter(center=center, fingerprint__in=batch).values_list("fingerprint", flat=True))
    taken = {}
    by_year = {}
    for case in coded:
        if case.sequence is not None and case.code not in existing:
            by_year.setdefault(case.year, []).append(case.sequence)
    for year, sequences in by_year.items():
        for batch in _batches(sequences):
            for sequence, code in Case.objects.filter(center=center, year=year, sequence__in=batch).values_list("sequence", "code"):
                taken[(year, sequence)] = code
    kept = []
    for case in plan.cases:
        if case.code and case.code in existing:
            center_id, center_name = existing[case.code]
            if center_id == center.pk:
                plan.skipped.append((case.line, case.code))
            else:
                plan.problem(case.line, _label(plan, "code"), msg.CODE_USED_BY_OTHER_CENTER.format(code=case.code, center=center_name))
            continue
        if not case.code and case.fingerprint in fingerprints:
            plan.skipped.append((case.line, ""))
            continue
        if case.sequence is not None and (case.year, case.sequence) in taken:
            plan.problem(case.line, _label(plan, "code"), msg.CODE_SEQUENCE_TAKEN.format(code=case.code, other=taken[(case.year, case.sequence)]))
            continue
        kept.append(case)
    plan.cases = kept
    plan.problems.sort(key=lambda p: p.line)
    return plan
