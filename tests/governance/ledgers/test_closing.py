"""Monthly closing: the month's figures by category, department and outcome; the formatted xlsx and
the printable page."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from governance.ledgers.closing import month_summary
from governance.ledgers.filters import Month
from governance.services import cases as services
from tests.factories import register

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(ledger_center, other_center, director, reference, clock, make_user):
    """March 2026 in 甲镇: three neighbour disputes (one resolved by mediation, one partly, one open
    and overdue at the month's end) and one labour dispute registered in February, still open."""
    police = ledger_center.departments.get(name="派出所")
    clock.today = date(2026, 2, 20)
    register(ledger_center, director, reference, category="labour")
    made = []
    for day in (3, 4, 5):
        clock.today = date(2026, 3, day)
        case = register(ledger_center, director, reference, category="neighbour")
        services.case_accept(case_id=case.pk, actor=director, notice_date=clock.today)
        services.case_route(case_id=case.pk, actor=director, lead_department=police)
        services.case_start(case_id=case.pk, actor=director)
        made.append(case)
    clock.today = date(2026, 3, 20)
    services.case_resolve(case_id=made[0].pk, actor=director, outcome=reference("outcome", "mediated"), note="调解成功")
    services.case_resolve(case_id=made[1].pk, actor=director, outcome=reference("outcome", "partly"), note="部分化解")
    register(other_center, make_user("director", other_center), reference, category="neighbour")  # 乙乡, 20 March
    clock.today = date(2026, 9, 28)
    return made


def test_the_month_summary_counts_by_category_department_and_outcome(march, director):
    summary = month_summary(director, Month(2026, 3))

    by_category = {row.label: row for row in summary.sections[0].rows}
    neighbour, labour = by_category["邻里纠纷"], by_category["劳动争议"]
    assert (neighbour.registered, neighbour.resolved, neighbour.settled, neighbour.open_at_end, neighbour.rate) == (3, 2, 1, 1, "50.0%")
    assert (labour.registered, labour.resolved, labour.open_at_end) == (0, 0, 1)
    assert neighbour.overdue_at_end == 0  # routed 3 March for 30 days: due in April
    total = summary.sections[0].total
    assert (total.label, total.registered, total.resolved, total.open_at_end) == ("合计", 3, 2, 2)
    by_department = {row.label: row.registered for row in summary.sections[1].rows}
    assert by_department == {"派出所": 3, "（未分流）": 0}
    assert summary.outcomes.rows == [("调解成功", 1), ("部分化解", 1)]
    assert summary.title == "甲镇综治中心2026年3月矛盾纠纷和信访事项月结汇总表"


def test_the_county_summary_covers_every_center_with_a_section_by_center(march, county_user):
    summary = month_summary(county_user, Month(2026, 3))

    assert summary.sections[0].title == "按中心"
    assert {row.label: row.registered for row in summary.sections[0].rows} == {"甲镇综治中心": 3, "乙乡综治中心": 1}
    assert summary.title.startswith("全部中心")


def test_the_closing_xlsx_has_a_merged_title_widths_and_totals(client, march, director):
    client.force_login(director)

    response = client.get("/admin/ledgers/closing/xlsx/", {"month": "2026-03"})

    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == "甲镇综治中心2026年3月矛盾纠纷和信访事项月结汇总表"
    assert "A1:G1" in {str(r) for r in sheet.merged_cells.ranges}
    assert sheet["A1"].font.bold and sheet.column_dimensions["A"].width == 22
    totals = [row for row in sheet.iter_rows(values_only=True) if row[0] == "合计"]
    assert totals[0][:4] == ("合计", 3, 2, 1)
    assert all(sheet.cell(row=r, column=1).font.bold for r in range(1, sheet.max_row + 1) if sheet.cell(row=r, column=1).value == "合计")


def test_the_printable_closing_page(client, march, director):
    client.force_login(director)

    response = client.get("/admin/ledgers/closing/", {"month": "2026-03"})

    page = response.content.decode()
    assert response.status_code == 200
    assert "甲镇综治中心2026年3月矛盾纠纷和信访事项月结汇总表" in page
    assert "window.print()" in page and "zz-print-table" in page
    assert "邻里纠纷" in page and "调解成功" in page
