"""Security warnings in Chromium: the 示范镇 director drafts a warning in the admin, approves and
publishes it; within seconds it is on the open lobby screen (over its socket, no reload) and on the
center's public warnings page and home page. Withdrawing it takes it off the screen and moves it to
the public archive."""

import re
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SCREEN_PATH = "/lobby/shifan-warnings/"  # the demo's warnings screen (governance demo: fixtures/demo_county.json)
DELIVERY_MS = 3000
TITLE = "浏览器测试：警惕冒充快递理赔诈骗"
STATE_READY = "() => { const s = window.zongzhiLobby && window.zongzhiLobby.state; return !!(s && s.seq >= 0 && s.data && s.data.warnings); }"


def _today():
    return datetime.now(ZoneInfo("Asia/Shanghai")).date()


def log_in(page: Page, username, password):
    page.goto("/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/admin/$"))


def submit(page: Page):
    page.locator("form[novalidate] button[type=submit]").click()


def do_move(admin: Page, action):
    admin.locator(f".zz-actions a[href$='/do/{action}/']").click()
    expect(admin).to_have_url(re.compile(rf"/admin/warnings/\d+/do/{action}/$"))
    submit(admin)
    expect(admin).to_have_url(re.compile(r"/admin/warnings/\d+/$"))


def test_a_published_warning_reaches_the_lobby_screen_and_the_public_site(page: Page, browser, context, base_url, demo_password, screenshots_dir):
    screen = page
    screen.set_viewport_size({"width": 1920, "height": 1080})
    screen.goto(SCREEN_PATH)
    screen.wait_for_function(STATE_READY, timeout=10000)
    expect(screen.locator("[data-panel=warnings]")).to_be_visible()
    assert TITLE not in screen.locator("[data-panel=warnings]").inner_text()

    admin = context.new_page()
    log_in(admin, "shifan_director", demo_password)
    admin.goto("/admin/warnings/securitywarning/")
    expect(admin.locator("body")).to_contain_text("联防：治安预警")
    admin.goto("/admin/warnings/securitywarning/create/")
    admin.select_option("#id_warning_type", label="电信网络诈骗")
    admin.select_option("#id_level", "critical")
    admin.locator("#id_title").fill(TITLE)
    admin.locator("#id_content").fill("近期有人冒充快递公司客服，以包裹丢失理赔为由，诱导群众扫码、转账。")
    admin.locator("#id_advice").fill("快递理赔请通过官方渠道核实；不扫陌生二维码，不向陌生账户转账；拨打 96110 咨询。")
    admin.get_by_label("东村").check()
    admin.locator("#id_valid_from").fill(_today().isoformat())
    admin.locator("#id_valid_until").fill((_today() + timedelta(days=14)).isoformat())
    submit(admin)
    expect(admin).to_have_url(re.compile(r"/admin/warnings/\d+/$"))
    expect(admin.locator(".zz-dl")).to_contain_text("草稿")
    do_move(admin, "approve")
    expect(admin.locator(".zz-dl")).to_contain_text("已审核")

    started = time.monotonic()
    do_move(admin, "publish")
    panel = screen.locator("[data-panel=warnings]")
    expect(panel).to_contain_text(TITLE, timeout=DELIVERY_MS)
    delivered = time.monotonic() - started
    expect(panel.locator(".warning.level-red").filter(has_text=TITLE)).to_contain_text("特别严重")
    expect(panel).to_contain_text("东村")
    print(f"lobby screen showed the warning {delivered:.2f} s after the publish click")
    admin.screenshot(path=str(screenshots_dir / "warnings-admin-published.png"), full_page=True)
    screen.screenshot(path=str(screenshots_dir / "warnings-lobby-1920.png"))

    visitor_context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})  # anonymous: the cached public pages
    visitor = visitor_context.new_page()
    visitor.goto(f"{base_url}/shifan/warnings/")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    expect(visitor.locator("main")).to_contain_text("96110")
    visitor.screenshot(path=str(screenshots_dir / "warnings-public-page.png"), full_page=True)
    visitor.goto(f"{base_url}/shifan/")
    expect(visitor.locator(".home-warnings")).to_contain_text(TITLE)
    visitor.screenshot(path=str(screenshots_dir / "warnings-public-home.png"), full_page=True)

    # Withdrawn: off the screen, off the current page, into the archive.
    admin.locator(".zz-actions a[href$='/do/withdraw/']").click()
    admin.locator("#id_reason").fill("公安机关通报：相关团伙已落网。")
    submit(admin)
    expect(admin).to_have_url(re.compile(r"/admin/warnings/\d+/$"))
    expect(panel).not_to_contain_text(TITLE, timeout=DELIVERY_MS)
    visitor.goto(f"{base_url}/shifan/warnings/")
    expect(visitor.locator("main")).not_to_contain_text(TITLE)
    visitor.goto(f"{base_url}/shifan/warnings/archive/")
    expect(visitor.locator("main")).to_contain_text(TITLE)
    visitor.screenshot(path=str(screenshots_dir / "warnings-public-archive.png"), full_page=True)
    visitor_context.close()
    admin.close()
