"""The 群防群治活动台账: exported through the ledgers' admin view like the other registers, per center,
without personal data; imported by its own importer (test_ledger_import)."""

import pytest

from governance.ledgers.registers import get_register
from governance.prevention.ledger import PATROLS
from governance.prevention.services import patrols
from tests.governance.ledgers.downloads import csv_rows, download

pytestmark = pytest.mark.django_db

URL = "/admin/ledgers/patrols/export/"
HEADER = [
    "序号",
    "活动日期",
    "时间",
    "参加队伍",
    "区域或路线",
    "涉及村（社区）",
    "参加人数",
    "时长（小时）",
    "活动情况",
    "发现问题",
    "转立案件编号",
    "状态",
    "记录人",
]


def test_the_register_is_registered_and_importable():
    assert get_register("patrols") is PATROLS
    assert PATROLS.title == "群防群治活动台账" and PATROLS.importable and PATROLS.importer
    assert [c.header for c in PATROLS.columns] == HEADER


def test_the_export_lists_the_centers_patrols_with_findings_and_cases(client, patrol, director, reference):
    finding = patrol.findings.get()
    case = patrols.finding_to_case(finding_id=finding.pk, actor=director, case_kind="hazard", category_id=reference("category", "safety").pk)
    client.force_login(director)

    rows = csv_rows(download(client, URL, format="1"))

    assert rows[0] == HEADER
    row = dict(zip(rows[0], rows[1]))
    assert row["参加队伍"] == "甲镇巡防队" and row["时间"] == "08:00—10:00" and row["时长（小时）"] == "2.0"
    assert row["发现问题"] == "［隐患］桥头：桥头护栏断裂" and row["转立案件编号"] == case.code and row["状态"] == "已记录"
    text = "\n".join(",".join(r) for r in rows)
    assert "11010519491231002X" not in text and "13800138000" not in text


def test_the_xlsx_export_and_another_centers_user(client, patrol, other_director):
    client.force_login(other_director)
    rows = csv_rows(download(client, URL, format="1"))
    assert rows == [HEADER]
    assert download(client, URL, format="0").content[:2] == b"PK"


def test_the_import_page_is_offered_to_the_centers_director(client, director):
    client.force_login(director)
    assert client.get("/admin/ledgers/patrols/import/").status_code == 200
