"""The public website in Chromium: send an online request, look it up, and screenshots of the
home page, results board and lookup at phone and desktop widths (into screenshots/)."""

import json
import re
import urllib.request

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

WIDTHS = {"phone": (390, 844), "desktop": (1366, 900)}
CENTER = "/shifan/"


def fill_request(page: Page, *, name="欧阳翠花", phone="13912345678", summary="邻居翻建房屋占用了我家宅基地，请中心组织调解。"):
    page.goto(CENTER + "online/")
    page.get_by_label("申请调解矛盾纠纷").check()
    page.locator("#id_category").select_option(label="房屋宅基地")
    page.get_by_label("事情经过和您的诉求").fill(summary)
    page.get_by_label("您的姓名").fill(name)
    page.get_by_label("联系电话").fill(phone)
    page.get_by_label("方便接听电话的时间").select_option(label="工作日上午")
    page.get_by_label("本人确认所填内容属实").check()


def test_send_a_request_then_look_it_up(page: Page, screenshots_dir):
    fill_request(page)
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_role("heading", name="您的反映已登记")).to_be_visible()
    code = page.locator("#case-code").inner_text().strip()
    query_code = page.locator("#query-code").inner_text().strip()
    assert re.fullmatch(r"示范镇综治〔\d{4}〕\d{4}号", code)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{8}", query_code)
    expect(page.locator("body")).not_to_contain_text("13912345678")

    page.get_by_role("link", name="查询进度").click()
    page.get_by_label("案件编号").fill(code)
    page.get_by_label("查询码").fill(query_code)
    page.get_by_role("button", name="查询").click()

    result = page.locator(".progress")
    expect(result).to_contain_text(code)
    expect(result).to_contain_text("已登记")
    expect(page.locator("body")).not_to_contain_text("欧阳翠花")
    for label, (width, height) in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.screenshot(path=str(screenshots_dir / f"public-lookup-{label}.png"), full_page=True)


def test_bad_answers_come_back_with_chinese_messages(page: Page):
    fill_request(page, phone="12345")
    page.get_by_label("事情经过和您的诉求").fill("太短")
    page.get_by_role("button", name="提交").click()

    expect(page.get_by_role("alert")).to_contain_text("需要修改")
    expect(page.locator(".errors").first).to_be_visible()
    expect(page.locator("body")).to_contain_text("号码")
    expect(page.locator("body")).to_contain_text("至少")
    expect(page.get_by_label("您的姓名")).to_have_value("欧阳翠花")


def test_wrong_pair_gets_the_generic_answer(page: Page):
    page.goto(CENTER + "progress/")
    page.get_by_label("案件编号").fill("示范镇综治〔2026〕0001号")
    page.get_by_label("查询码").fill("ZZZZZZZZ")
    page.get_by_role("button", name="查询").click()

    expect(page.get_by_role("alert")).to_contain_text("未查到")


def test_search_finds_homestead_page(page: Page):
    page.goto(CENTER)
    page.get_by_role("searchbox", name="搜索本站").fill("宅基地")
    page.get_by_role("searchbox", name="搜索本站").press("Enter")

    expect(page.get_by_role("link", name="宅基地纠纷怎么解决")).to_be_visible()


@pytest.mark.parametrize("label", WIDTHS)
def test_screenshots_of_home_and_board(page: Page, screenshots_dir, label, base_url):
    width, height = WIDTHS[label]
    page.set_viewport_size({"width": width, "height": height})

    page.goto(CENTER)
    expect(page.get_by_role("heading", level=1)).to_have_text("示范镇综治中心")
    page.screenshot(path=str(screenshots_dir / f"public-home-{label}.png"), full_page=True)

    page.goto(CENTER + "results/")
    rows = page.locator("table.board tbody tr")
    expect(rows.first).to_be_visible()
    with urllib.request.urlopen(f"{base_url}{CENTER}results/json/") as response:
        data = json.load(response)
    expect(rows).to_have_count(len(data["items"]))
    page.screenshot(path=str(screenshots_dir / f"public-board-{label}.png"), full_page=True)

    page.goto(CENTER + "progress/")
    page.screenshot(path=str(screenshots_dir / f"public-lookup-form-{label}.png"), full_page=True)
