"""What a ledger import plans to write: the cases of a file with their parties, and the problems
found, each with its row, column and reason in Chinese (governance.ledgers.importing builds it)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from governance.ledgers import messages as msg
from governance.ledgers.aliases import ALIAS_KIND_OF
from governance.ledgers.registers import STATUS_TEXT, Register


@dataclass(slots=True)
class Problem:
    line: int  # the spreadsheet's row number; 0 for the file as a whole
    column: str  # "C列“登记日期”", or "" for the whole row or file
    message: str
    serial: str = ""  # the row's 序号 as written in the sheet (the number the clerk thinks in)

    def as_list(self):
        return [self.line or msg.FILE_LEVEL, self.serial, self.column, self.message]


@dataclass(slots=True)
class PlannedParty:
    name: str
    id_number: str
    phone: str
    address: str
    role: str


@dataclass(slots=True)
class PlannedCase:
    line: int
    code: str  # as written in the sheet; "" → a code is allocated
    year: int
    sequence: int | None  # from a code in the system's own format; None → allocated
    fingerprint: str  # identifies a row without a code, for re-imports
    received_on: date
    source_id: int
    category_id: int
    petition_kind_id: int | None
    summary: str
    place: str
    workstation_id: int | None
    people_count: int
    is_private: bool
    lead_department_id: int | None
    cooperating_ids: list
    responsible_person: str
    due_date: date | None
    status: str
    outcome_id: int | None
    outcome_note: str
    resolved_on: date | None
    fed_back_on: date | None
    follow_up: str | None
    parties: list
    extras: dict


@dataclass
class ImportPlan:
    register: Register
    center: object
    file_name: str
    sha256: str = ""
    format: str = ""
    encoding: str = ""
    header_line: int = 0
    columns: list = field(default_factory=list)  # (letter, header as written, accessor or None)
    cases: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    skipped: list = field(default_factory=list)  # (line, code or "") already imported
    notes: list = field(default_factory=list)
    data_rows: int = 0
    serials: dict = field(default_factory=dict)  # line → the row's 序号 cell
    coded_rows: dict = field(default_factory=dict)  # line → raw cells, for the rows that carry a code
    unknown: dict = field(default_factory=dict)  # (accessor, name) → rows (not yet in the system) whose name matched no entry
    differences: list = field(default_factory=list)  # (line, code, [(header, stored, sheet, why not)], changes or None): in, not the same

    @property
    def ok(self):
        return not self.problems

    @property
    def left_alone(self):
        """Rows already in the system: identical or not, a commit leaves them as they are."""
        return len(self.skipped) + len(self.differences)

    @property
    def blocked_rows(self):
        """The rows that have a problem (a file-level problem blocks every row)."""
        return len({p.line for p in self.problems if p.line})

    def problem(self, line, column, message):
        self.problems.append(Problem(line, column, message, self.serials.get(line, "")))

    def summary(self, problem_limit=200, sample=10):
        """The preview as JSON-able data (the job keeps it)."""
        return {
            "register": self.register.slug,
            "file": self.file_name,
            "format": self.format,
            "encoding": self.encoding,
            "header_line": self.header_line,
            "columns": [list(c) for c in self.columns],
            "rows": self.data_rows,
            # What a confirm would write: nothing while any problem stands, however many rows are fine.
            "new": len(self.cases) if self.ok else 0,
            "ready": len(self.cases),
            "blocked": self.blocked_rows,
            "skipped": len(self.skipped),
            "unknown": [
                [accessor, next((h for _l, h, a in self.columns if a == accessor), ""), name, rows]
                for (accessor, name), rows in self.unknown.items()
                if accessor in ALIAS_KIND_OF
            ],
            "different": len(self.differences),
            "differences": [
                [line, self.serials.get(line, ""), code, [list(d) for d in found], bool(changes)]
                for line, code, found, changes in self.differences[:problem_limit]
            ],
            "acceptable": sum(1 for *_rest, changes in self.differences if changes),
            "problem_count": len(self.problems),
            "problems": [p.as_list() for p in self.problems[:problem_limit]],
            "notes": self.notes
            + ([msg.NOTE_SKIPPED.format(count=len(self.skipped))] if self.skipped else [])
            + ([msg.NOTE_DIFFERENT.format(count=len(self.differences))] if self.differences else []),
            "by_status": _count(c.status for c in self.cases),
            "sample": [
                {
                    "line": c.line,
                    "code": c.code,
                    "received_on": c.received_on.isoformat(),
                    "parties": "、".join(p.name for p in c.parties),
                    "summary": c.summary[:60],
                    "status": STATUS_TEXT.get(c.status, c.status),
                }
                for c in self.cases[:sample]
            ],
        }


def _count(values):
    counts = {}
    for value in values:
        counts[STATUS_TEXT.get(value, value)] = counts.get(STATUS_TEXT.get(value, value), 0) + 1
    return counts


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
