"""The preview's mapping step (issue 16): every unknown department, village (community), category,
outcome, source or petition kind is offered once; it is mapped to an existing entry (saved as the
center's alias) or, for users allowed to add entries of that list, created where that list keeps its
entries; the preview is computed again."""

import pytest

from governance.ledgers import mapping
from governance.ledgers.aliases import aliases_for
from governance.ledgers.importing import plan_import
from governance.ledgers.models import ImportAlias, ImportJob
from governance.ledgers.registers import PETITIONS
from governance.models import AuditEvent, ReferenceItem, Workstation
from tests.factories import VALID_ID_NUMBER
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

VILLAGE_HEADER = [*DISPUTE_HEADER, "所属村（社区）"]
OUTCOME_HEADER = [*DISPUTE_HEADER, "结果类别"]
PETITION_HEADER = ["序号", "日期", "信访人", "证件号", "诉求", "类别", "信访类型"]


def _upload(client, user, header, rows, register="disputes"):
    client.force_login(user)
    response = client.post(f"/admin/ledgers/{register}/import/", {"resource": "0", "import_file": upload(xlsx_bytes([header, *rows], title="台账"))})
    return response["Location"], ImportJob.objects.filter(created_by=user).latest("pk")


def test_a_former_village_name_is_offered_once_and_mapped_for_every_row(client, director, ledger_center):
    village = ledger_center.workstations.get(name="甲村")
    location, job = _upload(client, director, VILLAGE_HEADER, [[*good_row(n), "老甲村"] for n in range(1, 6)])
    page = client.get(location).content.decode()
    assert job.preview["unknown"] == [["workstation", "所属村（社区）", "老甲村", 5]]
    assert '<option value="甲村">' in page
    # The banner points at the mapping step, not only at a corrected upload.
    assert "请先在上方说明不认识的名称指的是哪一项" in page

    client.post(location, {"map-0": "甲村"})

    job.refresh_from_db()
    assert (job.preview["problem_count"], job.preview["new"]) == (0, 5)
    assert aliases_for("workstation", ledger_center.pk)["老甲村"] == "甲村"
    client.post(f"/admin/ledgers/imports/{job.pk}/confirm/")
    assert set(ledger_center.cases.values_list("workstation", flat=True)) == {village.pk}


def test_a_director_may_create_a_village_in_the_center(client, director, ledger_center):
    location, job = _upload(client, director, VILLAGE_HEADER, [[*good_row(1), "新村"]])

    client.post(location, {"map-0": "__create__"})

    job.refresh_from_db()
    assert job.preview["problem_count"] == 0
    assert Workstation.objects.filter(center=ledger_center, name="新村").exists()


def test_petition_kinds_are_read_by_their_short_names_and_unknown_ones_mapped_never_created(client, director, ledger_center, reference):
    def row(n, kind):
        return [n, "2026-03-05", f"王{n}", VALID_ID_NUMBER, "要求解决宅基地确权问题。", "房屋宅基地", kind]

    plan = plan_import(xlsx_bytes([PETITION_HEADER, row(1, "申诉"), row(2, "检举")], title="台账"), "台账.xlsx", PETITIONS, ledger_center)
    assert plan.problems == []
    assert [c.petition_kind_id for c in plan.cases] == [reference.pk("petition_kind", "claim"), reference.pk("petition_kind", "accusation")]

    location, job = _upload(client, director, PETITION_HEADER, [row(1, "求助")], register="petitions")
    page = client.get(location).content.decode()
    assert '<option value="申诉求决">' in page and "__create__" not in page

    client.post(location, {"map-0": "申诉求决"})

    job.refresh_from_db()
    assert job.preview["problem_count"] == 0
    assert ImportAlias.objects.get(center=ledger_center, kind="petition_kind", alias="求助").target == "申诉求决"


def test_an_outcome_is_created_with_whether_it_counts_as_resolved(client, director, ledger_center):
    rows = [[*good_row(n), "人民调解成功"] for n in range(1, 4)]
    location, job = _upload(client, director, OUTCOME_HEADER, rows)
    page = client.get(location).content.decode()
    assert '<option value="__create_resolved__">新建“人民调解成功”（计为化解）</option>' in page
    assert '<option value="__create_unresolved__">新建“人民调解成功”（不计为化解）</option>' in page

    client.post(location, {"map-0": "__create_resolved__"})

    job.refresh_from_db()
    created = ReferenceItem.objects.get(kind="outcome", name="人民调解成功")
    assert (created.center_id, created.counts_as_resolved) == (ledger_center.pk, True)
    assert (job.preview["problem_count"], job.preview["new"]) == (0, 3)
    assert AuditEvent.objects.filter(action="import_create_entry", object_id=str(created.pk)).exists()


def test_an_outcome_created_as_not_resolved_conflicts_with_rows_that_say_resolved(client, director, ledger_center):
    location, job = _upload(client, director, OUTCOME_HEADER, [[*good_row(1), "人民调解成功"]])

    client.post(location, {"map-0": "__create_unresolved__"})

    job.refresh_from_db()
    assert [p[3] for p in job.preview["problems"]] == ["结果类别“人民调解成功”与是否化解“是”不一致。"]


def test_staff_without_the_add_permission_may_only_map(client, staff, ledger_center):
    location, job = _upload(client, staff, OUTCOME_HEADER, [[*good_row(1), "人民调解成功"]])
    page = client.get(location).content.decode()
    assert "__create" not in page

    client.post(location, {"map-0": "__create_resolved__"})

    job.refresh_from_db()
    assert job.preview["problem_count"] == 1 and not ReferenceItem.objects.filter(name="人民调解成功").exists()


def test_a_county_level_user_creates_reference_entries_county_wide_and_departments_in_the_center(director, county_user, ledger_center, client):
    _location, job = _upload(client, director, DISPUTE_HEADER, [good_row(1, 类别="渔业纠纷")])

    mapping.map_names(job, county_user, {"map-0": "__create__"})

    created = ReferenceItem.objects.get(kind="category", name="渔业纠纷")
    assert created.center_id is None
    assert mapping.entry_center(job, county_user, "departments") == ledger_center
    assert mapping.entry_center(job, director, "category") == ledger_center
    job.refresh_from_db()
    assert job.preview["problem_count"] == 0
