"""The standard registers (台账) as data: for each, its columns with their Chinese header, the record
field they show (the accessor), the headers accepted on import, masking and width.

A register is a view over real records, never a second copy. The three case registers (disputes,
petitions, hazards) read cases through the "case" source (governance.ledgers.cases); the joint-meeting
and screening-report registers read those records through the "meeting" and "screening_report"
sources (governance.ledgers.institution_sources). A source is an object with `queryset(user,
register)`, `filter(request, register, params)`, `records(queryset)`, `hidden_params(params)`,
`filter_labels(request, register, params)`, `month_field` and `month_help` (see CaseSource); a new
record type adds one to SOURCES, optionally an importer, and calls `register_ledger(...)` with its
columns. Export (in the request or as a background job), the monthly title row, masking, formula
escaping and the audit row then work unchanged. A register with `importable=False` is export-only:
the index shows no import or template link for it and those URLs answer 404. A register of other
records than cases is imported by its `importer` (governance.prevention.ledger_import for patrols)
through the same upload, preview and confirm steps.

Headers and the values of the status and follow-up columns are Chinese literals on purpose: they are
the county's file format, which must read the same whatever language the admin is shown in.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from governance.ledgers.parsing import normalise_header


@dataclass(frozen=True)
class Column:
    header: str
    accessor: str  # the record field shown (see cases.CaseSource.FIELDS)
    aliases: tuple = ()  # other headers that mean this column in old sheets
    mask: str = ""  # "phone", "id_number" or "address": masked unless the user may reveal
    width: int = 12  # in the xlsx, in characters
    export_only: bool = False  # written on export, ignored on import (序号)
    # How the cell is written when the accessor alone does not say (resources.widget_for): "date",
    # "count", "yesno" or "text". The case columns leave it empty: their accessors decide.
    kind: str = ""


@dataclass(frozen=True)
class Register:
    slug: str
    title: str  # the register's standard name (file names and title rows)
    label: str  # for the admin UI
    columns: tuple
    record_type: str = "case"
    case_kind: str = ""
    required: tuple = ()  # accessors whose column an imported sheet must have
    importable: bool = True
    # A register of other records than cases names the module that imports it: plan_file(data,
    # file_name, register, center, today=, progress=) → a plan (an ImportPlan), commit(plan=, actor=,
    # file_name=, job=, progress=, accept=) → ImportResult, may_import(user, center_id) → bool.
    importer: str = ""
    # Case registers: the source given to rows with an empty 来源 cell, and the outcome an
    # imported row gets from its 是否化解 when it names no 结果类别.
    default_source: str = ""
    resolved_outcome: str = ""
    unresolved_outcome: str = ""

    def export_columns(self, with_center=False):
        columns = list(self.columns)
        if with_center:
            columns.insert(1, CENTER_COLUMN)
        return columns

    def header_map(self):
        """Normalised header text (and aliases) → accessor, for finding columns in uploaded sheets."""
        known = {}
        for column in (*self.columns, CENTER_COLUMN):
            if column.export_only:
                continue
            for text in (column.header, *column.aliases):
                known[normalise_header(text)] = column.accessor
        return known

    @property
    def import_headers(self):
        """The headers an uploaded sheet may carry, in order (序号 is written on export only)."""
        return [column.header for column in self.columns if not column.export_only]

    @property
    def import_module(self):
        """The module that imports a register of other records than cases (None for case registers)."""
        return import_module(self.importer) if self.importer else None

    def may_import(self, user, center_id):
        """The register's own rule on top of the import permission (case registers: none)."""
        module = self.import_module
        return module is None or module.may_import(user, center_id)

    def column_for(self, accessor):
        for column in (*self.columns, CENTER_COLUMN):
            if column.accessor == accessor:
                return column
        return None

    @property
    def source(self):
        return import_string(SOURCES[self.record_type])


CENTER_COLUMN = Column("中心", "center", aliases=("所属中心", "综治中心"), width=16)

# record type → dotted path of its source object.
SOURCES = {
    "case": "governance.ledgers.cases.CASE_SOURCE",
    "meeting": "governance.ledgers.institution_sources.MEETING_SOURCE",
    "screening_report": "governance.ledgers.institution_sources.SCREENING_SOURCE",
}

# The status column's values (file format): case status → text, and the texts accepted on import.
STATUS_TEXT = {
    "registered": "已登记",
    "accepted": "已受理",
    "rejected": "不予受理",
    "routed": "已分流",
    "handling": "办理中",
    "suspended": "已中止",
    "resolved": "已办结",
    "fed_back": "已反馈",
    "visited": "已回访",
    "archived": "已归档",
}
STATUS_ALIASES = {
    "登记": "registered",
    "受理": "accepted",
    "调处中": "handling",
    "在办": "handling",
    "办结": "resolved",
    "结案": "resolved",
    "归档": "archived",
}

# Follow-up results (FollowUp.Result) as the ledger writes them.
FOLLOW_UP_TEXT = {"satisfied": "满意", "partly": "部分化解", "not_resolved": "未化解"}

REGISTRY: dict[str, Register] = {}


def register_ledger(register: Register) -> Register:
    """Add a register; its headers and aliases must be unambiguous."""
    seen = {}
    for column in (*register.columns, CENTER_COLUMN):
        for text in (column.header, *column.aliases):
            key = normalise_header(text)
            if key in seen and seen[key] != column.accessor:
                raise ValueError(f"{register.slug}: header {text!r} means both {seen[key]} and {column.accessor}")
            seen[key] = column.accessor
    if register.record_type not in SOURCES:
        raise ValueError(f"{register.slug}: no source for record type {register.record_type!r}")
    REGISTRY[register.slug] = register
    return register


def get_register(slug) -> Register | None:
    return REGISTRY.get(slug)


def registers():
    return list(REGISTRY.values())


def _col(header, accessor, *aliases, **options):
    return Column(header, accessor, tuple(aliases), **options)


ROW_NUMBER = _col("序号", "row_number", width=6, export_only=True)

DISPUTES = register_ledger(
    Register(
        slug="disputes",
        title="矛盾纠纷排查调处登记台账",
        label=_("Dispute screening and mediation register"),
        case_kind="dispute",
        required=("received_on", "party_names", "category", "summary"),
        default_source="walk_in",
        resolved_outcome="mediated",
        unresolved_outcome="partly",
        columns=(
            ROW_NUMBER,
            _col("编号", "code", "案件编号", "登记编号", width=24),
            _col("登记日期", "received_on", "日期", "受理登记日期", "来访日期", width=12),
            _col("来源", "source", "纠纷来源", "案件来源", width=10),
            _col("当事人", "party_names", "当事人姓名", "双方当事人", width=16),
            _col("联系方式", "party_phones", "联系电话", "电话", mask="phone", width=16),
            _col("身份证号", "party_id_numbers", "身份证号码", "证件号", "证件号码", mask="id_number", width=22),
            _col("住址", "party_addresses", "地址", "家庭住址", mask="address", width=22),
            _col("类别", "category", "纠纷类别", "纠纷类型", "类型", width=12),
            _col("简要情况", "summary", "纠纷简要情况", "基本情况", "主要情况", "事由", width=40),
            _col("发生地点", "place", "地点", width=14),
            _col("所属村（社区）", "workstation", "村（社区）", "所属村", "村居", width=12),
            _col("涉及人数", "people_count", "人数", width=8),
            _col("责任单位", "departments", "承办单位", "调处单位", width=16),
            _col("责任人", "responsible_person", "承办人", "调解员", width=10),
            _col("时限", "due_date", "办理时限", "调处时限", width=12),
            _col("调处结果", "outcome_note", "调处情况", "处理结果", width=30),
            _col("结果类别", "outcome", width=12),
            _col("是否化解", "resolved_flag", width=8),
            _col("办结日期", "resolved_on", "化解日期", "结案日期", width=12),
            _col("反馈日期", "fed_back_on", width=12),
            _col("回访情况", "follow_up", "回访", width=14),
            _col("办理状态", "status", "状态", width=10),
            _col("不公开", "is_private", width=8),
        ),
    )
)

PETITIONS = register_ledger(
    Register(
        slug="petitions",
        title="信访登记台账",
        label=_("Petition register"),
        case_kind="petition",
        required=("received_on", "party_names", "category", "summary"),
        default_source="walk_in",
        resolved_outcome="replied",
        unresolved_outcome="not_supported",
        columns=(
            ROW_NUMBER,
            _col("编号", "code", "信访编号", "案件编号", width=24),
            _col("日期", "received_on", "登记日期", "来访日期", "信访日期", "来信来访日期", width=12),
            _col("信访形式", "source", "来源", "信访方式", width=10),
            _col("信访人", "party_names", "姓名", "当事人", "来访人", width=14),
            _col("人数", "people_count", "涉及人数", "来访人数", width=6),
            _col("证件号", "party_id_numbers", "身份证号", "身份证号码", "证件号码", mask="id_number", width=22),
            _col("电话", "party_phones", "联系电话", "联系方式", mask="phone", width=16),
            _col("住址", "party_addresses", "地址", "家庭住址", mask="address", width=22),
            _col("诉求", "summary", "信访诉求", "主要诉求", "反映问题", "信访事项", width=40),
            _col("类别", "category", "问题类别", "类型", width=12),
            _col("信访类型", "petition_kind", "诉求类型", width=10),
            _col("接待人", "receiver", "登记人", width=10),
            _col("拟办意见", "proposal", width=24),
            _col("交办单位", "departments", "责任单位", "承办单位", width=16),
            _col("责任人", "responsible_person", "承办人", width=10),
            _col("办理时限", "due_date", "时限", width=12),
            _col("办理结果", "outcome_note", "处理结果", "答复意见", width=30),
            _col("结果类别", "outcome", width=12),
            _col("是否化解", "resolved_flag", "是否办结息访", width=8),
            _col("办结日期", "resolved_on", "结案日期", width=12),
            _col("反馈日期", "fed_back_on", "答复日期", width=12),
            _col("回访情况", "follow_up", "回访", width=14),
            _col("办理状态", "status", "状态", width=10),
            _col("不公开", "is_private", width=8),
        ),
    )
)

HAZARDS = register_ledger(
    Register(
        slug="hazards",
        title="隐患排查整改台账",
        label=_("Hazard rectification register"),
        case_kind="hazard",
        required=("received_on", "category", "summary"),
        default_source="screening",
        resolved_outcome="rectified",
        unresolved_outcome="partly",
        columns=(
            ROW_NUMBER,
            _col("编号", "code", "隐患编号", "案件编号", width=24),
            _col("排查日期", "received_on", "发现日期", "登记日期", "日期", width=12),
            _col("隐患来源", "source", "来源", width=10),
            _col("隐患类别", "category", "类别", width=12),
            _col("隐患地点", "place", "地点", "具体位置", width=16),
            _col("隐患情况", "summary", "隐患描述", "存在问题", "简要情况", width=40),
            _col("所属村（社区）", "workstation", "村（社区）", "所属村", width=12),
            _col("报告人", "party_names", "反映人", "发现人", width=12),
            _col("联系电话", "party_phones", "电话", "联系方式", mask="phone", width=16),
            _col("涉及人数", "people_count", "人数", width=8),
            _col("整改责任单位", "departments", "责任单位", width=16),
            _col("责任人", "responsible_person", "整改责任人", width=10),
            _col("整改时限", "due_date", "时限", width=12),
            _col("整改措施及结果", "outcome_note", "整改情况", "整改措施", width=30),
            _col("结果类别", "outcome", width=12),
            _col("是否整改到位", "resolved_flag", "是否整改", "是否销号", width=10),
            _col("销号日期", "resolved_on", "整改完成日期", "办结日期", width=12),
            _col("反馈日期", "fed_back_on", width=12),
            _col("复查情况", "follow_up", "回访情况", width=14),
            _col("办理状态", "status", "状态", width=10),
            _col("不公开", "is_private", width=8),
        ),
    )
)


# --- the registers of the center's institutions (export only) -----------------------------------

# Their value texts (file format), like STATUS_TEXT above.
MEETING_KIND_TEXT = {"monthly": "月度例会", "ad_hoc": "临时会议"}
MEETING_STATUS_TEXT = {"planned": "待召开", "held": "已召开", "closed": "纪要已定稿", "cancelled": "已取消"}
TASK_STATUS_TEXT = {"assigned": "已交办", "in_progress": "办理中", "reported": "已报告完成", "done": "已办结", "cancelled": "已取消"}
REPORT_KIND_TEXT = {"regular": "半月报告", "urgent": "紧急报告"}


def _cell(header, accessor, kind="text", **options):
    """A column of a register whose records are not cases: its kind says how the cell is written,
    never its accessor (a "status" or "party_names" here is not the case field of that name)."""
    return Column(header, accessor, kind=kind, **options)


# One row per meeting. A meeting's agenda items and decisions (the tasks they became) share a cell
# each, joined with "；" and numbered when there are several; the task columns (议定事项, 责任单位, 办理时限, 落实情况) use
# the decision's number, so "2.派出所" in 责任单位 belongs to "2.…" in 议定事项. Units within a
# cell are joined with "、".
JOINT_MEETINGS = register_ledger(
    Register(
        slug="joint_meetings",
        title="联席会议台账",
        label=_("Joint-meeting register"),
        record_type="meeting",
        importable=False,
        columns=(
            ROW_NUMBER,
            _cell("会议名称", "title", width=28),
            _cell("会议类型", "kind", width=10),
            _cell("召开日期", "meeting_date", kind="date", width=12),
            _cell("地点", "place", width=14),
            _cell("主持人", "chair", width=10),
            _cell("记录人", "recorder", width=10),
            _cell("应到单位", "expected_units", width=24),
            _cell("实到单位", "present_units", width=24),
            _cell("缺席单位", "absent_units", width=20),
            _cell("议题", "agenda", width=40),
            _cell("议定事项", "decisions", width=40),
            _cell("责任单位", "task_owners", width=18),
            _cell("办理时限", "task_deadlines", width=18),
            _cell("落实情况", "task_progress", width=30),
            _cell("状态", "status", width=10),
        ),
    )
)

# One row per report (half-monthly or urgent), as the report is the unit a workstation files and is
# judged on (on time, zero report). The matters found in a report share a cell each, joined with
# "；" and numbered when there are several (the report's own summary first in 简要情况); the
# cases they were registered as are joined with "、". An urgent report counts as one matter: the
# incident case it became. Names of the people concerned are shown as in the case registers (names
# are not masked; phones, ID numbers and addresses are not in this register).
SCREENING_REPORTS = register_ledger(
    Register(
        slug="screening_reports",
        title="矛盾隐患排查报告台账",
        label=_("Screening-report register"),
        record_type="screening_report",
        importable=False,
        columns=(
            ROW_NUMBER,
            _cell("村（社区）", "workstation", width=12),
            _cell("报告类型", "kind", width=10),
            _cell("排查时段", "period", width=24),
            _cell("报告日期", "filed_on", kind="date", width=12),
            _cell("是否按时", "on_time", kind="yesno", width=8),
            _cell("是否零报告", "is_zero", kind="yesno", width=8),
            _cell("排查事项数", "item_count", kind="count", width=8),
            _cell("事项类别", "categories", width=20),
            _cell("简要情况", "summary", width=40),
            _cell("当事人", "party_names", width=16),
            _cell("涉及人数", "people_count", kind="count", width=8),
            _cell("转立案件编号", "case_codes", width=26),
            _cell("填报人", "filed_by", width=10),
        ),
    )
)
