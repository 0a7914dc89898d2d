"""Fixtures of the ledger tests: a center with its reference data and people, spreadsheet builders,
uploads kept in a temporary media folder, and jobs run within the request unless a test says so."""

import io
from datetime import date, datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import Clock, live_sends, reference  # noqa: F401  (live_sends and reference are fixtures)

TODAY = date(2026, 9, 28)


@pytest.fixture(autouse=True)
def ledger_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LEDGER_JOB_RUNNER = "inline"
    settings.LEDGER_INLINE_ROWS = 2000
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": str(tmp_path)}}
    return settings


@pytest.fixture
def clock(monkeypatch):
    """Freezes "today" for the case services and for the ledger checks (dates in the future)."""
    from governance.services import clock as service_clock

    frozen = Clock(TODAY)
    monkeypatch.setattr(service_clock, "today", lambda: frozen.today)
    return frozen


@pytest.fixture
def ledger_center(center, reference, clock):
    """Center A (甲镇) with the county's reference lists; today is 2026-09-28."""
    return center


@pytest.fixture
def director(ledger_center, make_user):
    return make_user("director", ledger_center)


@pytest.fixture
def staff(ledger_center, make_user):
    return make_user("staff", ledger_center)


@pytest.fixture
def police_user(ledger_center, make_user):
    return make_user("department", ledger_center, department=ledger_center.departments.get(name="派出所"))


@pytest.fixture
def county_user(ledger_center, make_user):
    return make_user("county", None)


# --- spreadsheets --------------------------------------------------------------------------------

DISPUTE_HEADER = ["序号", "登记日期", "来源", "当事人", "联系电话", "身份证号", "类别", "简要情况", "责任单位", "办结日期", "是否化解", "回访情况"]


def xlsx_bytes(rows, title=None, merge_to=None):
    """An xlsx with an optional merged title row, then the given rows (header first)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    if title:
        sheet.append([title])
        sheet.merge_cells(f"A1:{merge_to or 'H'}1")
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    import csv

    text = io.StringIO()
    writer = csv.writer(text)
    for row in rows:
        writer.writerow(["" if value is None else value for value in row])
    return text.getvalue().encode(encoding)


def xls_bytes(rows):
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("台账")
    date_style = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                sheet.write(r, c, value, date_style)
            elif value is not None:
                sheet.write(r, c, value)
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def upload(data, name="台账.xlsx"):
    return SimpleUploadedFile(name, data)


def good_row(n=1, **changes):
    """A valid dispute row in the DISPUTE_HEADER layout."""
    from tests.factories import VALID_ID_NUMBER

    values = {
        "序号": n,
        "登记日期": "2026-03-05",
        "来源": "来访",
        "当事人": f"张{n}、李{n}",
        "联系电话": "13800138000、13900139000",
        "身份证号": VALID_ID_NUMBER,
        "类别": "邻里纠纷",
        "简要情况": f"第{n}起：两户因院墙滴水发生争执。",
        "责任单位": "综治办",
        "办结日期": "2026-03-20",
        "是否化解": "是",
        "回访情况": "满意",
    }
    values.update(changes)
    return [values[h] for h in DISPUTE_HEADER]
