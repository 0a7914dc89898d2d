"""No dead ends, in Chromium (issue 17): the receptionist's dashboard has no banner they cannot act
on, and the lobby's figures say what they count. (The Chinese 404 needs DEBUG off, which the browser
tests' portal does not run with: tests/zongzhi/test_error_pages.py covers it.)"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

STATE_READY = "() => { const s = window.zongzhiLobby && window.zongzhiLobby.state; return !!(s && s.seq >= 0 && s.data && s.data.figures); }"


def _full_screenshot(page: Page, path):
    height = page.evaluate("Math.max(document.body.scrollHeight, document.querySelector('main')?.scrollHeight ?? 0)")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 6000))})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_the_receptionists_dashboard_has_no_banner_they_cannot_act_on(page: Page, demo_password, screenshots_dir):
    log_in(page, "shifan_reception", demo_password)
    expect(page.get_by_text("需要录入节假日安排")).to_have_count(0)
    expect(page.locator("main a[href*='holidayoverride']")).to_have_count(0)
    _full_screenshot(page, screenshots_dir / "dashboard-reception.png")


def test_the_county_supervisor_still_gets_the_holiday_banner_when_a_year_is_missing(page: Page, demo_password):
    log_in(page, "county", demo_password)
    banner = page.locator("section.zz-warning")
    if banner.count():  # only while a year deadlines reach has no holiday schedule
        banner.get_by_role("link").click()
        expect(page).to_have_url(re.compile(r"/admin/governance/holidayoverride/"))
        expect(page.get_by_text("没有权限")).to_have_count(0)


def test_the_lobby_figures_say_what_they_count(page: Page, screenshots_dir):
    page.goto("/lobby/shifan-hall/")
    page.wait_for_function(STATE_READY, timeout=15000)
    figures = page.locator("[data-panel=figures]").first
    expect(figures.locator("[data-figure=registered] .figure-label")).to_have_text("今日登记")
    expect(figures.locator("[data-figure=accepted] .figure-label")).to_have_text("今日受理")
    expect(figures.locator("[data-figure=accepted] .figure-note")).to_have_text("含此前登记的案件")
    expect(figures.locator("[data-figure=handling] .figure-label")).to_have_text("正在办理")
    expect(figures.locator("[data-figure=on_time_rate] .figure-label")).to_have_text("本月按期办结率")
    page.screenshot(path=screenshots_dir / "lobby-figures.png")
