"""The audit screen in Chromium: the demo's 示范镇 director opens 审计日志 from the menu, filters by
the login action and sees their own login among the rows, all of 示范镇's (governance.views.audit)."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/audit_screen.png"


def test_director_filters_the_audit_log_by_an_action(page: Page, demo_password):
    log_in(page, "shifan_director", demo_password)
    page.get_by_role("link", name="审计日志").first.click()
    expect(page).to_have_url(re.compile(r"/admin/governance/audit/$"))
    expect(page.locator("h1")).to_contain_text("审计日志")

    page.locator("#id_action").select_option("login")
    page.get_by_role("button", name="筛选").click()

    expect(page).to_have_url(re.compile(r"action=login"))
    rows = page.locator("#audit-rows tbody tr")
    expect(rows.first).to_contain_text("login · 登录")
    expect(page.locator("#audit-rows")).to_contain_text("shifan_director")
    expect(page.locator("#audit-rows")).not_to_contain_text("和平乡")
    for text in rows.locator("td:nth-child(3)").all_inner_texts():
        assert text.startswith("login")
    page.screenshot(path=SCREENSHOT, full_page=True)
