"""Writing a register to xlsx or csv, streaming: memory stays flat however many rows.

Personal data is masked here unless the user may reveal it. Text that a spreadsheet would run as a
formula (starting with = + - @, tab or CR) is kept as text: in csv with a leading apostrophe, in
xlsx as a string cell with the "quote prefix" style (Excel's own mark for "this is text"). The import
reads both back unchanged (parsing.unescape_formula).
"""

from __future__ import annotations

import csv
import io

from governance.ledgers.parsing import FORMULA_START, escape_formula
from governance.ledgers.resources import LedgerResource
from governance.ledgers.xlsx import XlsxWriter
from governance.rules.identity import mask_address, mask_id_number, mask_phone

MASKS = {"phone": mask_phone, "id_number": mask_id_number, "address": mask_address}
PROGRESS_EVERY = 500


def masked_record(record, columns, reveal):
    if reveal:
        return record
    record = dict(record)
    for column in columns:
        mask = MASKS.get(column.mask)
        if mask is not None:
            value = record.get(column.accessor)
            if isinstance(value, list):
                record[column.accessor] = [mask(item) if item else "" for item in value]
            elif value:
                record[column.accessor] = mask(value)
    return record


def write_ledger(stream, fmt, register, records, *, reveal, with_center=False, title=None, progress=None, total=None):
    """Write the rows; returns how many. `stream` is a binary file object."""
    resource = LedgerResource(register, center=None, with_center=with_center)
    columns = resource.columns
    writer = _XlsxWriter(stream, register, columns, title) if fmt == "xlsx" else _CsvWriter(stream, columns, title)
    count = 0
    for record in records:
        record = masked_record(record, columns, reveal)
        writer.row(resource.render_cells(record, native=writer.native))
        count += 1
        if progress is not None and count % PROGRESS_EVERY == 0:
            progress(count, total or count)
    writer.close()
    if progress is not None:
        progress(count, total or count)
    return count


class _CsvWriter:
    native = False

    def __init__(self, stream, columns, title):
        # UTF-8 with a BOM: Excel on Chinese Windows opens it without garbling.
        self.text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="", write_through=True)
        self.csv = csv.writer(self.text)
        if title:
            self.csv.writerow([title])
        self.csv.writerow([column.header for column in columns])

    def row(self, cells):
        self.csv.writerow([escape_formula(cell) if isinstance(cell, str) else cell for cell in cells])

    def close(self):
        self.text.flush()
        self.text.detach()


class _XlsxWriter:
    native = True

    def __init__(self, stream, register, columns, title):
        self.writer = XlsxWriter(
            stream,
            register.title,
            [column.width for column in columns],
            title=title,
            header=[column.header for column in columns],
            formula_start=FORMULA_START,
        )

    def row(self, cells):
        self.writer.row(cells)

    def close(self):
        self.writer.close()
