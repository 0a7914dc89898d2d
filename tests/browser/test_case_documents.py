"""The front desk's documents in Chromium: a center clerk registers a letter, prints the receipt
from the success message, accepts the case and prints the notice of acceptance; the PDFs are read
back with pdftotext and their first pages saved as pictures next to the case page's screenshot."""

import re
import shutil
import subprocess

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_admin_login import log_in

pytestmark = pytest.mark.browser

SUMMARY = "来信反映村道路灯损坏三个月无人维修，夜间出行不便。"


@pytest.fixture(autouse=True)
def poppler():
    if shutil.which("pdftotext") is None or shutil.which("pdftoppm") is None:
        pytest.skip("pdftotext / pdftoppm 不存在：apt-get install -y poppler-utils")


def fetch_pdf(page: Page, href, path):
    """The PDF behind a link, fetched with the page's session (the link opens a new tab)."""
    response = page.request.get(href)
    assert response.ok and response.headers["content-type"] == "application/pdf", response.status
    path.write_bytes(response.body())
    return path


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout.decode()
    return re.sub(r"\s+", "", text)


def first_page_png(path, screenshots_dir):
    stem = screenshots_dir / path.stem
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path), str(stem)], check=True)
    return stem.with_suffix(".png")


def full_screenshot(page: Page, path):
    height = page.evaluate("Math.max(document.body.scrollHeight, document.querySelector('main')?.scrollHeight ?? 0)")
    page.set_viewport_size({"width": 1440, "height": max(900, min(int(height) + 100, 6000))})
    page.screenshot(path=path, full_page=True)
    page.set_viewport_size({"width": 1440, "height": 900})


def test_clerk_prints_the_receipt_and_the_notice_of_acceptance(page: Page, demo_password, screenshots_dir, tmp_path):
    log_in(page, "shifan_staff", demo_password)

    page.goto("/admin/governance/cases/register/")
    page.locator("#id_kind").select_option("petition")
    page.locator("#id_source").select_option(label="来信")
    page.locator("#id_category").select_option(index=1)
    page.locator("#id_petition_kind").select_option(index=1)
    page.locator("#id_summary").fill(SUMMARY)
    page.locator("#id_party-0-name").fill("欧阳明远")
    page.locator("#id_party-0-address").fill("示范镇西村5组8号")
    page.get_by_role("button", name="登记", exact=True).click()

    message = page.locator(".messages li.success")
    expect(message).to_contain_text("查询码")
    code, query_code = re.search(r"案件\s*(\S+)\s*已登记。当事人查询码：\s*([0-9A-Z]{8})", message.inner_text()).groups()
    receipt_link = message.get_by_role("link", name="打印回执")
    expect(receipt_link).to_be_visible()

    # The case page: the query code, and the receipt button first.
    expect(page.locator(".zz-query-code")).to_have_text(query_code)
    documents = page.locator(".zz-documents")
    expect(documents.get_by_role("link", name="打印回执", exact=True)).to_be_visible()
    expect(documents.get_by_role("link", name="打印受理告知书")).to_have_count(0)
    full_screenshot(page, screenshots_dir / "case-documents-inspect.png")

    receipt = fetch_pdf(page, receipt_link.get_attribute("href"), tmp_path / "case-documents-receipt.pdf")
    text = pdf_text(receipt)
    assert "登记回执" in text and code in text and query_code in text and "示范镇综治中心" in text
    first_page_png(receipt, screenshots_dir)

    letter = fetch_pdf(page, documents.get_by_role("link", name=re.compile("信函")).get_attribute("href"), tmp_path / "case-documents-letter.pdf")
    text = pdf_text(letter)
    assert code in text and query_code in text and "欧阳明远收" in text
    first_page_png(letter, screenshots_dir)

    # Accept, then print the notice of acceptance from the case page.
    page.locator(".zz-actions").get_by_role("link", name="受理", exact=True).click()
    page.locator("form").get_by_role("button").last.click()
    expect(page.locator(".messages li.success")).to_contain_text(code)
    notice_link = page.locator(".zz-documents").get_by_role("link", name="打印受理告知书")
    expect(notice_link).to_be_visible()

    notice = fetch_pdf(page, notice_link.get_attribute("href"), tmp_path / "case-documents-acceptance.pdf")
    text = pdf_text(notice)
    assert "受理告知书" in text and "决定予以受理" in text and code in text and query_code in text
    first_page_png(notice, screenshots_dir)

    # Each print is on the case's route map.
    page.reload()
    expect(page.locator(".zz-timeline li").filter(has_text="打印文书")).to_have_count(3)
    full_screenshot(page, screenshots_dir / "case-documents-inspect-accepted.png")


def test_department_officer_sees_neither_query_code_nor_print_buttons(page: Page, demo_password):
    log_in(page, "shifan_justice", demo_password)
    page.goto("/admin/governance/case/")
    page.locator("table.listing tbody tr").first.locator("a[href*='/admin/governance/cases/']").first.click()
    expect(page).to_have_url(re.compile(r"/admin/governance/cases/\d+/$"))

    expect(page.locator(".zz-query-code")).to_have_count(0)
    expect(page.locator(".zz-documents")).to_have_count(0)
