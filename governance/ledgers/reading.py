"""A spreadsheet file as rows of cell values: xlsx (openpyxl), xls (xlrd) or CSV in UTF-8, UTF-8 with
BOM or GBK. No ORM. The format is told by the file's first bytes, not trusted from its name (Chinese
offices rename .xlsx files to .xls and back). Errors are LedgerFileError with a Chinese message.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass

from import_export.formats import base_formats

from governance.ledgers import messages as msg

# The import-export formats this app reads and writes; their extensions and content types are used
# for uploads and downloads.
IMPORT_FORMATS = (base_formats.XLSX, base_formats.XLS, base_formats.CSV)
EXPORT_FORMATS = (base_formats.XLSX, base_formats.CSV)

_ZIP = b"PK\x03\x04"
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class LedgerFileError(ValueError):
    """The file as a whole cannot be read; the message is for the user, in Chinese."""


@dataclass
class Table:
    """The first sheet: rows of raw cell values (str, int, float, datetime or None)."""

    format: str  # "xlsx", "xls" or "csv"
    rows: Iterator[tuple]
    estimated_rows: int
    encoding: str = ""


def format_of(data: bytes, name: str = "") -> str:
    """ "xlsx", "xls" or "csv", from the content first and the file name second."""
    if not data:
        raise LedgerFileError(msg.FILE_EMPTY)
    if data.startswith(_ZIP):
        return "xlsx"
    if data.startswith(_OLE2):
        return "xls"
    if b"\x00" in data[:4096]:  # binary, but neither of Excel's containers
        raise LedgerFileError(msg.FILE_UNKNOWN_FORMAT)
    lowered = name.lower()
    if lowered.endswith((".xlsx", ".xlsm", ".xls")) and not lowered.endswith(".csv"):
        raise LedgerFileError(msg.FILE_UNKNOWN_FORMAT)
    return "csv"


def format_class(fmt: str):
    return {"xlsx": base_formats.XLSX, "xls": base_formats.XLS, "csv": base_formats.CSV}[fmt]


def open_table(data: bytes, name: str = "") -> Table:
    fmt = format_of(data, name)
    try:
        if fmt == "xlsx":
            return _xlsx(data)
        if fmt == "xls":
            return _xls(data)
    except LedgerFileError:
        raise
    except Exception as exc:  # openpyxl and xlrd raise many kinds of errors for broken files
        raise LedgerFileError(msg.FILE_UNREADABLE.format(format=fmt.upper(), detail=type(exc).__name__)) from exc
    return _csv(data)


def _xlsx(data: bytes) -> Table:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    if sheet.max_row is None or sheet.max_column is None:  # some writers leave out the dimension
        sheet.reset_dimensions()

    def rows():
        try:
            yield from sheet.iter_rows(values_only=True)
        finally:
            book.close()

    # Without a dimension record the row count is unknown: guess from the size (~40 bytes a row).
    return Table("xlsx", rows(), sheet.max_row or len(data) // 40)


def _xls(data: bytes) -> Table:
    import xlrd

    book = xlrd.open_workbook(file_contents=data)
    sheet = book.sheet_by_index(0)

    def rows():
        for index in range(sheet.nrows):
            values = []
            for cell in sheet.row(index):
                if cell.ctype == xlrd.XL_CELL_DATE:
                    values.append(xlrd.xldate.xldate_as_datetime(cell.value, book.datemode))
                elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                    values.append(None)
                elif cell.ctype == xlrd.XL_CELL_BOOLEAN:
                    values.append(bool(cell.value))
                elif cell.ctype == xlrd.XL_CELL_ERROR:
                    values.append(None)
                else:
                    values.append(cell.value)
            yield tuple(values)

    return Table("xls", rows(), sheet.nrows)


def decode_text(data: bytes) -> tuple[str, str]:
    """The text of a CSV file and the encoding it was in: UTF-8 (with or without BOM), else GBK."""
    for encoding in ("utf-8-sig", "gb18030"):  # GB 18030 is a superset of GBK and GB 2312
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise LedgerFileError(msg.FILE_ENCODING)


def _csv(data: bytes) -> Table:
    text, encoding = decode_text(data)
    # Commas, unless the sheet was saved as "Unicode text" (tab-separated) by Excel.
    head = text[:8192]
    delimiter = "\t" if head.count("\t") > head.count(",") else ","

    def rows():
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield tuple(value if value != "" else None for value in row)

    return Table("csv", rows(), text.count("\n") + 1, encoding=encoding)
