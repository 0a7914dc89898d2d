"""Ledger export: the list's filters and the user's scope, masking, formula escaping, the title row
of a month, the county's center column, and the audit row."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from governance.models import AuditEvent
from governance.services import cases as services
from tests.factories import VALID_ID_NUMBER, VALID_PHONE, party, register
from tests.governance.ledgers.downloads import csv_rows, download

pytestmark = pytest.mark.django_db

EXPORT = "/admin/ledgers/disputes/export/"


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def cases(ledger_center, other_center, director, reference, clock, make_user):
    """In 甲镇: one case routed to 派出所, one to 综治办, one unrouted; in 乙乡: one case."""
    police = ledger_center.departments.get(name="派出所")
    office = ledger_center.departments.get(name="综治办")
    clock.today = date(2026, 3, 10)
    routed_police = register(ledger_center, director, reference, summary="派出所的案件")
    services.case_accept(case_id=routed_police.pk, actor=director, notice_date=clock.today)
    services.case_route(case_id=routed_police.pk, actor=director, lead_department=police)
    clock.today = date(2026, 4, 2)
    routed_office = register(ledger_center, director, reference, summary="综治办的案件", parties=[party("孙八", phone="13900001111")])
    services.case_accept(case_id=routed_office.pk, actor=director, notice_date=clock.today)
    services.case_route(case_id=routed_office.pk, actor=director, lead_department=office)
    unrouted = register(ledger_center, director, reference, summary="=cmd|' /C calc'!A0")
    other_director = make_user("director", other_center)
    elsewhere = register(other_center, other_director, reference, summary="乙乡的案件")
    clock.today = date(2026, 9, 28)
    return {"police": routed_police, "office": routed_office, "unrouted": unrouted, "elsewhere": elsewhere}


def summaries(rows, header_index=0):
    header = rows[header_index]
    column = header.index("简要情况")
    return sorted(row[column] for row in rows[header_index + 1 :])


def test_a_department_user_exports_only_its_departments_cases(client, cases, police_user):
    client.force_login(police_user)

    rows = csv_rows(download(client, EXPORT, format="1"))

    assert summaries(rows) == ["派出所的案件"]
    assert "中心" not in rows[0]


def test_a_director_exports_the_centers_cases_and_not_another_centers(client, cases, director):
    client.force_login(director)

    rows = csv_rows(download(client, EXPORT, format="1"))

    assert summaries(rows) == ["'=cmd|' /C calc'!A0", "派出所的案件", "综治办的案件"]


def test_the_county_exports_every_center_with_a_center_column(client, cases, county_user):
    client.force_login(county_user)

    rows = csv_rows(download(client, EXPORT, format="1"))

    header = rows[0]
    assert header[:3] == ["序号", "中心", "编号"]
    assert sorted(row[1] for row in rows[1:]) == ["乙乡综治中心", "甲镇综治中心", "甲镇综治中心", "甲镇综治中心"]


def test_the_export_keeps_the_case_list_filters(client, cases, director):
    client.force_login(director)
    police = cases["police"].center.departments.get(name="派出所")

    by_department = csv_rows(download(client, EXPORT, format="1", department=str(police.pk)))
    by_status = csv_rows(download(client, EXPORT, format="1", status__exact="registered"))
    by_search = csv_rows(download(client, EXPORT, format="1", q="综治办"))

    assert summaries(by_department) == ["派出所的案件"]
    assert summaries(by_status) == ["'=cmd|' /C calc'!A0"]
    assert summaries(by_search) == ["综治办的案件"]


def test_the_warning_filter_of_the_case_list_applies(client, cases, director):
    client.force_login(director)

    overdue = csv_rows(download(client, EXPORT, format="1", warning="red"))

    # Routed in spring, due long ago; the registered one's acceptance decision is overdue too.
    assert summaries(overdue) == ["'=cmd|' /C calc'!A0", "派出所的案件", "综治办的案件"]


def test_staff_without_the_reveal_right_get_masked_phones_and_ids(client, cases, staff):
    client.force_login(staff)

    rows = csv_rows(download(client, EXPORT, format="1"))

    header, row = rows[0], next(r for r in rows[1:] if r[rows[0].index("简要情况")] == "派出所的案件")
    assert row[header.index("联系方式")] == f"{VALID_PHONE[:3]}****{VALID_PHONE[-4:]}"
    assert row[header.index("身份证号")] == f"{VALID_ID_NUMBER[:6]}********{VALID_ID_NUMBER[-4:]}"
    assert row[header.index("当事人")] == "张三"  # names are shown to staff
    assert AuditEvent.objects.get(action="export").data["masked"] is True


def test_the_director_with_the_reveal_right_gets_full_numbers(client, cases, director):
    client.force_login(director)

    rows = csv_rows(download(client, EXPORT, format="1"))

    header, row = rows[0], next(r for r in rows[1:] if r[rows[0].index("简要情况")] == "派出所的案件")
    assert row[header.index("联系方式")] == VALID_PHONE
    assert row[header.index("身份证号")] == VALID_ID_NUMBER


def test_formula_like_cells_are_escaped_in_csv_and_kept_as_text_in_xlsx(client, cases, director):
    client.force_login(director)

    rows = csv_rows(download(client, EXPORT, format="1"))
    sheet = xlsx_sheet(download(client, EXPORT, format="0"))

    assert "'=cmd|' /C calc'!A0" in [row[rows[0].index("简要情况")] for row in rows]
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value == "=cmd|' /C calc'!A0"]
    assert len(cells) == 1
    assert cells[0].data_type == "s" and cells[0].quotePrefix is True


def test_a_month_export_has_a_title_row_with_the_center_and_the_month(client, cases, director):
    client.force_login(director)

    response = download(client, EXPORT, format="0", month="2026-04")
    sheet = xlsx_sheet(response)

    assert sheet["A1"].value == "甲镇综治中心矛盾纠纷排查调处登记台账（2026年4月）"
    assert "A1:X1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A2"].value == "序号"
    summaries_in_april = sorted(row[9] for row in sheet.iter_rows(min_row=3, values_only=True))
    assert summaries_in_april == ["=cmd|' /C calc'!A0", "综治办的案件"]
    assert "2026-04" in response["Content-Disposition"] or "2026-04" in response["Content-Disposition"].replace("%2D", "-")


def test_the_county_month_export_names_all_centers_in_its_title(client, cases, county_user):
    client.force_login(county_user)

    rows = csv_rows(download(client, EXPORT, format="1", month="2026-03"))

    assert rows[0] == ["全部中心矛盾纠纷排查调处登记台账（2026年3月）"]
    assert rows[1][1] == "中心"


def test_every_export_is_audited(client, cases, director, ledger_center):
    client.force_login(director)

    download(client, EXPORT, format="1", month="2026-04")

    event = AuditEvent.objects.get(action="export")
    assert (event.actor, event.center_id) == (director, ledger_center.pk)
    assert event.data["rows"] == 2 and event.data["register"] == "disputes" and event.data["masked"] is False


def test_the_export_page_shows_the_active_filters_and_the_row_count(client, cases, director):
    client.force_login(director)

    response = client.get(EXPORT, {"status__exact": "registered"})

    assert response.status_code == 200
    assert response.context["count"] == 1
    assert response.context["active_filters"]
    assert ("status__exact", "registered") in response.context["hidden"]


def test_users_without_the_export_right_are_refused(client, cases, make_user, ledger_center):
    client.force_login(make_user("reception", ledger_center))

    response = client.get(EXPORT, {"go": "1", "format": "1"})

    # Wagtail turns a refusal in its admin into a redirect to the dashboard with a message.
    assert response.status_code in (302, 403)
    assert "Content-Disposition" not in response
