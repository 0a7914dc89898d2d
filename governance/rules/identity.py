"""Personal identifiers: validation of ID and phone numbers, and masks for display.

Pure functions: no ORM, no clock (``validate_id_number`` takes ``today``). Validation errors carry a
Chinese message meant for the person who typed the value. Masks never raise: they are applied to stored
data whatever its shape, and when in doubt they hide more (domain.md, "Personal information").
"""

from __future__ import annotations

import re
from datetime import date
from typing import Final

ID_WEIGHTS: Final = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS: Final = "10X98765432"

# Born before 1900 would be older than anyone alive; such a "birth date" is a typing error.
_EARLIEST_BIRTH_YEAR: Final = 1900

# Full-width digits and letters (typed with a Chinese input method) and the dashes people paste.
_NORMALISE: Final = str.maketrans(
    {chr(0xFF10 + i): str(i) for i in range(10)}
    | {"Ｘ": "X", "ｘ": "X", "x": "X", "＋": "+", "－": "-", "‐": "-", "‑": "-", "–": "-", "—": "-", "―": "-"}
)

_ID_SHAPE: Final = re.compile(r"[0-9]{17}[0-9X]")
_MOBILE: Final = re.compile(r"1[3-9][0-9]{9}")
# Area code (0 + 2-3 digits), optional hyphen, 7-8 digit number, optional "-extension".
_LANDLINE: Final = re.compile(r"(0[0-9]{2,3})-([0-9]{7,8})(?:-([0-9]{1,6}))?")
_LANDLINE_RUN: Final = re.compile(r"(0[0-9]{9,11})(?:-([0-9]{1,6}))?")

COMPOUND_SURNAMES: Final = frozenset(
    {
        "欧阳",
        "司马",
        "诸葛",
        "上官",
        "东方",
        "皇甫",
        "尉迟",
        "公孙",
        "慕容",
        "长孙",
        "令狐",
        "夏侯",
        "司徒",
        "司空",
        "宇文",
        "独孤",
        "端木",
        "澹台",
        "南宫",
        "闻人",
        "呼延",
        "轩辕",
        "万俟",
        "西门",
    }
)


class IdentityError(ValueError):
    """An ID or phone number that fails validation; the message is for the user, in Chinese."""


def _normalise(value: str) -> str:
    # Drops every whitespace character (including the ideographic space U+3000) and folds full-width
    # forms, so "１１０１０５ １９４９…ｘ" and a value pasted with spaces both validate.
    return "".join(value.split()).translate(_NORMALISE)


def id_check_digit(first17: str) -> str:
    """The GB 11643 check character for the first 17 digits of a resident ID number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError(f"need exactly 17 ASCII digits, got {first17!r}")
    return ID_CHECK_CHARS[sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS)) % 11]


def validate_id_number(value: str, *, today: date | None = None) -> str:
    """The normalised 18-character resident ID number, or IdentityError (GB 11643)."""
    if value is None:
        raise IdentityError("身份证号不能为空")
    if not isinstance(value, str):
        raise TypeError(f"expected a str, got {type(value).__name__}")
    number = _normalise(value)
    if not number:
        raise IdentityError("身份证号不能为空")
    if len(number) != 18:
        raise IdentityError("身份证号应为18位")
    if not _ID_SHAPE.fullmatch(number):
        raise IdentityError("身份证号只能由数字组成，最后一位可以是X")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentityError("身份证号中的出生日期无效") from None
    if birth.year < _EARLIEST_BIRTH_YEAR:
        raise IdentityError("身份证号中的出生日期无效")
    if birth > (today or date.today()):
        raise IdentityError("身份证号中的出生日期不能晚于今天")
    if id_check_digit(number[:17]) != number[17]:
        raise IdentityError("身份证号校验位不正确")
    return number


def validate_phone(value: str) -> str:
    """The normalised mainland mobile (11 digits) or landline ("0451-12345678[-123]"), or IdentityError.

    Accepted: full-width digits, spaces and dashes of any kind; "+86"/"0086" before a mobile; a landline
    with or without the hyphen after its area code; "转" before an extension. A landline without the
    hyphen is split by the national numbering plan (010 and 020–029 are three-digit area codes, all
    others four).
    """
    if value is None:
        raise IdentityError("电话号码不能为空")
    if not isinstance(value, str):
        raise TypeError(f"expected a str, got {type(value).__name__}")
    phone = _normalise(value).replace("转", "-").replace("(", "").replace(")", "")
    phone = phone.replace("（", "").replace("）", "")
    if not phone:
        raise IdentityError("电话号码不能为空")
    if phone.startswith(("+86", "0086")):
        phone = phone.removeprefix("+").removeprefix("00").removeprefix("86").lstrip("-")
        if not phone.startswith("1"):
            raise IdentityError("手机号码应为1开头的11位数字，如13812341234")
    if not re.fullmatch(r"[0-9]+(?:-[0-9]+)*", phone):
        raise IdentityError("电话号码只能包含数字和连字符")
    if phone.startswith("1"):
        mobile = phone.replace("-", "")
        if not _MOBILE.fullmatch(mobile):
            raise IdentityError("手机号码应为1开头的11位数字，如13812341234")
        return mobile
    if phone.startswith("0"):
        return _landline(phone)
    raise IdentityError("电话号码格式不正确：手机号应以1开头，固定电话应加以0开头的区号")


def _landline(phone: str) -> str:
    if match := _LANDLINE.fullmatch(phone):
        area, number, extension = match.groups()
    elif match := _LANDLINE_RUN.fullmatch(phone):
        run, extension = match.groups()
        split = 3 if run.startswith(("01", "02")) else 4
        area, number = run[:split], run[split:]
        if not 7 <= len(number) <= 8:
            raise IdentityError("固定电话应为区号加7-8位号码，如0451-12345678")
    else:
        raise IdentityError("固定电话应为区号加7-8位号码，如0451-12345678")
    return f"{area}-{number}" + (f"-{extension}" if extension else "")


def mask_phone(value: str | None) -> str:
    """The phone number masked: mobile 138****1234, landline 0451-****5678 or 010-****567."""
    if not value:
        return ""
    try:
        phone = validate_phone(value)
    except (IdentityError, TypeError):
        return _mask_unknown(str(value))
    if "-" not in phone:
        return f"{phone[:3]}****{phone[-4:]}"
    area, number = phone.split("-")[:2]
    keep = 4 if len(number) == 8 else 3
    return f"{area}-{'*' * (len(number) - keep)}{number[-keep:]}"


def _mask_unknown(value: str) -> str:
    # Not a phone number we understand: show at most its last two characters.
    text = "".join(value.split())
    if len(text) <= 4:
        return "*" * len(text)
    return "*" * (len(text) - 2) + text[-2:]


def mask_id_number(value: str | None) -> str:
    """The ID number masked to its first 6 and last 4 characters: 110105********1234."""
    if not value:
        return ""
    number = _normalise(str(value))
    if len(number) <= 10:
        return "*" * len(number)
    return f"{number[:6]}{'*' * (len(number) - 10)}{number[-4:]}"


def mask_name(value: str | None) -> str:
    """The surname followed by 某 (张三 → 张某, 欧阳修 → 欧阳某)."""
    if not value:
        return ""
    name = "".join(str(value).split())
    if not name:
        return ""
    # A two-character name that looks compound ("欧阳") is more likely surname 欧 + given name 阳.
    if len(name) > 2 and name[:2] in COMPOUND_SURNAMES:
        return f"{name[:2]}某"
    return f"{name[0]}某"


# Address levels below the county: township (乡/镇/街道/苏木), then village (村/社区/居委会/嘎查).
_TOWNSHIP: Final = re.compile(r"街道|镇|乡|苏木")
_VILLAGE: Final = re.compile(r"村民委员会|村委会|居民委员会|居委会|社区|嘎查|村")
# Anything that points below the village: numbers, groups, buildings, rooms. Words that also occur in
# place names (楼 in 鼓楼区, 门 in 厦门市, 屯 in 屯昌县) are left out; a door number has digits or 号.
_BELOW_VILLAGE: Final = re.compile(r"[0-9０-９]|组|号|栋|幢|单元|室")


def mask_address(value: str | None) -> str:
    """The address cut after its village (or, failing that, its township) level, or "" if unsure.

    The choice: staff without the reveal right see which village or community a matter comes from (they
    need that to route it), never the group, street number, building or door. The cut is found by the
    first township word (街道/镇/乡/苏木) and the first village word after it (村/社区/居委会/嘎查);
    with no township word, the first village word. If nothing is found, or the kept part still holds a
    digit or a word below the village (组/号/楼/单元/室…), the result is "": hiding everything is the
    safe failure.
    """
    if not value:
        return ""
    address = "".join(str(value).split())
    township = _TOWNSHIP.search(address)
    village = _VILLAGE.search(address, township.end() if township else 0)
    if village:
        kept = address[: village.end()]
    elif township:
        kept = address[: township.end()]
    else:
        return ""
    if _BELOW_VILLAGE.search(kept):
        return ""
    return kept
