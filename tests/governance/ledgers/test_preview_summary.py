"""The preview speaks the clerk's language (issue 16): each problem shows the sheet's 序号 beside the
Excel row, and the summary separates what would import, what is already in, and what problems block,
never suggesting that a blocked file imports."""

import pytest
from django.urls import reverse

from governance.ledgers.importing import plan_import
from governance.ledgers.models import ImportJob
from governance.ledgers.registers import DISPUTES
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def sheet(*rows):
    return xlsx_bytes([DISPUTE_HEADER, *rows], title="示范镇矛盾纠纷排查调处登记台账")


def test_each_problem_carries_the_rows_serial_number_from_the_sheet(ledger_center):
    data = sheet(good_row(1), good_row(2, 序号="２", 登记日期="2026-02-30"), good_row(17, 类别="外星人纠纷"))

    plan = plan_import(data, "台账.xlsx", DISPUTES, ledger_center)

    assert [(p.line, p.serial) for p in plan.problems] == [(4, "2"), (5, "17")]
    assert plan.problems[0].as_list()[:2] == [4, "2"]
    assert not any("序号" in note for note in plan.notes)  # 序号 is read, not "ignored"


def test_a_blocked_file_would_import_nothing_and_says_how_many_rows_are_blocked(ledger_center):
    plan = plan_import(sheet(good_row(1), good_row(2), good_row(3, 登记日期="2026-02-30")), "台账.xlsx", DISPUTES, ledger_center)

    summary = plan.summary()
    assert (summary["new"], summary["ready"], summary["blocked"], summary["skipped"]) == (0, 2, 1, 0)


def test_a_clean_file_would_import_every_row(ledger_center):
    summary = plan_import(sheet(good_row(1), good_row(2)), "台账.xlsx", DISPUTES, ledger_center).summary()

    assert (summary["new"], summary["ready"], summary["blocked"]) == (2, 2, 0)


def test_the_preview_page_shows_serials_and_a_zero_to_import_for_a_blocked_file(client, director):
    client.force_login(director)
    data = sheet(good_row(1), good_row(2), good_row(38, 登记日期="2026-02-30"))
    response = client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data)})
    page = client.get(response["Location"]).content.decode()

    job = ImportJob.objects.get()
    assert job.preview["problems"][0][:2] == [5, "38"]
    assert "<td>5</td><td>38</td>" in page
    assert "可导入</dt><dd>0</dd>" in page
    assert "有问题的行</dt><dd>1</dd>" in page
    assert "2 行没有问题，但在其他问题改正之前也不会导入。" in page
    assert reverse("ledgers_import_confirm", args=[job.pk]) not in page
