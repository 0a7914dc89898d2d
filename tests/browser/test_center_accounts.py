"""The center accounts screens in Chromium: the demo's 示范镇 director creates a 派出所 department
officer (部门承办人) and logs out; the officer logs in and the case list shows exactly the cases
派出所 leads, none of 司法所's (governance.views.accounts, governance.scoping)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

USERNAME = "shifan_police_zhao"
PASSWORD = "Paichusuo-2026-zhao"
CASE_LIST = "/admin/governance/case/"


def listed_cases(page: Page):
    """{case pk: lead department} of the case list's rows."""
    rows = page.locator("table.listing tbody tr[data-object-pk]")
    pks = rows.evaluate_all("rows => rows.map(row => row.dataset.objectPk)")
    leads = rows.locator("td.field-lead_department").all_inner_texts()
    return dict(zip(pks, (lead.strip() for lead in leads), strict=True))


def cases_led_by(page: Page, department):
    """As the director: the cases the department leads, through the list's department filter."""
    page.goto(CASE_LIST)
    query = page.get_by_role("link", name=department, exact=True).first.get_attribute("href")
    page.goto(CASE_LIST + query)
    return set(listed_cases(page))


def full_page_screenshot(page: Page, path):
    # The admin scrolls inside its own layout: grow the viewport to the content first.
    height = page.evaluate("Math.max(document.body.scrollHeight, document.querySelector('main')?.scrollHeight ?? 0)")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 4000))})
    page.wait_for_timeout(300)
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_director_creates_a_department_officer_who_sees_only_their_departments_cases(page: Page, demo_password, screenshots_dir):
    log_in(page, "shifan_director", demo_password)
    police, justice = cases_led_by(page, "派出所"), cases_led_by(page, "司法所")
    assert police and justice and not police & justice

    page.get_by_role("link", name="中心账号").first.click()
    expect(page).to_have_url(re.compile(r"/admin/governance/accounts/$"))
    expect(page.locator("#account-rows")).not_to_contain_text("heping_")
    page.get_by_role("link", name="新增账号").click()
    page.locator("#id_username").fill(USERNAME)
    page.locator("#id_name").fill("赵警官")
    page.locator("#id_role").select_option(label="部门承办人")
    page.locator("#id_department").select_option(label="派出所")
    page.locator("#id_title").fill("社区民警")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#account-form").get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/admin/governance/accounts/$"))
    expect(page.get_by_text(f"账号 {USERNAME} 已创建。")).to_be_visible()
    row = page.locator("#account-rows tbody tr", has_text=USERNAME)
    for text in ("赵警官", "部门承办人", "派出所", "已启用", "从未登录"):
        expect(row).to_contain_text(text)
    full_page_screenshot(page, screenshots_dir / "center-accounts.png")

    page.get_by_role("button", name="示范镇中心主任").click()
    page.get_by_role("button", name="注销").click()
    expect(page).to_have_url(re.compile(r"/admin/login/"))

    log_in(page, USERNAME, PASSWORD)
    page.get_by_role("link", name="案件").first.click()
    expect(page).to_have_url(re.compile(re.escape(CASE_LIST) + "$"))
    expect(page.locator("table.listing tbody tr[data-object-pk]")).to_have_count(len(police))
    shown = listed_cases(page)
    assert set(shown) == police
    assert not set(shown) & justice
    assert set(shown.values()) == {"派出所"}
    expect(page.locator("main")).not_to_contain_text("和平乡")
    expect(page.get_by_role("link", name="中心账号")).to_have_count(0)
    full_page_screenshot(page, screenshots_dir / "department-officer-cases.png")
