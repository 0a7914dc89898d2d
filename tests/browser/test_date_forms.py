"""The four working-system forms that open with today's date (receipt returned, rectification
reported, re-inspection, meeting held) in Chromium: each shows its default date in the date input,
sends it back unchanged, and the record keeps it; the browser logs no warning or error on the way.

Before zongzhi/formats the value was rendered as 2026/12/07, which <input type="date"> discards
with a console warning, so the required field arrived empty.
"""

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser


def _today():
    # The portal's TIME_ZONE, not the test machine's.
    return datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


@pytest.fixture
def console(page: Page):
    """Every warning and error the pages log."""
    messages = []
    page.on("console", lambda message: messages.append(f"{message.type}: {message.text}") if message.type in ("warning", "error") else None)
    page.on("pageerror", lambda error: messages.append(f"pageerror: {error}"))
    return messages


def _first_pk(page: Page, list_url, pattern):
    page.goto(list_url)
    href = page.locator(f"a[href*='{pattern}']").first.get_attribute("href")
    return int(re.search(rf"{pattern}(\d+)/", href).group(1))


def _png():
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _submit_with_default_date(page: Page, url, field, fills, today, files=None):
    page.goto(url)
    date_input = page.locator(f"#id_{field}")
    expect(date_input).to_have_attribute("type", "date")
    expect(date_input).to_have_value(today)  # shown, not dropped
    for selector, text in fills.items():
        page.locator(selector).fill(text)
    if files:
        page.locator(files).set_input_files({"name": "整改后.png", "mimeType": "image/png", "buffer": _png()})
    page.locator("form[novalidate] button[type=submit]").click()
    page.wait_for_load_state()
    errors = page.locator(".error-message, .errorlist, .messages li.error").all_inner_texts()
    assert not errors, errors
    expect(page.locator(".messages li.success")).to_be_visible()


def test_notice_receipt_rectified_and_reinspection_keep_their_default_date(page: Page, demo_password, console, screenshots_dir):
    today = _today()
    log_in(page, "shifan_director", demo_password)
    pk = _first_pk(page, "/admin/institutions/rectificationnotice/?status__exact=issued", "/admin/institutions/notices/")
    base = f"/admin/institutions/notices/{pk}/"

    page.goto(f"{base}do/receipt/")
    expect(page.locator("#id_received_on")).to_have_value(today)
    page.screenshot(path=screenshots_dir / "date-form-receipt.png", full_page=True)
    _submit_with_default_date(page, f"{base}do/receipt/", "received_on", {"#id_signer": "李四"}, today)
    expect(page.get_by_text(f"{today}，李四")).to_be_visible()

    _submit_with_default_date(page, f"{base}do/rectified/", "rectified_on", {"#id_note": "已清理堆放物并加装护栏。"}, today, files="#id_files")
    rectified = page.locator("dt", has_text=re.compile(r"^整改完成日期$")).locator("xpath=following-sibling::dd[1]")
    expect(rectified).to_have_text(today)

    _submit_with_default_date(page, f"{base}do/reinspect_pass/", "reinspected_on", {"#id_note": "经复查，整改到位。"}, today)
    expect(page.get_by_text(f"{today}：经复查，整改到位。")).to_be_visible()

    assert console == [], console


def test_meeting_held_keeps_its_default_date(page: Page, demo_password, console):
    today = _today()
    log_in(page, "shifan_director", demo_password)
    pk = _first_pk(page, "/admin/institutions/jointmeeting/?status__exact=planned", "/admin/institutions/meetings/")
    base = f"/admin/institutions/meetings/{pk}/"

    _submit_with_default_date(page, f"{base}do/hold/", "held_on", {}, today)
    held = page.locator("dt", has_text=re.compile(r"^召开日期$")).locator("xpath=following-sibling::dd[1]")
    expect(held).to_have_text(today)

    assert console == [], console
