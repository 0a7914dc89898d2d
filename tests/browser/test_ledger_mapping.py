"""The ledger import's mapping step in Chromium: the demo's 示范镇 director uploads a register whose
38 rows name a department by a former name the system does not know (土管所), maps it once to
自然资源所, and all 38 rows follow into the import (governance.ledgers.mapping)."""

import io
import re

import pytest
from openpyxl import Workbook
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in
from tests.factories import VALID_ID_NUMBER

pytestmark = pytest.mark.browser

HEADER = ["序号", "登记日期", "来源", "当事人", "联系电话", "身份证号", "类别", "简要情况", "责任单位", "时限", "回访情况"]


def register_file(path):
    book = Workbook()
    sheet = book.active
    sheet.append(["示范镇矛盾纠纷排查调处登记台账"])
    sheet.append(HEADER)
    for n in range(1, 39):
        sheet.append(
            [
                n,
                "2026-03-05",
                "来访",
                f"浏览器{n}",
                "13800138000",
                VALID_ID_NUMBER,
                "山林土地",
                f"第{n}起：林地界址争议。",
                "土管所",
                "1个月",
                "未回访",
            ]
        )
    stream = io.BytesIO()
    book.save(stream)
    path.write_bytes(stream.getvalue())
    return path


def test_a_former_department_name_mapped_once_brings_all_38_rows_in(page: Page, demo_password, tmp_path, screenshots_dir):
    log_in(page, "shifan_director", demo_password)
    page.goto("/admin/ledgers/disputes/import/")
    page.locator("input[name=import_file]").set_input_files(str(register_file(tmp_path / "纠纷台账.xlsx")))
    page.get_by_role("button", name="上传并检查").click()

    expect(page).to_have_url(re.compile(r"/admin/ledgers/imports/\d+/$"))
    mapping = page.locator("form.zz-mapping tbody tr", has_text="土管所")
    expect(mapping).to_contain_text("38")
    expect(page.get_by_role("button", name=re.compile("导入"))).to_have_count(0)
    page.screenshot(path=screenshots_dir / "ledger-mapping-step.png", full_page=True)
    mapping.locator("select").select_option(label="自然资源所")
    page.get_by_role("button", name="保存并重新检查").click()

    expect(page.locator("form.zz-mapping")).to_have_count(0)
    page.get_by_role("button", name="导入 38 件案件").click()
    expect(page.get_by_text("已导入：38 件案件。")).to_be_visible(timeout=30000)


def test_a_re_imported_export_lists_each_difference_with_why_an_import_cannot_change_it(page: Page, demo_password, tmp_path, screenshots_dir):
    from openpyxl import load_workbook

    log_in(page, "shifan_director", demo_password)
    download = page.request.get("/admin/ledgers/disputes/export/?go=1&resource=0&format=0")
    assert download.ok
    book = load_workbook(io.BytesIO(download.body()))
    sheet = book.active
    header_row = next(row for row in sheet.iter_rows(max_row=5) if any(cell.value == "编号" for cell in row))
    header = [cell.value for cell in header_row]
    first = next(sheet.iter_rows(min_row=header_row[0].row + 1, max_row=header_row[0].row + 1))
    code = first[header.index("编号")].value
    first[header.index("简要情况")].value = "浏览器测试：改过的简要情况"
    first[header.index("登记日期")].value = "2020-01-01"
    path = tmp_path / "导出再导入.xlsx"
    book.save(path)

    page.goto("/admin/ledgers/disputes/import/")
    page.locator("input[name=import_file]").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()

    row = page.locator("table.zz-differences tbody tr", has_text=code)
    expect(row).to_contain_text("浏览器测试：改过的简要情况")
    expect(row).to_contain_text("导入不能接受：登记日期是各项时限的起算日")
    page.screenshot(path=screenshots_dir / "ledger-reimport-differences.png", full_page=True)
    row.get_by_role("checkbox").check()
    page.get_by_role("button", name="应用已接受的差异").click()
    expect(page.get_by_text("已导入：0 件案件。")).to_be_visible(timeout=30000)
    expect(page.get_by_text("已按接受的差异修改 1 件案件的登记信息")).to_be_visible()
