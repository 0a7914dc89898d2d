"""The value families of real ledgers (issue 16): periods in words and digits, placeholders that mean
"none", full-width digits and spaces, and an outcome named in 调处结果. Each family is read the same
in every column it can appear in, and none of them is a problem."""

from datetime import date

import pytest

from governance.ledgers import parsing
from governance.ledgers.importing import plan_import
from governance.ledgers.registers import DISPUTES
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [*DISPUTE_HEADER, "时限", "调处结果"]


def row(n=1, 时限=None, 调处结果="", **changes):
    return [*good_row(n, **changes), 时限, 调处结果]


def plan_of(center, *rows):
    return plan_import(xlsx_bytes([HEADER, *rows], title="示范镇矛盾纠纷排查调处登记台账"), "台账.xlsx", DISPUTES, center)


def problems(plan):
    return [(p.line, p.column, p.message) for p in plan.problems]


# --- periods -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "amount", "unit"),
    [
        ("1个月", 1, "month"),
        ("两个月", 2, "month"),
        ("三个月", 3, "month"),
        ("半个月", 15, "calendar"),
        ("30天", 30, "calendar"),
        ("45日", 45, "calendar"),
        ("四十五日", 45, "calendar"),
        ("15个工作日", 15, "working"),
        ("十五个工作日", 15, "working"),
        ("一周", 7, "calendar"),
        ("两周", 14, "calendar"),
        ("限30日内", 30, "calendar"),
        ("３０　日", 30, "calendar"),
        ("２个月", 2, "month"),
    ],
)
def test_periods_in_words_and_digits_read_as_an_amount_and_a_unit(cell, amount, unit):
    assert parsing.parse_duration(cell) == (amount, unit)


@pytest.mark.parametrize("cell", ["3月", "一个半月", "很久", "30", "2026-03-05", "百日"])
def test_a_month_name_or_other_text_is_not_a_period(cell):
    assert parsing.parse_duration(cell) is None


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("1个月", date(2026, 4, 7)),  # 04-05 is in the Qingming holiday
        ("两个月", date(2026, 5, 6)),  # 05-05 is in the Labour Day holiday
        ("半个月", date(2026, 3, 20)),
        ("30天", date(2026, 4, 7)),
        ("45日", date(2026, 4, 20)),  # 04-19 is a Sunday
        ("15个工作日", date(2026, 3, 26)),
        ("一周", date(2026, 3, 12)),
        ("３０　日", date(2026, 4, 7)),
        ("2026-04-01", date(2026, 4, 1)),
    ],
)
def test_a_time_limit_is_counted_from_the_date_received_by_the_period_function(ledger_center, cell, due):
    plan = plan_of(ledger_center, row(1, 时限=cell))  # received 2026-03-05

    assert problems(plan) == []
    assert plan.cases[0].due_date == due


def test_an_unreadable_time_limit_names_months_among_the_forms(ledger_center):
    plan = plan_of(ledger_center, row(1, 时限="尽快"))

    assert [m for _l, _c, m in problems(plan)] == ["无法识别的时限“尽快”：请填写日期（如 2026-03-05）或期限（如 30日、15个工作日、1个月、一周）。"]


# --- placeholders meaning none -------------------------------------------------------------------

PLACEHOLDERS = ["未回访", "待回访", "暂无", "无", "空", "—", "-", "/", "／", "不详", " — ", "——"]


@pytest.mark.parametrize("cell", PLACEHOLDERS)
def test_a_placeholder_follow_up_is_an_empty_cell_not_a_result_to_invent(ledger_center, cell):
    plan = plan_of(ledger_center, row(1, 回访情况=cell))

    assert problems(plan) == []
    assert plan.cases[0].follow_up is None
    assert plan.cases[0].status == "resolved"


@pytest.mark.parametrize("cell", PLACEHOLDERS)
def test_placeholders_in_dates_flags_departments_and_limits_leave_an_open_case(ledger_center, cell):
    plan = plan_of(ledger_center, row(1, 办结日期=cell, 是否化解=cell, 回访情况=cell, 时限=cell, 调处结果=cell))

    assert problems(plan) == []
    case = plan.cases[0]
    assert (case.resolved_on, case.outcome_id, case.due_date, case.outcome_note) == (None, None, None, "")
    assert case.status == "handling"


def test_a_placeholder_for_one_party_keeps_the_others_aligned(ledger_center):
    plan = plan_of(ledger_center, row(1, 联系电话="无、13900139000", 责任单位="综治办、/"))

    assert problems(plan) == []
    phones = [p.phone for p in plan.cases[0].parties]
    assert phones == ["", "13900139000"]
    assert plan.cases[0].cooperating_ids == []


def test_a_placeholder_in_a_required_cell_is_an_empty_required_cell(ledger_center):
    plan = plan_of(ledger_center, row(1, 简要情况="无"))

    assert [(c, m) for _l, c, m in problems(plan)] == [("H列“简要情况”", "不能为空。")]


# --- full-width digits and spaces ----------------------------------------------------------------


def test_full_width_digits_and_spaces_read_as_their_ascii_forms(ledger_center, reference):
    plan = plan_of(
        ledger_center,
        row(
            1,
            登记日期="２０２６－０３－０５",
            办结日期="　２０２６年３月２０日　",
            类别="邻里　纠纷",
            是否化解="　是　",
            时限="１个月",
            责任单位="　综治办　",
        ),
    )

    assert problems(plan) == []
    case = plan.cases[0]
    assert (case.received_on, case.resolved_on, case.due_date) == (date(2026, 3, 5), date(2026, 3, 20), date(2026, 4, 7))
    assert case.category_id == reference.pk("category", "neighbour")
    assert case.lead_department_id == ledger_center.departments.get(name="综治办").pk


# --- the outcome named in 调处结果 ------------------------------------------------------------------


def test_the_outcome_named_exactly_in_the_result_wins_over_the_resolved_flag(ledger_center, reference):
    plan = plan_of(
        ledger_center,
        row(1, 是否化解="是", 调处结果="调解不成，引导诉讼"),
        row(2, 是否化解="否", 调处结果="调解成功"),
        row(3, 是否化解="是", 调处结果="双方达成协议"),
    )

    assert problems(plan) == []
    outcomes = [case.outcome_id for case in plan.cases]
    assert outcomes == [reference.pk("outcome", "litigation"), reference.pk("outcome", "mediated"), reference.pk("outcome", "mediated")]
    assert plan.cases[0].outcome_note == "调解不成，引导诉讼"
