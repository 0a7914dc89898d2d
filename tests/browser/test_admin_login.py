"""Logging into the admin in Chromium: Chinese for an English-preferring browser, scoped lists."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

HAN = re.compile(r"[\u4e00-\u9fff]")


def log_in(page: Page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def test_login_page_is_chinese_for_an_english_browser(page: Page):
    page.goto("/admin/login/")

    assert page.evaluate("navigator.language") == "en-US"
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("form button[type=submit]")).to_contain_text("登录")


def test_superuser_lands_on_chinese_dashboard(page: Page, demo_password, screenshots_dir):
    log_in(page, "admin", demo_password)

    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    # Wagtail's own chrome, translated: the sidebar, its menu and the site summary panel.
    menu = page.get_by_role("navigation", name="主菜单")
    expect(menu).to_be_visible()
    expect(page.get_by_role("link", name="控制面板")).to_be_visible()
    expect(menu.get_by_role("button", name="页面")).to_be_visible()
    expect(menu.get_by_role("link", name="图片")).to_be_visible()
    expect(menu.get_by_role("button", name="组织机构")).to_be_visible()
    expect(page.get_by_text(re.compile(r"\d+ 个页面")).first).to_be_visible()
    for english in ("Dashboard", "Pages", "Images", "Documents"):
        expect(page.get_by_text(english, exact=True)).to_have_count(0)

    # The admin scrolls inside its own layout, so a "full page" shot of a 900 px viewport would
    # stop at the fold: grow the viewport to the content first.
    height = page.evaluate("Math.max(document.body.scrollHeight, document.querySelector('main')?.scrollHeight ?? 0)")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 6000))})
    page.screenshot(path=screenshots_dir / "admin-dashboard.png", full_page=True)

    # Every top-level menu entry, the project's own included, is labelled in Chinese.
    labels = [label.strip() for label in menu.locator(":scope > ul > li").all_inner_texts()]
    assert len(labels) >= 5
    assert [label for label in labels if not HAN.search(label)] == [], "主菜单中有未翻译的项目"


def test_center_director_sees_only_own_departments(page: Page, demo_data, demo_password):
    shifan, heping = demo_data["centers"]
    only_heping = {d["name"] for d in heping["departments"]} - {d["name"] for d in shifan["departments"]}
    log_in(page, "shifan_director", demo_password)

    page.get_by_role("button", name="组织机构").click()
    page.get_by_role("link", name="成员部门").click()

    expect(page).to_have_url(re.compile(r"/admin/governance/department/$"))
    rows = page.locator("table.listing tbody tr")
    expect(rows).to_have_count(len(shifan["departments"]))
    table = page.locator("table.listing tbody")
    expect(table).to_contain_text(shifan["name"])
    expect(table).not_to_contain_text(heping["name"])
    for name in only_heping:
        expect(table).not_to_contain_text(name)
