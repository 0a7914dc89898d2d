"""Repeat petitioners in Chromium: the demo's reception clerk registers a case for 王秀英, who already
has a demo case at 示范镇 (governance/demo_cases.py: name and phone 13700137003). The form shows the
earlier case before anything is saved; "仍然登记" saves and links it."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

SCREENSHOT = "/tmp/repeat_hint.png"


def test_clerk_sees_the_earlier_case_of_the_same_person_before_saving(page: Page, demo_password):
    log_in(page, "shifan_reception", demo_password)
    page.goto("/admin/governance/cases/register/")
    page.locator("#id_kind").select_option("dispute")
    page.locator("#id_source").select_option(index=1)
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_summary").fill("宅基地围墙纠纷再次发生争执，请求中心再次调解。")
    page.locator("#id_people_count").fill("2")
    page.locator("#id_party-0-role").select_option("applicant")
    page.locator("#id_party-0-name").fill("王秀英")
    page.locator("#id_party-0-phone").fill("13700137003")
    page.get_by_role("button", name="登记", exact=True).click()

    hint = page.locator("#repeat-hint")
    expect(hint).to_be_visible()
    expect(hint).to_contain_text("该当事人在本中心有既往案件")
    expect(hint).to_contain_text(re.compile(r"示范镇综治〔\d{4}〕\d{4}号"))
    expect(hint).not_to_contain_text("和平乡")  # the other center's 王秀英 case is never listed
    expect(hint.locator("tbody tr")).to_have_count(1)
    earlier_code = hint.locator("tbody tr td a").first.inner_text()
    hint.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOT, full_page=True)

    hint.get_by_role("button", name="仍然登记").click()

    expect(page).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))
    linked = page.locator("#same-person-cases")
    expect(linked).to_contain_text("既往案件")
    expect(linked.get_by_role("link", name=earlier_code)).to_be_visible()
