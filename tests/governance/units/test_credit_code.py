"""The unified social credit code check (governance.rules.credit_code): pure, table tests."""

import pytest

from governance.rules.credit_code import CreditCodeError, check_character, make_credit_code, validate_credit_code


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110000802100433B"])
def test_published_codes_pass(code):
    assert validate_credit_code(code) == code


def test_input_is_normalised():
    assert validate_credit_code(" 91350100m000100y43 ") == "91350100M000100Y43"
    assert validate_credit_code("９１３５０１００Ｍ０００１００Ｙ４３") == "91350100M000100Y43"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("9135010", "应为18位，现为7位"),
        ("91350100M000100Y431", "应为18位，现为19位"),
        ("91350100M0001O0Y43", "不允许的字符：O"),
        ("913501I0M000100Y43", "不允许的字符：I"),
        ("9135A100M000100Y43", "行政区划代码"),
        ("01350100M000100Y43", "格式不正确"),
        ("91350100M000100Y44", "校验位不正确"),
    ],
)
def test_bad_codes_are_refused_in_chinese(code, message):
    with pytest.raises(CreditCodeError, match=message):
        validate_credit_code(code)


def test_made_codes_pass_and_the_check_character_is_in_the_alphabet():
    code = make_credit_code("12230602000012345")
    assert validate_credit_code(code) == code
    assert check_character("91350100M000100Y4") == "3"
