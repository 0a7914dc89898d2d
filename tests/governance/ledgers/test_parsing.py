"""governance.ledgers.parsing: cell values as real ledgers hold them. Pure: no database."""

from datetime import date, datetime

import pytest

from governance.ledgers import parsing
from governance.ledgers.parsing import ParseError


@pytest.mark.parametrize(
    "value",
    [
        "2026-03-05",
        "2026/3/5",
        "2026.3.5",
        "2026年3月5日",
        "2026年03月05号",
        "２０２６年３月５日",
        "２０２６－０３－０５",
        "2026-3-5 00:00:00",
        " 2026 / 3 / 5 ",
        "20260305",
        datetime(2026, 3, 5, 0, 0),
        date(2026, 3, 5),
        46086,  # the Excel serial number of 2026-03-05
        46086.0,
        46086.5,  # a serial with a time of day
        "46086",  # a CSV saved from a column that lost its date format
    ],
)
def test_every_date_form_found_in_real_sheets_reads_as_the_same_day(value):
    assert parsing.parse_date(value) == date(2026, 3, 5)


@pytest.mark.parametrize("value", [None, "", "   "])
def test_an_empty_date_cell_is_none(value):
    assert parsing.parse_date(value) is None


def test_an_unrecognised_date_says_which_forms_are_accepted_in_chinese():
    with pytest.raises(ParseError) as error:
        parsing.parse_date("三月五日")
    assert str(error.value) == "无法识别的日期“三月五日”，请使用 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日 等格式。"


def test_a_day_that_does_not_exist_is_refused():
    with pytest.raises(ParseError, match="日期“2026年2月30日”不存在"):
        parsing.parse_date("2026年2月30日")


@pytest.mark.parametrize("value", [12, "1890-01-01", "2150/1/1"])
def test_dates_outside_1949_to_2100_are_refused(value):
    with pytest.raises(ParseError, match="不在合理范围内"):
        parsing.parse_date(value)


def test_excel_serial_dates_count_from_excels_epoch():
    assert parsing.excel_serial_to_date(45658) == date(2025, 1, 1)
    assert parsing.excel_serial_to_date(36526) == date(2000, 1, 1)


@pytest.mark.parametrize(
    ("value", "expected"), [("30日", (30, "calendar")), ("７天", (7, "calendar")), ("15个工作日", (15, "working")), ("2026-03-05", None)]
)
def test_time_limits_written_as_days(value, expected):
    assert parsing.parse_duration(value) == expected


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (3.0, 3), ("３", 3), ("12人", 12), (" 5 ", 5), (None, None), ("", None)])
def test_head_counts(value, expected):
    assert parsing.parse_count(value) == expected


@pytest.mark.parametrize("value", ["0", "-2", "两人", 2.5, True])
def test_head_counts_must_be_positive_whole_numbers(value):
    with pytest.raises(ParseError, match="不是有效的人数"):
        parsing.parse_count(value)


@pytest.mark.parametrize(("value", "expected"), [("是", True), ("否", False), ("已化解", True), ("Y", True), ("×", False), ("", None)])
def test_yes_and_no(value, expected):
    assert parsing.parse_yes_no(value) is expected


def test_yes_no_refuses_other_words():
    with pytest.raises(ParseError, match="请填写“是”或“否”"):
        parsing.parse_yes_no("不确定")


def test_full_width_digits_and_letters_fold_but_chinese_punctuation_stays():
    assert parsing.fold_width("１３８００１３８０００") == "13800138000"
    assert parsing.fold_width("ＡＢｃ") == "ABc"
    assert parsing.fold_width("双方，同意。") == "双方，同意。"


def test_cell_text_trims_and_writes_whole_numbers_without_decimals():
    assert parsing.cell_text(13800138000.0) == "13800138000"
    assert parsing.cell_text("  院墙滴水 ") == "院墙滴水"
    assert parsing.cell_text(None) == ""
    assert parsing.cell_text(datetime(2026, 3, 5)) == "2026-03-05"


@pytest.mark.parametrize("text", ["=SUM(A1:A2)", "+86 138", "-1", "@cmd", "\tx"])
def test_formula_like_text_is_escaped_and_read_back_unchanged(text):
    escaped = parsing.escape_formula(text)
    assert escaped == "'" + text
    assert parsing.unescape_formula(escaped) == text


def test_ordinary_text_is_not_escaped():
    assert parsing.escape_formula("张三") == "张三"
    assert parsing.unescape_formula("'张三") == "'张三"


def test_several_parties_split_and_keep_their_places():
    assert parsing.split_list("张三、李四") == ["张三", "李四"]
    assert parsing.split_list("张三，李四;王五") == ["张三", "李四", "王五"]
    assert parsing.split_list("、13900139000") == ["", "13900139000"]
    assert parsing.split_list("甲村3组，5号；乙村", addresses=True) == ["甲村3组，5号", "乙村"]


def test_headers_compare_loosely():
    assert parsing.normalise_header(" 登记\n日期* ") == "登记日期"
    assert parsing.normalise_header("所属村(社区)") == "所属村（社区）"


KNOWN = {"登记日期": "received_on", "当事人": "party_names", "类别": "category", "简要情况": "summary"}


def test_the_header_row_is_found_below_merged_title_rows():
    rows = [
        ("示范镇矛盾纠纷排查调处登记台账", None, None, None),
        ("填报单位：示范镇综治中心", None, None, "2026年3月"),
        (None, None, None, None),
        ("登记日期", "当事人", "类别", "简要情况"),
        ("2026-03-05", "张三", "邻里纠纷", "院墙滴水"),
    ]
    index, mapping = parsing.find_header_row(rows, KNOWN, {"received_on", "summary"})
    assert index == 3
    assert mapping == {0: "received_on", 1: "party_names", 2: "category", 3: "summary"}


def test_no_header_row_gives_none():
    rows = [("姓名", "年龄"), ("张三", 30)]
    assert parsing.find_header_row(rows, KNOWN, {"received_on"}) is None


def test_footer_and_blank_rows_are_recognised():
    assert parsing.is_footer_row(("填表人：张某", None, "审核人：李某"))
    assert parsing.is_footer_row(("合计", 12))
    assert not parsing.is_footer_row(("2026-03-05", "张三"))
    assert parsing.is_blank_row((None, "", "  "))
    assert not parsing.is_blank_row((None, "x"))


def test_column_letters():
    assert [parsing.column_letter(i) for i in (0, 25, 26, 27)] == ["A", "Z", "AA", "AB"]
