"""The joint-meeting and screening-report registers (联席会议台账, 矛盾隐患排查报告台账): export through
the admin view in xlsx and csv, the title row of a month, the user's scope, the county's center
column, formula escaping, a constant number of queries, background exports, the audit row, and no
import for them."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from governance.institutions.models import AgendaItem, JointMeeting, MeetingAttendance, MeetingTask, ScreeningItem, ScreeningReport
from governance.institutions.services import meetings as meeting_services
from governance.ledgers.models import ExportJob, ExportStatus
from governance.ledgers.registers import DISPUTES, JOINT_MEETINGS, SCREENING_REPORTS
from governance.models import AuditEvent
from tests.factories import register
from tests.governance.ledgers.downloads import csv_rows, download

pytestmark = pytest.mark.django_db

MEETINGS = "/admin/ledgers/joint_meetings/export/"
REPORTS = "/admin/ledgers/screening_reports/export/"

MEETING_HEADER = [
    "序号",
    "会议名称",
    "会议类型",
    "召开日期",
    "地点",
    "主持人",
    "记录人",
    "应到单位",
    "实到单位",
    "缺席单位",
    "议题",
    "议定事项",
    "责任单位",
    "办理时限",
    "落实情况",
    "状态",
]
REPORT_HEADER = [
    "序号",
    "村（社区）",
    "报告类型",
    "排查时段",
    "报告日期",
    "是否按时",
    "是否零报告",
    "排查事项数",
    "事项类别",
    "简要情况",
    "当事人",
    "涉及人数",
    "转立案件编号",
    "填报人",
]


def xlsx_rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def column(rows, header, header_index=0):
    index = rows[header_index].index(header)
    return [row[index] for row in rows[header_index + 1 :]]


# --- records ---------------------------------------------------------------------------------------


def make_meeting(center, title, day, *, kind=JointMeeting.Kind.AD_HOC, status="held", agenda=(), tasks=(), attendance=None, **fields):
    """A meeting with attendance for every department of the center (present unless `attendance` says),
    its agenda items and its tasks ((decision, department name, deadline, status, note) tuples)."""
    meeting = JointMeeting.objects.create(
        center=center,
        kind=kind,
        title=title,
        scheduled_on=day,
        held_on=day if status in ("held", "closed") else None,
        status=status,
        place=fields.pop("place", "会议室"),
        chair=fields.pop("chair", "王主任"),
        recorder=fields.pop("recorder", "李专干"),
        month=day.replace(day=1) if kind == JointMeeting.Kind.MONTHLY else None,
        **fields,
    )
    attendance = attendance or {}
    MeetingAttendance.objects.bulk_create(
        [
            MeetingAttendance(meeting=meeting, department=d, status=attendance.get(d.name, MeetingAttendance.Status.PRESENT))
            for d in center.departments.all()
        ]
    )
    AgendaItem.objects.bulk_create([AgendaItem(meeting=meeting, order=n, title=text) for n, text in enumerate(agenda, start=1)])
    for number, (decision, owner, deadline, status_, note) in enumerate(tasks, start=1):
        MeetingTask.objects.create(
            center=center,
            meeting=meeting,
            number=number,
            decision=decision,
            owner=center.departments.get(name=owner),
            deadline=deadline,
            status=status_,
            progress_note=note,
            done_on=deadline if status_ == "done" else None,
        )
    return meeting


def make_report(center, start, *, items=(), kind=ScreeningReport.Kind.REGULAR, zero=False, summary="", on_time=True, filed_by=None, filed_on=None):
    """A report of the center's first workstation for the half-month starting `start`; `items` are
    (category id, summary, place, party name, case) tuples."""
    end = start.replace(day=15) if start.day == 1 else (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    report = ScreeningReport.objects.create(
        center=center,
        workstation=center.workstations.first(),
        kind=kind,
        period_start=start,
        period_end=end,
        is_zero=zero,
        summary=summary,
        people_count=sum(2 for _ in items),
        filed_by=filed_by,
        filed_on=filed_on or end,
        on_time=on_time,
    )
    ScreeningItem.objects.bulk_create(
        [
            ScreeningItem(report=report, category_id=category, summary=text, place=place, people_count=2, party_name=name, case=case)
            for category, text, place, name, case in items
        ]
    )
    return report


@pytest.fixture
def meetings(ledger_center, other_center):
    """In 甲镇: the September monthly meeting (held, two decisions), an August ad-hoc one whose title
    looks like a formula and the October monthly meeting, not held yet; in 乙乡: one September meeting."""
    september = make_meeting(
        ledger_center,
        "甲镇2026年9月联席会议",
        date(2026, 9, 5),
        kind=JointMeeting.Kind.MONTHLY,
        agenda=["超期案件督办", "村口桥护栏隐患"],
        attendance={"甲镇卫生院": MeetingAttendance.Status.EXCUSED},
        tasks=[
            ("督促调解张李两户院墙纠纷", "派出所", date(2026, 9, 20), "done", ""),
            ("补设村口桥护栏", "综治办", date(2026, 10, 15), "in_progress", "已联系施工队"),
        ],
    )
    formula = make_meeting(ledger_center, "=1+2", date(2026, 8, 20), agenda=['=HYPERLINK("x")'])
    planned = make_meeting(ledger_center, "甲镇2026年10月联席会议", date(2026, 10, 5), kind=JointMeeting.Kind.MONTHLY, status="planned")
    elsewhere = make_meeting(other_center, "乙乡专题会议", date(2026, 9, 10))
    return {"september": september, "formula": formula, "planned": planned, "elsewhere": elsewhere}


@pytest.fixture
def reports(ledger_center, other_center, director, reference, clock):
    """In 甲村 (甲镇): the first half of September with two matters (one became a case), a late zero
    report for the second half of August, and a report whose summary looks like a formula; in 乙村
    (乙乡): one report."""
    case = register(ledger_center, director, reference, summary="两户因排水沟堵塞发生口角。")
    director.last_name, director.first_name = "王", "主任"
    director.save()
    neighbour, safety = reference.pk("category", "neighbour"), reference.pk("category", "safety")
    september = make_report(
        ledger_center,
        date(2026, 9, 1),
        summary="入户走访32户。",
        filed_by=director,
        filed_on=date(2026, 9, 15),
        items=[(neighbour, "两户因排水沟堵塞发生口角。", "东头组", "", case), (safety, "机井未封盖。", "", "王五", None)],
    )
    zero = make_report(ledger_center, date(2026, 8, 16), zero=True, on_time=False, filed_on=date(2026, 9, 3))
    formula = make_report(ledger_center, date(2026, 7, 1), summary="=1+2", zero=True)
    elsewhere = make_report(other_center, date(2026, 9, 1), summary="乙村的报告", zero=True)
    return {"september": september, "zero": zero, "formula": formula, "elsewhere": elsewhere, "case": case}


# --- the registers ---------------------------------------------------------------------------------


def test_the_registers_have_the_standard_headers_in_order():
    assert [c.header for c in JOINT_MEETINGS.columns] == MEETING_HEADER
    assert [c.header for c in SCREENING_REPORTS.columns] == REPORT_HEADER
    assert not JOINT_MEETINGS.importable and not SCREENING_REPORTS.importable


@pytest.mark.parametrize(("url", "header"), [(MEETINGS, MEETING_HEADER), (REPORTS, REPORT_HEADER)], ids=["meetings", "reports"])
def test_xlsx_and_csv_exports_have_the_chinese_headers_in_order(client, meetings, reports, director, url, header):
    client.force_login(director)

    rows = csv_rows(download(client, url, format="1"))
    sheet, cells = xlsx_rows(download(client, url, format="0"))

    assert rows[0] == header
    assert cells[0] == header
    assert len(rows) == len(cells) == 4  # header and the center's three records
    assert [row[0] for row in rows[1:]] == ["1", "2", "3"]


def test_a_meeting_row_shows_attendance_agenda_and_decisions(client, meetings, director):
    client.force_login(director)

    rows = csv_rows(download(client, MEETINGS, format="1"))

    row = dict(zip(rows[0], next(r for r in rows[1:] if r[1] == "甲镇2026年9月联席会议")))
    assert row == {
        "序号": "2",  # in the order held: the August meeting first
        "会议名称": "甲镇2026年9月联席会议",
        "会议类型": "月度例会",
        "召开日期": "2026-09-05",
        "地点": "会议室",
        "主持人": "王主任",
        "记录人": "李专干",
        "应到单位": "综治办、派出所、甲镇卫生院",
        "实到单位": "综治办、派出所",
        "缺席单位": "甲镇卫生院（请假）",
        "议题": "1.超期案件督办；2.村口桥护栏隐患",
        "议定事项": "1.督促调解张李两户院墙纠纷；2.补设村口桥护栏",
        "责任单位": "1.派出所；2.综治办",
        "办理时限": "1.2026-09-20；2.2026-10-15",
        "落实情况": "1.已办结（2026-09-20）；2.办理中（已逾期）：已联系施工队",
        "状态": "已召开",
    }


def test_the_xlsx_writes_the_meeting_date_as_a_date(client, meetings, director):
    client.force_login(director)

    _sheet, cells = xlsx_rows(download(client, MEETINGS, format="0"))

    assert cells[2][3].date() == date(2026, 9, 5)


def test_a_report_row_shows_its_matters_and_the_cases_they_became(client, reports, director):
    client.force_login(director)

    rows = csv_rows(download(client, REPORTS, format="1"))

    row = dict(zip(rows[0], rows[3]))  # July, the second half of August, then September
    assert row == {
        "序号": "3",
        "村（社区）": "甲村",
        "报告类型": "半月报告",
        "排查时段": "2026-09-01至2026-09-15",
        "报告日期": "2026-09-15",
        "是否按时": "是",
        "是否零报告": "否",
        "排查事项数": "2",
        "事项类别": "1.邻里纠纷；2.安全隐患",
        "简要情况": "入户走访32户；1.东头组：两户因排水沟堵塞发生口角。；2.机井未封盖。",
        "当事人": "2.王五",  # names are shown as in the case registers
        "涉及人数": "4",
        "转立案件编号": reports["case"].code,
        "填报人": "王主任",
    }
    zero = dict(zip(rows[0], rows[2]))
    assert (zero["是否按时"], zero["是否零报告"], zero["排查事项数"], zero["简要情况"], zero["填报人"]) == ("否", "是", "0", "", "")


def test_a_report_row_in_xlsx_has_native_numbers_dates_and_yes_no(client, reports, director):
    client.force_login(director)

    _sheet, cells = xlsx_rows(download(client, REPORTS, format="0"))

    row = dict(zip(cells[0], cells[3]))
    assert row["报告日期"].date() == date(2026, 9, 15)
    assert (row["排查事项数"], row["涉及人数"], row["是否按时"]) == (2, 4, "是")


def test_an_urgent_report_counts_its_incident_case(client, ledger_center, director, reference, clock):
    incident = register(ledger_center, director, reference, kind="dispute", category="land", summary="两组村民因山林界址聚集。")
    report = make_report(ledger_center, date(2026, 9, 16), kind=ScreeningReport.Kind.URGENT, summary="两组村民因山林界址聚集。")
    report.incident_case = incident
    report.people_count = 30
    report.save()
    client.force_login(director)

    rows = csv_rows(download(client, REPORTS, format="1"))

    row = dict(zip(rows[0], rows[1]))
    assert (row["报告类型"], row["排查事项数"], row["事项类别"], row["简要情况"], row["涉及人数"], row["转立案件编号"]) == (
        "紧急报告",
        "1",
        "山林土地",
        "两组村民因山林界址聚集。",
        "30",
        incident.code,
    )


# --- months, scope, the county ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "title", "expected"),
    [
        (MEETINGS, "甲镇综治中心联席会议台账（2026年9月）", ["甲镇2026年9月联席会议"]),
        (REPORTS, "甲镇综治中心矛盾隐患排查报告台账（2026年9月）", ["2026-09-01至2026-09-15"]),
    ],
    ids=["meetings", "reports"],
)
def test_a_month_export_has_the_title_row_and_only_that_months_records(client, meetings, reports, director, url, title, expected):
    client.force_login(director)

    response = download(client, url, format="0", month="2026-09")
    sheet, cells = xlsx_rows(response)
    rows = csv_rows(download(client, url, format="1", month="2026-09"))

    assert cells[0][0] == title and rows[0] == [title]
    assert cells[1][0] == "序号" and rows[1][0] == "序号"
    last = "P" if url == MEETINGS else "N"
    assert f"A1:{last}1" in {str(r) for r in sheet.merged_cells.ranges}
    assert [row[1] if url == MEETINGS else row[3] for row in cells[2:]] == expected
    assert "2026-09" in response["Content-Disposition"].replace("%2D", "-")


def test_a_meeting_held_in_another_month_than_planned_belongs_to_the_month_held(client, ledger_center, director):
    meeting = make_meeting(ledger_center, "推迟的会议", date(2026, 10, 2))
    JointMeeting.objects.filter(pk=meeting.pk).update(scheduled_on=date(2026, 9, 29))
    client.force_login(director)

    september = csv_rows(download(client, MEETINGS, format="1", month="2026-09"))
    october = csv_rows(download(client, MEETINGS, format="1", month="2026-10"))

    assert len(september) == 2 and column(october, "会议名称", 1) == ["推迟的会议"]


@pytest.mark.parametrize(("url", "absent"), [(MEETINGS, "乙乡专题会议"), (REPORTS, "乙村")], ids=["meetings", "reports"])
def test_a_center_user_exports_only_its_centers_records(client, meetings, reports, staff, url, absent):
    client.force_login(staff)

    rows = csv_rows(download(client, url, format="1"))

    assert "中心" not in rows[0]
    assert len(rows) == 4
    assert absent not in {cell for row in rows for cell in row}
    assert not any(absent in cell for row in rows for cell in row)


@pytest.mark.parametrize("url", [MEETINGS, REPORTS], ids=["meetings", "reports"])
def test_the_county_gets_the_center_column_and_every_center(client, meetings, reports, county_user, url):
    client.force_login(county_user)

    rows = csv_rows(download(client, url, format="1"))
    month = csv_rows(download(client, url, format="1", month="2026-09"))

    assert rows[0][:3] == ["序号", "中心", (MEETING_HEADER if url == MEETINGS else REPORT_HEADER)[1]]
    assert sorted(column(rows, "中心")) == ["乙乡综治中心", "甲镇综治中心", "甲镇综治中心", "甲镇综治中心"]
    assert month[0][0].startswith("全部中心") and month[0][0].endswith("（2026年9月）")
    assert sorted(column(month, "中心", 1)) == ["乙乡综治中心", "甲镇综治中心"]


def test_the_county_may_choose_one_center(client, meetings, county_user, other_center):
    client.force_login(county_user)

    rows = csv_rows(download(client, MEETINGS, format="1", month="2026-09", center=str(other_center.pk)))

    assert rows[0] == ["乙乡综治中心联席会议台账（2026年9月）"]
    assert column(rows, "会议名称", 1) == ["乙乡专题会议"]


def test_a_department_handler_gets_its_centers_meetings_and_no_reports(client, meetings, reports, police_user):
    client.force_login(police_user)

    meeting_rows = csv_rows(download(client, MEETINGS, format="1"))
    index = client.get("/admin/ledgers/").content.decode()

    assert len(meeting_rows) == 4
    # Reports are not a department's records: the register is neither offered nor exported (an
    # empty file would read as "no reports").
    assert client.get(REPORTS, {"go": "1", "format": "1"}).status_code == 404
    assert "联席会议台账" in index and "矛盾隐患排查报告台账" not in index
    assert reverse("ledgers_export", args=["screening_reports"]) not in index


# --- escaping, filters, queries ----------------------------------------------------------------------


@pytest.mark.parametrize(("url", "header"), [(MEETINGS, "会议名称"), (REPORTS, "简要情况")], ids=["meetings", "reports"])
def test_formula_like_text_is_escaped(client, meetings, reports, director, url, header):
    client.force_login(director)

    rows = csv_rows(download(client, url, format="1"))
    sheet = load_workbook(io.BytesIO(download(client, url, format="0").content)).active

    assert "'=1+2" in column(rows, header)
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=1+2"]
    assert len(cells) == 1 and cells[0].data_type == "s" and cells[0].quotePrefix is True
    if url == MEETINGS:
        assert '\'=HYPERLINK("x")' in column(rows, "议题")


def test_case_list_filters_are_ignored_and_the_registers_own_apply(client, meetings, reports, director):
    client.force_login(director)
    case_filters = {"status__exact": "registered", "category": "3", "department": "x", "warning": "red", "q": "纠纷", "o": "2"}

    page = client.get(MEETINGS, case_filters)
    rows = csv_rows(download(client, MEETINGS, format="1", **case_filters))
    monthly = csv_rows(download(client, MEETINGS, format="1", kind__exact="monthly"))
    filtered_page = client.get(MEETINGS, {"kind__exact": "monthly", "status__exact": "nonsense"})
    zero = csv_rows(download(client, REPORTS, format="1", is_zero__exact="1", period="2026-08-16", workstation="abc"))

    assert page.status_code == 200 and not page.context["error"]
    assert page.context["count"] == 3 and page.context["active_filters"] == [] and page.context["hidden"] == [("status__exact", "registered")]
    assert len(rows) == 4
    assert column(monthly, "会议名称") == ["甲镇2026年9月联席会议", "甲镇2026年10月联席会议"]
    assert filtered_page.context["count"] == 2
    assert filtered_page.context["active_filters"] == [("类型", "月度例会")]
    assert column(zero, "排查时段") == ["2026-08-16至2026-08-31"]


@pytest.mark.parametrize(("url", "register"), [(MEETINGS, JOINT_MEETINGS), (REPORTS, SCREENING_REPORTS)], ids=["meetings", "reports"])
def test_the_export_page_explains_the_month_for_the_register(client, meetings, reports, director, url, register):
    client.force_login(director)

    response = client.get(url)

    help_text = str(register.source.month_help)
    assert response.status_code == 200 and response.context["count"] == 3
    assert help_text != str(DISPUTES.source.month_help) and help_text in response.content.decode()


def _meeting_batch(center, count, start):
    for n in range(count):
        make_meeting(
            center,
            f"会议{start + n}",
            date(2026, 1, 1) + timedelta(days=start + n),
            agenda=["议题甲", "议题乙"],
            attendance={"派出所": MeetingAttendance.Status.ABSENT},
            tasks=[("事项一", "派出所", date(2026, 12, 31), "assigned", ""), ("事项二", "综治办", date(2026, 12, 31), "done", "已完成")],
        )


def _report_batch(center, count, start, category, case):
    first = date(2025, 1, 1)
    for n in range(start, start + count):
        month = first.replace(year=first.year + (n // 2) // 12, month=(n // 2) % 12 + 1)
        make_report(
            center,
            month.replace(day=1 if n % 2 == 0 else 16),
            items=[(category, f"事项{n}", "东头组", "张三", case), (category, f"事项{n}乙", "", "", None)],
        )


@pytest.mark.parametrize("url", [MEETINGS, REPORTS], ids=["meetings", "reports"])
@pytest.mark.parametrize("fmt", ["0", "1"], ids=["xlsx", "csv"])
def test_an_export_costs_the_same_queries_for_2_and_20_records(client, ledger_center, director, reference, url, fmt):
    case = register(ledger_center, director, reference)
    category = reference.pk("category", "neighbour")

    def add(count, start):
        if url == MEETINGS:
            _meeting_batch(ledger_center, count, start)
        else:
            _report_batch(ledger_center, count, start, category, case)

    def measure(expected_rows):
        with CaptureQueriesContext(connection) as queries:
            response = download(client, url, format=fmt)
        rows = csv_rows(response) if fmt == "1" else xlsx_rows(response)[1]
        assert len(rows) == expected_rows + 1
        return len(queries)

    client.force_login(director)
    add(2, 0)
    small = measure(2)
    add(18, 2)
    large = measure(20)

    assert large == small


def test_the_source_reads_a_chunk_with_a_fixed_number_of_queries(ledger_center, director, django_assert_max_num_queries):
    from governance.ledgers.institution_sources import MEETING_SOURCE

    _meeting_batch(ledger_center, 5, 0)
    queryset = MEETING_SOURCE.queryset(director)

    with django_assert_max_num_queries(4):  # meetings, attendance, agenda, tasks
        records = list(MEETING_SOURCE.records(queryset))

    assert len(records) == 5 and records[0]["absent_units"] == "派出所"


# --- jobs, audit, import -------------------------------------------------------------------------------


@pytest.mark.parametrize(("url", "slug"), [(MEETINGS, "joint_meetings"), (REPORTS, "screening_reports")])
def test_every_export_is_audited(client, meetings, reports, director, ledger_center, url, slug):
    client.force_login(director)

    download(client, url, format="1", month="2026-09")

    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.center_id) == (director, ledger_center.pk)
    assert event.data["rows"] == 1 and event.data["register"] == slug and event.data["format"] == "csv"
    assert event.data["title"].endswith("（2026年9月）") and event.data["filters"]["month"] == "2026-09"


@pytest.mark.parametrize(("url", "slug"), [(MEETINGS, "joint_meetings"), (REPORTS, "screening_reports")])
def test_a_large_export_runs_as_a_background_job(client, meetings, reports, director, settings, url, slug):
    settings.LEDGER_INLINE_ROWS = 1
    client.force_login(director)

    response = client.get(url, {"go": "1", "resource": "0", "format": "1"})

    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ledgers_export_job", args=[job.pk])
    assert (job.status, job.register, job.rows) == (ExportStatus.DONE, slug, 3)
    assert job.file_name.startswith(("联席会议台账-甲镇-", "矛盾隐患排查报告台账-甲镇-")) and job.file_name.endswith(".csv")
    assert client.get(response["Location"]).status_code == 200
    download = client.get(reverse("ledgers_export_download", args=[job.pk]))
    rows = list(csv.reader(io.StringIO(b"".join(download.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == (MEETING_HEADER if slug == "joint_meetings" else REPORT_HEADER) and len(rows) == 4
    assert AuditEvent.objects.get(action="export").data["register"] == slug


@pytest.mark.parametrize("slug", ["joint_meetings", "screening_reports"])
def test_the_import_and_template_urls_answer_404(client, director, slug):
    client.force_login(director)

    assert client.get(reverse("ledgers_import", args=[slug])).status_code == 404
    assert client.post(reverse("ledgers_import", args=[slug]), {"resource": "0"}).status_code == 404
    assert client.get(reverse("ledgers_template", args=[slug])).status_code == 404


def test_the_index_lists_all_five_registers_with_export_links_and_imports_only_for_cases(client, director):
    client.force_login(director)

    response = client.get("/admin/ledgers/?status__exact=registered")

    page = response.content.decode()
    assert response.status_code == 200
    for title in ("矛盾纠纷排查调处登记台账", "信访登记台账", "隐患排查整改台账", "联席会议台账", "矛盾隐患排查报告台账"):
        assert title in page
    for slug in ("joint_meetings", "screening_reports"):
        assert f'href="{reverse("ledgers_export", args=[slug])}"' in page  # without the case list's filters
        assert reverse("ledgers_import", args=[slug]) not in page
        assert reverse("ledgers_template", args=[slug]) not in page
    for slug in ("disputes", "petitions", "hazards"):
        assert f"{reverse('ledgers_export', args=[slug])}?status__exact=registered" in page
        assert reverse("ledgers_import", args=[slug]) in page
        assert reverse("ledgers_template", args=[slug]) in page


def test_a_meeting_run_through_the_services_exports(client, ledger_center, director, monkeypatch):
    """The real lifecycle: created (agenda proposed), held, attendance, a decision."""
    from governance.institutions.services import common

    monkeypatch.setattr(common, "today", lambda: date(2026, 9, 28))
    meeting = meeting_services.meeting_create(center=ledger_center, actor=director, scheduled_on=date(2026, 9, 28), title="专题联席会议")
    meeting_services.meeting_add_agenda_item(pk=meeting.pk, actor=director, title="研究护栏整改")
    meeting_services.meeting_hold(pk=meeting.pk, actor=director, held_on=date(2026, 9, 28), chair="主任", recorder="专干")
    departments = {d.name: d.pk for d in ledger_center.departments.all()}
    meeting_services.meeting_record_attendance(
        pk=meeting.pk,
        actor=director,
        rows={departments["综治办"]: ("present", "甲"), departments["派出所"]: ("absent", ""), departments["甲镇卫生院"]: ("present", "乙")},
    )
    meeting_services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="=补设护栏", owner=ledger_center.departments.get(name="综治办"), deadline=date(2026, 10, 30)
    )
    client.force_login(director)

    rows = csv_rows(download(client, MEETINGS, format="1", month="2026-09"))

    row = dict(zip(rows[1], rows[2]))
    assert (row["会议名称"], row["会议类型"], row["召开日期"], row["状态"]) == ("专题联席会议", "临时会议", "2026-09-28", "已召开")
    assert (row["实到单位"], row["缺席单位"], row["议题"]) == ("综治办、甲镇卫生院", "派出所", "研究护栏整改")
    assert (row["议定事项"], row["责任单位"], row["办理时限"]) == ("'=补设护栏", "综治办", "2026-10-30")
    assert row["落实情况"].startswith("已交办")
