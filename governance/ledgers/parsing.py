"""Reading cell values as people type them in real ledgers. Pure: no ORM, no clock, no files.

Dates come as 2026-03-05, 2026/3/5, 2026.3.5, 2026年3月5日, Excel date cells or bare Excel serial
numbers; digits may be full-width (typed with a Chinese input method); a sheet may carry merged title
rows above its header and a "填表人：…" footer or empty rows below its data. Every error is a
ParseError whose message (Chinese) is meant for the person who filled the sheet.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Final

from governance.ledgers import messages as msg


class ParseError(ValueError):
    """A cell that cannot be read; the message says why, in Chinese."""


# Full-width digits, Latin letters and the separators that appear in dates, numbers and codes. Free
# text is never folded: "，" in a summary must come back out of a round trip as "，".
_FOLD: Final = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)}
    | {chr(0xFF41 + i): chr(0x61 + i) for i in range(26)}
    | {"．": ".", "／": "/", "－": "-", "：": ":", "\u3000": " ", "＋": "+", "＊": "*"}
)

EARLIEST_YEAR: Final = 1949
LATEST_YEAR: Final = 2100
# Excel's day 0 is 1899-12-30 once its phantom 1900-02-29 (serial 60) is behind us.
_EXCEL_EPOCH: Final = date(1899, 12, 30)
_SERIAL_MIN: Final = (date(EARLIEST_YEAR, 1, 1) - _EXCEL_EPOCH).days
_SERIAL_MAX: Final = (date(LATEST_YEAR, 12, 31) - _EXCEL_EPOCH).days

_DATE_TEXT: Final = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:\s*[T ]\s*\d{1,2}[:时]\d{1,2}(?:[:分]\d{1,2}(?:\.\d+)?秒?)?)?"
)
_DATE_COMPACT: Final = re.compile(r"(\d{4})(\d{2})(\d{2})")
_SERIAL_TEXT: Final = re.compile(r"\d{5}(?:\.0+)?")
# A time limit: an amount (digits or Chinese numerals) and a unit, maybe with 限…/…内 around it.
_NUMBER: Final = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
_DURATION: Final = re.compile(r"(?:限|期限)?" + _NUMBER + r"个?(工作日|日|天|月|周|星期|礼拜)(?:以?内)?")
_HALF_MONTH: Final = re.compile(r"(?:限|期限)?半个?月(?:以?内)?")
_CHINESE_DIGITS: Final = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_COUNT: Final = re.compile(r"(\d+)(?:\.0+)?\s*(?:人|名|户|位|个)?")

# Leading characters a spreadsheet takes for a formula (OWASP's CSV injection list).
FORMULA_START: Final = ("=", "+", "-", "@", "\t", "\r")

# Cells that end a sheet's data: signatures and notes people put under a ledger.
_FOOTER: Final = re.compile(
    r"^(填表人|填报人|制表人|审核人|负责人|经办人|统计人|填报单位|填表单位|填报日期|填表日期|制表日期|备注|说明|注)[:：]|^(合计|总计|小计)$"
)


def fold_width(text: str) -> str:
    """Full-width digits, letters and separators as their ASCII forms."""
    return text.translate(_FOLD)


def unescape_formula(text: str) -> str:
    """Undo the apostrophe that an export puts before a formula-like cell."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
        return text[1:]
    return text


def escape_formula(text: str) -> str:
    """A text cell that a spreadsheet would run as a formula, prefixed so it stays text."""
    if text and text[0] in FORMULA_START:
        return "'" + text
    return text


def cell_text(value) -> str:
    """A cell as trimmed text: whole numbers without ".0", dates as ISO, nothing for empty cells."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    return unescape_formula(str(value).strip()).strip()


def is_blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _check_year(day: date, shown: str) -> date:
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise ParseError(msg.DATE_OUT_OF_RANGE.format(value=shown))
    return day


def excel_serial_to_date(serial) -> date:
    """An Excel (1900 system) serial day number as a date."""
    whole = int(serial)
    if not _SERIAL_MIN <= whole <= _SERIAL_MAX:
        raise ParseError(msg.DATE_OUT_OF_RANGE.format(value=cell_text(serial)))
    return _EXCEL_EPOCH + timedelta(days=whole)


def parse_date(value) -> date | None:
    """The date in a cell, or None for an empty cell; ParseError (Chinese) when it is not a date."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return _check_year(value.date(), value.date().isoformat())
    if isinstance(value, date):
        return _check_year(value, value.isoformat())
    if isinstance(value, bool):
        raise ParseError(msg.DATE_UNRECOGNISED.format(value=cell_text(value)))
    if isinstance(value, (int, float, Decimal)):
        if isinstance(value, float) and not value.is_integer() and value > 0:
            value = int(value)  # a date-time serial: the fraction is the time of day
        return excel_serial_to_date(value)
    shown = cell_text(value)
    if not shown:
        return None
    text = fold_width(shown).strip()
    if match := _DATE_TEXT.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _DATE_COMPACT.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif _SERIAL_TEXT.fullmatch(text):
        # A CSV saved from a sheet whose date column had lost its date format.
        return excel_serial_to_date(int(float(text)))
    else:
        raise ParseError(msg.DATE_UNRECOGNISED.format(value=shown))
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise ParseError(msg.DATE_INVALID.format(value=shown)) from None
    return _check_year(parsed, shown)


def chinese_number(text: str) -> int | None:
    """1–99 written in digits or Chinese numerals (三, 十五, 二十, 四十五, 两); None otherwise."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return _CHINESE_DIGITS.get(text) if len(text) == 1 else None
    tens, _ten, ones = text.partition("十")
    if "十" in ones or (tens and tens not in _CHINESE_DIGITS) or (ones and ones not in _CHINESE_DIGITS) or tens == "两":
        return None
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[ones] if ones else 0)


def parse_duration(value) -> tuple[int, str] | None:
    """A time limit as an amount and a unit: "30日", "30天", "四十五日" → (30, "calendar"); "15个工作日" →
    (15, "working"); "1个月", "两个月" → (1, "month"); "半个月" → (15, "calendar") and "一周" → (7,
    "calendar"), as the law counts them. None when the cell is not a time limit."""
    text = fold_width(cell_text(value)).replace(" ", "")
    if _HALF_MONTH.fullmatch(text):
        return 15, "calendar"
    match = _DURATION.fullmatch(text)
    if not match:
        return None
    amount, unit = chinese_number(match.group(1)), match.group(2)
    if amount is None:
        return None
    if unit == "月":
        # "3月" alone is March: a period in months is written with 个 ("3个月").
        return (amount, "month") if "个月" in text else None
    if unit in ("周", "星期", "礼拜"):
        return amount * 7, "calendar"
    return amount, "working" if unit == "工作日" else "calendar"


# Cells that say "nothing here (yet)": read as empty, never as a value to look up.
PLACEHOLDERS: Final = frozenset({"无", "暂无", "空", "不详", "未回访", "待回访", "暂未回访", "-", "--", "—", "——", "–", "/", "//", "\\", "无此项"})


def is_placeholder(value) -> bool:
    """A cell written to mean "none" (未回访, 暂无, 无, 空, —, -, /, ／, 不详…)."""
    if not isinstance(value, str):
        return False
    return fold_width(value).replace(" ", "").strip() in PLACEHOLDERS


def parse_count(value) -> int | None:
    """A head count: 12, 12.0, "１２", "12人"; None for an empty cell."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise ParseError(msg.COUNT_INVALID.format(value=cell_text(value)))
    if isinstance(value, (int, float, Decimal)):
        if value != int(value) or value < 1:
            raise ParseError(msg.COUNT_INVALID.format(value=cell_text(value)))
        return int(value)
    text = fold_width(cell_text(value)).replace(" ", "")
    if not text:
        return None
    match = _COUNT.fullmatch(text)
    if not match or int(match.group(1)) < 1:
        raise ParseError(msg.COUNT_INVALID.format(value=cell_text(value)))
    return int(match.group(1))


YES = frozenset({"是", "已化解", "化解", "已整改", "整改到位", "到位", "y", "yes", "true", "1", "√", "✓"})
NO = frozenset({"否", "未化解", "未整改", "未到位", "n", "no", "false", "0", "×", "✗"})


def parse_yes_no(value) -> bool | None:
    """是/否 and their usual variants; None for an empty cell."""
    if isinstance(value, bool):
        return value
    text = fold_width(cell_text(value)).replace(" ", "").lower()
    if not text:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise ParseError(msg.YES_NO_INVALID.format(value=cell_text(value)))


# Several parties in one cell: "张三、李四". Addresses may contain commas, so they split on "；" only.
_SPLIT_LIST: Final = re.compile(r"\s*[、，,；;／/\n]\s*")
_SPLIT_ADDRESSES: Final = re.compile(r"\s*[；;\n]\s*")


def split_list(value, *, addresses=False) -> list[str]:
    """A multi-party cell as a list, keeping empty places so that phones stay aligned with names."""
    text = cell_text(value)
    if not text:
        return []
    parts = (_SPLIT_ADDRESSES if addresses else _SPLIT_LIST).split(text)
    while parts and not parts[-1]:
        parts.pop()
    return parts


def normalise_header(value) -> str:
    """A header cell compared loosely: no spaces or line breaks, no "*" marks, ASCII digits and brackets."""
    text = fold_width(cell_text(value))
    text = re.sub(r"\s+", "", text).replace("*", "").replace("(", "（").replace(")", "）")
    return text


def is_blank_row(row: Sequence) -> bool:
    return all(is_blank(value) for value in row)


def is_footer_row(row: Sequence) -> bool:
    """A signature or note line under the data ("填表人：…", "合计")."""
    filled = [cell_text(value) for value in row if not is_blank(value)]
    return bool(filled) and bool(_FOOTER.match(filled[0]))


def find_header_row(rows: Iterable[Sequence], known: dict[str, str], required: Iterable[str], limit: int = 30):
    """(index, {column index: key}) of the first row that names every required key, or None.

    `known` maps normalised header texts to keys. Title rows (merged or not) above the header have
    at most a couple of filled cells and never name the required columns, so they are passed over.
    """
    required = set(required)
    for index, row in enumerate(rows):
        if index >= limit:
            break
        mapping = {}
        for position, value in enumerate(row):
            key = known.get(normalise_header(value))
            if key is not None:
                mapping[position] = key
        if required <= set(mapping.values()) and len(mapping) >= 2:
            return index, mapping
    return None


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (as a spreadsheet labels its columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
