"""governance.ledgers.importing: every bad input gives a Chinese problem with its row and column, and
a file with any problem imports nothing (checked through the whole upload → confirm path)."""

import re

import pytest

from governance.ledgers import pipeline
from governance.ledgers.importing import plan_import
from governance.ledgers.models import ImportJob, ImportStatus
from governance.ledgers.registers import DISPUTES, PETITIONS
from governance.models import Case, CaseEvent, Party
from tests.factories import BAD_CHECK_DIGIT_ID_NUMBER, VALID_ID_NUMBER
from tests.governance.ledgers.conftest import DISPUTE_HEADER, csv_bytes, good_row, upload, xls_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db


def plan_of(center, rows, register=DISPUTES, title="示范镇矛盾纠纷排查调处登记台账", **kwargs):
    return plan_import(xlsx_bytes(rows, title=title), "台账.xlsx", register, center, **kwargs)


def problems(plan):
    return [(p.line, p.column, p.message) for p in plan.problems]


def test_a_good_sheet_with_a_merged_title_and_mixed_date_forms_plans_every_row(ledger_center):
    rows = [
        DISPUTE_HEADER,
        good_row(1, 登记日期="2026-03-05"),
        good_row(2, 登记日期="2026/3/6"),
        good_row(3, 登记日期="2026.3.7"),
        good_row(4, 登记日期="2026年3月8日"),
        good_row(5, 登记日期=46089),  # Excel serial of 2026-03-08
        good_row(6, 登记日期="２０２６年３月９日", 联系电话="１３８００１３８０００"),
        [None] * len(DISPUTE_HEADER),
        [None] * len(DISPUTE_HEADER),
    ]

    plan = plan_of(ledger_center, rows)

    assert problems(plan) == []
    assert plan.header_line == 2
    assert len(plan.cases) == 6
    assert [c.received_on.day for c in plan.cases] == [5, 6, 7, 8, 8, 9]
    assert plan.cases[5].parties[0].phone == "13800138000"


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"登记日期": "3月5日"}, "B列“登记日期”", "无法识别的日期“3月5日”，请使用 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日 等格式。"),
        ({"登记日期": "2026-13-01"}, "B列“登记日期”", "日期“2026-13-01”不存在。"),
        ({"登记日期": "2026年2月30日"}, "B列“登记日期”", "日期“2026年2月30日”不存在。"),
        ({"登记日期": "2027-01-01"}, "B列“登记日期”", "日期 2027-01-01 晚于今天。"),
        ({"登记日期": None}, "B列“登记日期”", "不能为空。"),
        ({"身份证号": BAD_CHECK_DIGIT_ID_NUMBER}, "F列“身份证号”", "身份证号校验位不正确"),
        ({"身份证号": "11010519491231"}, "F列“身份证号”", "身份证号应为18位"),
        ({"身份证号": 110105194912310020}, "F列“身份证号”", "身份证号被 Excel 存成了数字，后几位已经丢失：请把该列设为“文本”格式后重新填写。"),
        ({"联系电话": "1380013800"}, "E列“联系电话”", "第 1 位当事人：手机号码应为1开头的11位数字，如13812341234"),
        ({"联系电话": "138****8000"}, "E列“联系电话”", "这是脱敏后的数据（含“*”），无法导入：请用可以查看完整个人信息的账号导出后再导入。"),
        (
            {"联系电话": "13800138000、13900139000、13700137000"},
            "E列“联系电话”",
            "填写了 3 个值，但只有 2 位当事人：多位当事人请按同样顺序用“、”分隔。",
        ),
        ({"类别": "外星人纠纷"}, "G列“类别”", "未知的类别“外星人纠纷”。可选："),
        ({"来源": "飞鸽传书"}, "C列“来源”", "未知的来源“飞鸽传书”。可选："),
        ({"责任单位": "水利站"}, "I列“责任单位”", "本中心没有名为“水利站”的部门。本中心的部门有：综治办、派出所、甲镇卫生院。"),
        ({"简要情况": ""}, "H列“简要情况”", "不能为空。"),
        ({"当事人": ""}, "D列“当事人”", "不能为空。"),
        ({"是否化解": "也许"}, "K列“是否化解”", "“也许”无法识别：请填写“是”或“否”。"),
        ({"办结日期": "2026-03-01"}, "J列“办结日期”", "办结日期 2026-03-01 早于登记日期 2026-03-05。"),
        ({"办结日期": None}, "K列“是否化解”", "是否化解为“是”，但没有办结日期。"),
        ({"回访情况": "还行吧"}, "L列“回访情况”", "无法识别的回访情况“还行吧”"),
    ],
)
def test_each_bad_cell_is_reported_with_row_column_and_a_chinese_reason(ledger_center, change, column, message):
    plan = plan_of(ledger_center, [DISPUTE_HEADER, good_row(1), good_row(2, **change)])

    found = [(line, col, text) for line, col, text in problems(plan) if col == column]
    assert found, problems(plan)
    line, _col, text = found[0]
    assert line == 4  # title row, header row, first good row, then this one
    assert message in text
    assert [c.line for c in plan.cases] == [3]


def test_full_width_digits_in_id_and_phone_numbers_are_accepted(ledger_center):
    full_width_id = VALID_ID_NUMBER.translate({ord(str(i)): chr(0xFF10 + i) for i in range(10)})
    plan = plan_of(ledger_center, [DISPUTE_HEADER, good_row(1, 身份证号=full_width_id, 联系电话="１３８ ００１３ ８０００")])

    assert problems(plan) == []
    assert plan.cases[0].parties[0].id_number == VALID_ID_NUMBER
    assert plan.cases[0].parties[0].phone == "13800138000"


def test_category_and_department_names_map_to_the_reference_data_loosely(ledger_center, reference):
    plan = plan_of(ledger_center, [DISPUTE_HEADER, good_row(1, 类别="邻里", 责任单位="甲镇派出所、综治办")])

    assert problems(plan) == []
    case = plan.cases[0]
    assert case.category_id == reference.pk("category", "neighbour")
    assert case.lead_department_id == ledger_center.departments.get(name="派出所").pk
    assert case.cooperating_ids == [ledger_center.departments.get(name="综治办").pk]


def test_a_sheet_without_a_header_row_is_refused_as_a_whole(ledger_center):
    plan = plan_of(ledger_center, [["姓名", "年龄"], ["张三", 30]])

    assert problems(plan) == [
        (0, "", "未找到表头行：前 3 行中没有包含“登记日期、当事人、类别、简要情况”等列名的行。请确认上传的是矛盾纠纷排查调处登记台账。")
    ]


def test_a_missing_required_column_means_no_header_is_found(ledger_center):
    header = [h for h in DISPUTE_HEADER if h != "类别"]
    row = good_row(1)
    del row[DISPUTE_HEADER.index("类别")]

    plan = plan_of(ledger_center, [header, row])

    assert plan.problems and plan.problems[0].line == 0 and "类别" in plan.problems[0].message


def test_a_header_with_only_title_and_no_data_rows(ledger_center):
    plan = plan_of(ledger_center, [DISPUTE_HEADER, [None] * 12, ["填表人：张某"]])

    assert problems(plan) == [(0, "", "表头下面没有数据行。")]


def test_the_same_column_twice_is_refused(ledger_center):
    plan = plan_of(ledger_center, [[*DISPUTE_HEADER, "登记日期"], [*good_row(1), "2026-03-06"]])

    assert problems(plan) == [(2, "", "列名“登记日期”出现了不止一次（B、M列）。")]


def test_footer_signature_lines_and_ignored_columns_are_noted_not_errors(ledger_center):
    plan = plan_of(ledger_center, [[*DISPUTE_HEADER, "备注栏"], [*good_row(1), "x"], ["填表人：张某", None, "审核人：李某"]])

    assert problems(plan) == []
    assert "以下列不属于矛盾纠纷排查调处登记台账，导入时忽略：备注栏。" in plan.notes
    assert "第 4 行是表尾说明（如“填表人”），已忽略。" in plan.notes


def test_the_same_code_twice_in_a_file_is_refused(ledger_center):
    header = [*DISPUTE_HEADER, "编号"]
    code = "甲镇综治〔2026〕0007号"
    plan = plan_of(ledger_center, [header, [*good_row(1), code], [*good_row(2), code]])

    assert problems(plan) == [(4, "M列“编号”", "编号“甲镇综治〔2026〕0007号”与第 3 行（序号 1）重复。")]


def test_the_same_row_twice_without_codes_is_refused(ledger_center):
    plan = plan_of(ledger_center, [DISPUTE_HEADER, good_row(1), good_row(1)])

    assert problems(plan) == [(4, "", "与第 3 行（序号 1）内容相同（登记日期、当事人、类别和简要情况都一样）。")]


def test_a_duplicate_in_a_sheet_without_serial_numbers_names_the_excel_row(ledger_center):
    header = DISPUTE_HEADER[1:]
    plan = plan_of(ledger_center, [header, good_row(1)[1:], good_row(1)[1:]])

    assert problems(plan) == [(4, "", "与第 3 行内容相同（登记日期、当事人、类别和简要情况都一样）。")]


def test_a_code_of_another_center_is_refused(ledger_center):
    plan = plan_of(ledger_center, [[*DISPUTE_HEADER, "编号"], [*good_row(1), "乙乡综治〔2026〕0001号"]])

    assert problems(plan) == [(3, "M列“编号”", "编号“乙乡综治〔2026〕0001号”属于乙乡，不能导入到本中心。")]


def test_a_row_of_another_center_in_a_county_file_is_refused(ledger_center):
    plan = plan_of(ledger_center, [[*DISPUTE_HEADER, "中心"], [*good_row(1), "乙乡综治中心"]])

    assert problems(plan) == [(3, "M列“中心”", "本行属于“乙乡综治中心”，不是本次导入的中心“甲镇综治中心”。")]


def test_a_status_that_contradicts_the_dates_is_refused(ledger_center):
    header = [*DISPUTE_HEADER, "办理状态"]
    plan = plan_of(ledger_center, [header, [*good_row(1), "办理中"], [*good_row(2, 办结日期=None, 是否化解=None, 回访情况=None), "已归档"]])

    assert problems(plan) == [
        (3, "M列“办理状态”", "办理状态为“办理中”，但填写了办结日期。"),
        (4, "M列“办理状态”", "办理状态为“已归档”，但没有办结日期。"),
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_files_in_utf8_utf8_with_bom_and_gbk_read_the_same(ledger_center, encoding):
    data = csv_bytes([["示范镇台账"], DISPUTE_HEADER, good_row(1), good_row(2)], encoding=encoding)

    plan = plan_import(data, "台账.csv", DISPUTES, ledger_center)

    assert problems(plan) == []
    assert [c.summary for c in plan.cases] == ["第1起：两户因院墙滴水发生争执。", "第2起：两户因院墙滴水发生争执。"]
    assert plan.cases[0].parties[0].name == "张1"


def test_an_xls_file_with_date_cells_reads_like_the_xlsx(ledger_center):
    from datetime import date

    data = xls_bytes([["示范镇台账"], DISPUTE_HEADER, good_row(1, 登记日期=date(2026, 3, 5))])

    plan = plan_import(data, "台账.xls", DISPUTES, ledger_center)

    assert problems(plan) == []
    assert plan.cases[0].received_on == date(2026, 3, 5)


def test_a_file_that_is_not_a_spreadsheet_is_refused(ledger_center):
    plan = plan_import(b"\x00\x01\x02 binary", "台账.xlsx", DISPUTES, ledger_center)
    assert problems(plan) == [(0, "", "无法识别文件格式：请上传 Excel（.xlsx、.xls）或 CSV 文件。")]


def test_a_broken_xlsx_is_refused(ledger_center):
    plan = plan_import(b"PK\x03\x04 not really a zip", "台账.xlsx", DISPUTES, ledger_center)
    assert plan.problems[0].message.startswith("文件无法读取，可能已损坏或不是XLSX文件")


def test_a_csv_in_an_unknown_encoding_is_refused(ledger_center):
    data = "登记日期,当事人".encode("utf-16-le")
    plan = plan_import(data, "台账.csv", DISPUTES, ledger_center)
    assert plan.problems[0].line == 0


def test_petition_register_headers_and_aliases(ledger_center):
    header = ["编号", "日期", "信访人", "人数", "证件号", "电话", "住址", "诉求", "类别", "接待人", "拟办意见", "交办单位", "办理结果", "反馈日期"]
    row = [
        "",
        "2026/4/1",
        "王五",
        3,
        VALID_ID_NUMBER,
        "0451-12345678",
        "甲村3组",
        "反映工资拖欠",
        "劳动争议",
        "李接待",
        "交综治办协调",
        "综治办",
        "已协调支付",
        "",
    ]

    plan = plan_import(xlsx_bytes([header, row]), "信访.xlsx", PETITIONS, ledger_center)

    assert problems(plan) == []
    case = plan.cases[0]
    assert (case.people_count, case.status, case.extras) == (3, "handling", {"receiver": "李接待", "proposal": "交综治办协调"})
    assert case.parties[0].phone == "0451-12345678"


# --- nothing is committed from a file with a problem -------------------------------------------------


BAD_FILES = {
    "bad date": lambda: xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 登记日期="2026-02-30")]),
    "bad id": lambda: xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 身份证号=BAD_CHECK_DIGIT_ID_NUMBER)]),
    "bad phone": lambda: xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 联系电话="12345")]),
    "unknown category": lambda: xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 类别="未知类")]),
    "unknown department": lambda: xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 责任单位="水利站")]),
    "no header": lambda: xlsx_bytes([["随便", "什么"], ["a", "b"]]),
    "gbk csv with a bad date": lambda: csv_bytes([DISPUTE_HEADER, good_row(1), good_row(2, 登记日期="昨天")], encoding="gbk"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_a_file_with_any_problem_commits_nothing(ledger_center, director, name):
    name_on_disk = "台账.csv" if "csv" in name else "台账.xlsx"
    job = pipeline.start_import(user=director, register=DISPUTES, center=ledger_center, uploaded=upload(BAD_FILES[name](), name_on_disk))
    job.refresh_from_db()

    assert job.status == ImportStatus.PREVIEWED
    assert job.preview["problem_count"] >= 1
    assert all(re.search(r"[\u4e00-\u9fff]", message) for _l, _s, _c, message in job.preview["problems"])
    assert pipeline.confirm_import(job) is False
    assert Case.objects.count() == 0 and Party.objects.count() == 0 and CaseEvent.objects.count() == 0
    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.PREVIEWED
