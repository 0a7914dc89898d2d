"""The patrol log in Chromium: 示范镇's staff record a night patrol of the demo's 专职巡防队 with a
finding, register the finding as a hazard case from the patrol's page, and open the case, whose
registration entry names the patrol it came from."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

SCREENSHOTS = ("/tmp/patrol_recorded.png", "/tmp/patrol_case_form.png", "/tmp/patrol_case.png", "/tmp/patrol_team.png", "/tmp/patrol_monthly.png")


def test_a_patrol_finding_becomes_a_hazard_case(page: Page, demo_password):
    log_in(page, "shifan_staff", demo_password)
    page.goto("/admin/prevention/patrol/create/")
    page.locator("#id_start_time").fill("19:30")
    page.locator("#id_end_time").fill("21:30")
    page.get_by_role("checkbox", name="示范镇专职巡防队", exact=True).check()
    page.get_by_role("checkbox", name="示范镇专职巡防队·陈海军").check()
    page.locator("#id_route").fill("夜巡：东村—集贸市场")
    page.locator("#id_people_count").fill("3")
    page.locator("#id_hours").fill("2")
    page.locator("#id_finding").fill("集贸市场消防通道被杂物堵塞")
    page.locator("#id_finding_place").fill("集贸市场北门")
    page.get_by_role("button", name="保存").click()

    expect(page).to_have_url(re.compile(r"/admin/prevention/patrols/\d+/$"))
    expect(page.locator("main")).to_contain_text("集贸市场消防通道被杂物堵塞")
    page.screenshot(path=SCREENSHOTS[0], full_page=True)

    page.get_by_role("link", name="登记为案件").click()
    expect(page.locator("#id_case_kind")).to_have_value("hazard")
    page.screenshot(path=SCREENSHOTS[1], full_page=True)
    page.get_by_role("button", name="登记案件").click()

    expect(page).to_have_url(re.compile(r"/admin/prevention/patrols/\d+/$"))
    patrol_id = re.search(r"/patrols/(\d+)/", page.url).group(1)
    case_link = page.get_by_role("link", name=re.compile(r"示范镇综治〔\d{4}〕\d{4}号"))
    expect(case_link).to_be_visible()
    code = case_link.inner_text()
    case_link.click()

    expect(page).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))
    main = page.locator("main")
    expect(main).to_contain_text(code)
    expect(main).to_contain_text("集贸市场消防通道被杂物堵塞")
    expect(main).to_contain_text(f"联防活动记录 #{patrol_id}")
    page.screenshot(path=SCREENSHOTS[2], full_page=True)

    # The team's page lists its members with masked numbers (staff may not reveal); the monthly
    # figures count the new patrol.
    page.go_back()
    page.get_by_role("link", name="示范镇专职巡防队").first.click()
    members = page.locator("table.zz-table").first
    expect(members).to_contain_text("刘志强")
    expect(members).to_contain_text("*")
    expect(page.get_by_role("button", name="查看完整信息（留痕）")).to_have_count(0)
    page.screenshot(path=SCREENSHOTS[3], full_page=True)
    page.goto("/admin/prevention/monthly/")
    expect(page.locator("main")).to_contain_text("示范镇专职巡防队")
    page.screenshot(path=SCREENSHOTS[4], full_page=True)
