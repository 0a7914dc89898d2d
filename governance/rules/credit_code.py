"""The unified social credit code (统一社会信用代码, GB 32100-2015) of a unit: its check. Pure.

18 characters from a 31-character alphabet (digits and capital letters without I, O, S, V, Z):
the registering authority (1), the kind of organisation (1), the administrative division (6
digits), the organisation code (9) and a check character computed over the first 17 with the
weights 3^i mod 31. Errors carry a Chinese message for the person who typed the code.
"""

from __future__ import annotations

import re
from typing import Final

ALPHABET: Final = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS: Final = tuple(pow(3, i, 31) for i in range(17))
_SHAPE: Final = re.compile(rf"[1-9A-HJ-NP-RTUWXY][1-9A-HJ-NP-RTUWXY][0-9]{{6}}[{ALPHABET}]{{10}}")
# Full-width digits and letters typed with a Chinese input method, folded to ASCII.
_FULL_WIDTH: Final = str.maketrans({chr(0xFF10 + i): str(i) for i in range(10)} | {chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})


class CreditCodeError(ValueError):
    """A code that fails the check; the message is for the user, in Chinese."""


def check_character(first17: str) -> str:
    """The check character of the first 17 characters (which must be in the alphabet)."""
    total = sum(ALPHABET.index(char) * weight for char, weight in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def validate_credit_code(value: str) -> str:
    """The normalised code (upper case, no spaces), or CreditCodeError."""
    code = "".join((value or "").split()).translate(_FULL_WIDTH).upper()
    if len(code) != 18:
        raise CreditCodeError(f"统一社会信用代码应为18位，现为{len(code)}位。")
    wrong = sorted({char for char in code if char not in ALPHABET})
    if wrong:
        raise CreditCodeError(f"统一社会信用代码含有不允许的字符：{'、'.join(wrong)}（不使用字母I、O、S、V、Z）。")
    if not _SHAPE.fullmatch(code):
        raise CreditCodeError("统一社会信用代码格式不正确：第1、2位为登记管理部门和机构类别代码，第3至8位为行政区划代码（数字）。")
    expected = check_character(code[:17])
    if code[17] != expected:
        raise CreditCodeError("统一社会信用代码校验位不正确，请核对后重新输入。")
    return code


def make_credit_code(first17: str) -> str:
    """A valid code from its first 17 characters (demo data and tests)."""
    return first17 + check_character(first17)
