"""A small streaming xlsx writer for the registers: one sheet, inline strings, numbers, dates, a
merged title row, a styled header, column widths and a frozen header.

Why not openpyxl for this: without lxml its write-only mode spends ~1 ms a row in its XML
serialiser (about 800 rows/s here), so a 100,000-row ledger took minutes. Writing SpreadsheetML
directly is ~30× faster and streams to the zip with flat memory. The files open in Excel, WPS and
LibreOffice and read back with openpyxl (the tests and the importer do).
"""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_EPOCH = date(1899, 12, 30)

# Style indexes in styles.xml below.
HEADER, DATE, QUOTED, TITLE = 1, 2, 3, 4

_STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>
<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="11"/><name val="宋体"/><family val="2"/></font><font><b/><sz val="14"/><name val="宋体"/><family val="2"/></font></fonts>
<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill><fill><patternFill patternType="solid"><fgColor rgb="FFE8EEF7"/><bgColor indexed="64"/></patternFill></fill></fills>
<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"><color rgb="FF999999"/></left><right style="thin"><color rgb="FF999999"/></right><top style="thin"><color rgb="FF999999"/></top><bottom style="thin"><color rgb="FF999999"/></bottom><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1" applyAlignment="1"><alignment horizontal="center" vertical="center" wrapText="1"/></xf>
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>
<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment horizontal="center" vertical="center"/></xf>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>"""

_CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>
</Types>"""

_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""

_WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
</Relationships>"""


def _escape(text):
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if '"' in text:
        text = text.replace('"', "&quot;")
    return text


def _letters(count):
    letters = []
    for index in range(count):
        name, n = "", index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            name = chr(65 + rest) + name
        letters.append(name)
    return letters


class XlsxWriter:
    """Write rows of str/int/float/date/None; `formula_start` strings get Excel's quote-prefix flag."""

    def __init__(self, stream, sheet_name, widths, *, title=None, header=(), formula_start=()):
        self.zip = zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED, compresslevel=5)
        self.zip.writestr("[Content_Types].xml", _CONTENT_TYPES)
        self.zip.writestr("_rels/.rels", _RELS)
        self.zip.writestr(
            "xl/workbook.xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            f'<sheets><sheet name="{_escape(sheet_name[:31])}" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        self.zip.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        self.zip.writestr("xl/styles.xml", _STYLES)
        self.sheet = self.zip.open("xl/worksheets/sheet1.xml", "w", force_zip64=True)
        self.columns = _letters(max(len(widths), len(header), 1))
        self.formula_start = tuple(formula_start)
        self.row_number = 0
        self.title = title
        frozen = (1 if title else 0) + (1 if header else 0)
        parts = [
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        ]
        if frozen:
            parts.append(
                f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{frozen}" topLeftCell="A{frozen + 1}" '
                'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
            )
        if widths:
            parts.append("<cols>")
            parts += [f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>' for i, w in enumerate(widths, start=1)]
            parts.append("</cols>")
        parts.append("<sheetData>")
        self._write("".join(parts))
        if title:
            self.row([title], style=TITLE, height=28)
        if header:
            self.row(list(header), style=HEADER, height=30)

    def _write(self, text):
        self.sheet.write(text.encode("utf-8"))

    def row(self, values, style=0, height=None):
        self.row_number += 1
        number = self.row_number
        columns = self.columns
        out = [f'<row r="{number}" ht="{height}" customHeight="1">' if height else f'<row r="{number}">']
        last = len(values) - 1
        for index, value in enumerate(values):
            if value is None or value == "":
                if index == last:
                    # An empty last cell keeps the row's width for readers that have no dimension
                    # record to go by (openpyxl's read-only mode pads rows to the widest one seen).
                    out.append(f'<c r="{columns[index]}{number}"/>')
                continue
            ref = f"{columns[index]}{number}"
            if isinstance(value, str):
                if _ILLEGAL.search(value):
                    value = _ILLEGAL.sub("", value)
                cell_style = style or (QUOTED if value.startswith(self.formula_start) and self.formula_start else 0)
                s = f' s="{cell_style}"' if cell_style else ""
                out.append(f'<c r="{ref}" t="inlineStr"{s}><is><t xml:space="preserve">{_escape(value)}</t></is></c>')
            elif isinstance(value, bool):
                out.append(f'<c r="{ref}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, (int, float)):
                out.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif isinstance(value, datetime):
                serial = (value - datetime(1899, 12, 30)).total_seconds() / 86400
                out.append(f'<c r="{ref}" s="{DATE}"><v>{serial}</v></c>')
            elif isinstance(value, date):
                out.append(f'<c r="{ref}" s="{DATE}"><v>{(value - _EPOCH).days}</v></c>')
            else:
                out.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_escape(str(value))}</t></is></c>')
        out.append("</row>")
        self._write("".join(out))

    def close(self):
        tail = ["</sheetData>"]
        if self.title:
            tail.append(f'<mergeCells count="1"><mergeCell ref="A1:{self.columns[-1]}1"/></mergeCells>')
        tail.append('<pageMargins left="0.5" right="0.5" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>')
        tail.append('<pageSetup orientation="landscape" paperSize="9"/>')
        tail.append("</worksheet>")
        self._write("".join(tail))
        self.sheet.close()
        self.zip.close()
