"""governance.ledgers.registers: the registers as data, and how later registers plug in."""

import pytest

from governance.ledgers import registers
from governance.ledgers.registers import DISPUTES, HAZARDS, PETITIONS, Column, Register, register_ledger


def test_the_dispute_register_has_the_core_columns_of_the_standard():
    headers = [c.header for c in DISPUTES.columns]
    core = [
        "序号",
        "登记日期",
        "来源",
        "当事人",
        "联系方式",
        "类别",
        "简要情况",
        "涉及人数",
        "责任单位",
        "责任人",
        "时限",
        "调处结果",
        "是否化解",
        "办结日期",
        "回访情况",
    ]
    assert [h for h in headers if h in core] == core


def test_the_petition_register_has_the_core_columns_of_the_standard():
    headers = [c.header for c in PETITIONS.columns]
    core = ["编号", "日期", "信访人", "人数", "证件号", "电话", "住址", "诉求", "类别", "接待人", "拟办意见", "交办单位", "办理结果", "反馈日期"]
    assert [h for h in headers if h in core] == core


@pytest.mark.parametrize("register", [DISPUTES, PETITIONS, HAZARDS], ids=lambda r: r.slug)
def test_personal_columns_are_masked_and_required_columns_exist(register):
    masks = {c.accessor: c.mask for c in register.columns if c.mask}
    assert masks.get("party_phones") == "phone"
    assert set(register.required) <= set(register.header_map().values())


def test_the_county_export_adds_the_center_column_second():
    assert [c.header for c in DISPUTES.export_columns(with_center=True)[:3]] == ["序号", "中心", "编号"]


def test_an_ambiguous_header_is_refused_when_a_register_is_added():
    bad = Register(slug="bad", title="坏台账", label="bad", columns=(Column("日期", "received_on"), Column("日期", "resolved_on")))
    with pytest.raises(ValueError, match="日期"):
        register_ledger(bad)
    assert "bad" not in registers.REGISTRY


def test_a_register_of_a_record_type_without_a_source_is_refused():
    with pytest.raises(ValueError, match="no source"):
        register_ledger(Register(slug="notices", title="整改通知书台账", label="n", columns=(), record_type="notice"))
    assert "notices" not in registers.REGISTRY


def test_the_standard_registers_are_built_and_the_case_and_patrol_registers_import():
    assert set(registers.REGISTRY) == {"disputes", "petitions", "hazards", "joint_meetings", "screening_reports", "patrols"}
    assert {r.slug for r in registers.registers() if r.importable} == {"disputes", "petitions", "hazards", "patrols"}
    assert not hasattr(registers, "PLANNED")
    for register in registers.registers():
        source = register.source
        assert source.month_field and source.month_help
        assert callable(source.hidden_params) and callable(source.filter_labels)


def test_import_headers_leave_out_the_export_only_columns():
    from governance.ledgers.registers import registers

    register = next(r for r in registers() if r.importable and any(c.export_only for c in r.columns))

    assert register.import_headers == [c.header for c in register.columns if not c.export_only]
    assert "序号" not in register.import_headers
