"""Validation and masking of personal identifiers: pure, no database."""

from datetime import date

import pytest

from governance.rules.identity import (
    IdentityError,
    id_check_digit,
    mask_address,
    mask_id_number,
    mask_name,
    mask_phone,
    validate_id_number,
    validate_phone,
)

TODAY = date(2026, 6, 1)


def gb11643(first17: str) -> str:
    """The full ID number, check digit computed here independently of the module under test."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    total = sum(int(digit) * weight for digit, weight in zip(first17, weights))
    return first17 + "10X98765432"[total % 11]


def wrong_check(number: str) -> str:
    return number[:17] + next(c for c in "0123456789X" if c != number[17])


# --- ID numbers ---------------------------------------------------------------------------------------


def test_well_known_sample_id_number_is_valid():
    assert validate_id_number("11010519491231002X", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize("first17", ["11010519491231002", "23010219800229123", "44030420000101456", "51010720251231789"])
def test_id_numbers_with_computed_check_digit_are_valid(first17):
    number = gb11643(first17)
    assert validate_id_number(number, today=TODAY) == number
    assert id_check_digit(first17) == number[17]


def test_lowercase_x_is_normalised_to_upper_case():
    assert validate_id_number("11010519491231002x", today=TODAY) == "11010519491231002X"


def test_full_width_digits_and_spaces_are_normalised():
    assert validate_id_number("１１０１０５ １９４９１２３１ ００２ｘ", today=TODAY) == "11010519491231002X"
    assert validate_id_number(" 11010519491231002X\u3000", today=TODAY) == "11010519491231002X"


@pytest.mark.parametrize("value", ["", "   ", None])
def test_empty_id_number_is_rejected(value):
    with pytest.raises(IdentityError, match="^身份证号不能为空$"):
        validate_id_number(value, today=TODAY)


@pytest.mark.parametrize("value", ["110105491231002", "11010519491231002X1", "1101051949123100"])
def test_id_number_of_wrong_length_is_rejected(value):
    with pytest.raises(IdentityError, match="^身份证号应为18位$"):
        validate_id_number(value, today=TODAY)


@pytest.mark.parametrize("value", ["11010519491231002Y", "1101051949123100X2", "1101051949１231002A"])
def test_id_number_with_letters_is_rejected(value):
    with pytest.raises(IdentityError, match="只能由数字组成"):
        validate_id_number(value, today=TODAY)


@pytest.mark.parametrize("birth", ["19491331", "19490230", "20230229", "18991231", "00000000"])
def test_id_number_with_impossible_birth_date_is_rejected(birth):
    number = gb11643(f"110105{birth}002")
    with pytest.raises(IdentityError, match="^身份证号中的出生日期无效$"):
        validate_id_number(number, today=TODAY)


def test_id_number_born_after_today_is_rejected():
    number = gb11643("11010520260602002")
    with pytest.raises(IdentityError, match="^身份证号中的出生日期不能晚于今天$"):
        validate_id_number(number, today=TODAY)


def test_id_number_born_today_is_valid():
    number = gb11643("11010520260601002")
    assert validate_id_number(number, today=TODAY) == number


def test_id_number_leap_day_birth_is_valid():
    number = gb11643("11010520000229002")
    assert validate_id_number(number, today=TODAY) == number


@pytest.mark.parametrize("number", ["11010519491231002X", gb11643("23010219800229123")])
def test_id_number_with_wrong_check_digit_is_rejected(number):
    with pytest.raises(IdentityError, match="^身份证号校验位不正确$"):
        validate_id_number(wrong_check(number), today=TODAY)


def test_identity_error_is_a_value_error():
    assert issubclass(IdentityError, ValueError)


def test_validate_id_number_defaults_today_to_the_clock():
    assert validate_id_number("11010519491231002X") == "11010519491231002X"


def test_check_digit_helper_rejects_bad_input():
    with pytest.raises(ValueError):
        id_check_digit("1101051949123100")


# --- phone numbers ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("13812341234", "13812341234"),
        ("19912341234", "19912341234"),
        ("138 1234 1234", "13812341234"),
        ("138-1234-1234", "13812341234"),
        ("１３８１２３４１２３４", "13812341234"),
        ("+86 138 1234 1234", "13812341234"),
        ("0086-13812341234", "13812341234"),
    ],
)
def test_mobile_numbers_are_normalised(value, normalised):
    assert validate_phone(value) == normalised


@pytest.mark.parametrize(
    ("value", "normalised"),
    [
        ("0451-12345678", "0451-12345678"),
        ("010-1234567", "010-1234567"),
        ("0000-1234567", "0000-1234567"),
        ("045112345678", "0451-12345678"),
        ("0101234567", "010-1234567"),
        ("02012345678", "020-12345678"),
        ("(0451)12345678", "0451-12345678"),
        ("０４５１－１２３４５６７８", "0451-12345678"),
        ("0451—12345678", "0451-12345678"),
        ("0451-12345678-123", "0451-12345678-123"),
        ("0451 12345678转123", "0451-12345678-123"),
    ],
)
def test_landline_numbers_are_normalised_with_area_code_hyphen(value, normalised):
    assert validate_phone(value) == normalised


@pytest.mark.parametrize("value", ["", "  ", None])
def test_empty_phone_is_rejected(value):
    with pytest.raises(IdentityError, match="^电话号码不能为空$"):
        validate_phone(value)


@pytest.mark.parametrize("value", ["12812341234", "1381234123", "138123412345", "+86 0451 1234567"])
def test_bad_mobile_is_rejected(value):
    with pytest.raises(IdentityError, match="手机号码应为1开头的11位数字"):
        validate_phone(value)


@pytest.mark.parametrize("value", ["0451-123456", "0451-123456789", "04512345", "04-12345678"])
def test_bad_landline_is_rejected(value):
    with pytest.raises(IdentityError, match="固定电话应为区号加7-8位号码"):
        validate_phone(value)


@pytest.mark.parametrize("value", ["abc", "138a1234123", "0451-1234567-", "0451--1234567"])
def test_phone_with_other_characters_is_rejected(value):
    with pytest.raises(IdentityError, match="电话号码只能包含数字和连字符"):
        validate_phone(value)


def test_phone_without_area_code_is_rejected():
    with pytest.raises(IdentityError, match="固定电话应加以0开头的区号"):
        validate_phone("82345678")


# --- masks --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812341234", "138****1234"),
        ("+86 138 1234 1234", "138****1234"),
        ("0451-12345678", "0451-****5678"),
        ("010-1234567", "010-****567"),
        ("0451-12345678-123", "0451-****5678"),
        ("", ""),
        (None, ""),
    ],
)
def test_phone_mask(value, masked):
    assert mask_phone(value) == masked


def test_phone_mask_of_unparseable_value_shows_at_most_two_characters():
    assert mask_phone("12812341234") == "*********34"
    assert mask_phone("abc") == "***"


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("11010519491231002X", "110105********002X"),
        ("11010519491231002x", "110105********002X"),
        ("110105194912311234", "110105********1234"),
        ("110105491231002", "110105*****1002"),
        ("12345", "*****"),
        ("", ""),
        (None, ""),
    ],
)
def test_id_number_mask_keeps_first_six_and_last_four(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张某"),
        ("张", "张某"),
        (" 李 四 ", "李某"),
        ("欧阳修", "欧阳某"),
        ("司马光", "司马某"),
        ("诸葛亮", "诸葛某"),
        ("上官婉儿", "上官某"),
        ("令狐冲", "令狐某"),
        ("欧阳", "欧某"),  # two characters: surname 欧, given name 阳
        ("阿依古丽·买买提", "阿某"),
        ("", ""),
        ("   ", ""),
        (None, ""),
    ],
)
def test_name_mask_keeps_the_surname(value, masked):
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("黑龙江省哈尔滨市道里区新农镇长岭村三组15号", "黑龙江省哈尔滨市道里区新农镇长岭村"),
        ("江苏省南京市鼓楼区宁海路街道山西路社区8栋", "江苏省南京市鼓楼区宁海路街道山西路社区"),
        ("福建省厦门市同安区五显镇西坑村", "福建省厦门市同安区五显镇西坑村"),
        ("江苏省镇江市丹徒区上党镇五塘村", "江苏省镇江市丹徒区上党镇五塘村"),
        ("湖南省湘乡市东郊乡韶峰村村委会", "湖南省湘乡市东郊乡韶峰村"),
        ("新农镇人民路5号", "新农镇"),
        ("长岭村三组", "长岭村"),
    ],
)
def test_address_mask_keeps_village_or_township_level(value, masked):
    assert mask_address(value) == masked


@pytest.mark.parametrize(
    "value",
    ["哈尔滨市道里区", "幸福小区3号楼2单元(靠近李村)", "人民路5号", "", None],
)
def test_address_mask_hides_everything_when_unsure(value):
    assert mask_address(value) == ""
