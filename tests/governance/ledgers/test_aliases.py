"""Aliases (issue 16): a ledger's former or other names for departments, categories, outcomes and
sources are read as the entry they mean; county-wide from a starter list, per center over them."""

import pytest

from governance.ledgers.aliases import COUNTY_ALIASES, aliases_for, save_alias
from governance.ledgers.importing import plan_import
from governance.ledgers.models import ImportAlias
from governance.ledgers.registers import DISPUTES
from governance.models import AuditEvent, Department
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def plan_of(center, *rows):
    return plan_import(xlsx_bytes([DISPUTE_HEADER, *rows], title="台账"), "台账.xlsx", DISPUTES, center)


def test_the_county_starts_with_the_common_former_names():
    saved = {(a.kind, a.alias): a.target for a in ImportAlias.objects.filter(center__isnull=True)}

    assert saved[("department", "国土所")] == "自然资源所"
    assert len(saved) == sum(len(names) for names in COUNTY_ALIASES.values())


def test_a_former_department_name_is_read_as_the_department_of_today(ledger_center):
    natural = Department.objects.create(center=ledger_center, name="自然资源所")

    plan = plan_of(ledger_center, good_row(1, 责任单位="国土所、综治办"), good_row(2, 责任单位="甲镇国土所"))

    assert plan.problems == []
    assert [c.lead_department_id for c in plan.cases] == [natural.pk, natural.pk]


def test_an_alias_whose_entry_the_center_lacks_leaves_the_name_unknown(ledger_center):
    plan = plan_of(ledger_center, good_row(1, 责任单位="国土所"))

    assert [p.message for p in plan.problems] == ["本中心没有名为“国土所”的部门。本中心的部门有：综治办、派出所、甲镇卫生院。"]


def test_category_source_and_outcome_aliases(ledger_center, reference):
    plan = plan_of(ledger_center, good_row(1, 类别="宅基地纠纷", 来源="群众来访"))

    assert plan.problems == []
    assert (plan.cases[0].category_id, plan.cases[0].source_id) == (reference.pk("category", "homestead"), reference.pk("source", "walk_in"))


def test_a_centers_own_alias_wins_over_the_county_and_is_audited(ledger_center, director, other_center):
    save_alias(center=ledger_center, kind="department", alias="国土所", target="派出所", actor=director)

    assert aliases_for("department", ledger_center.pk)["国土所"] == "派出所"
    assert aliases_for("department", other_center.pk)["国土所"] == "自然资源所"
    plan = plan_of(ledger_center, good_row(1, 责任单位="国土所"))
    assert plan.cases[0].lead_department_id == ledger_center.departments.get(name="派出所").pk
    assert AuditEvent.objects.filter(action="import_alias", center_id=ledger_center.pk).count() == 1


def test_an_exact_name_is_never_shadowed_by_an_alias(ledger_center):
    save_alias(center=ledger_center, kind="department", alias="派出所", target="综治办", actor=None)

    plan = plan_of(ledger_center, good_row(1, 责任单位="派出所"))

    assert plan.cases[0].lead_department_id == ledger_center.departments.get(name="派出所").pk


def test_unknown_names_are_counted_once_each_for_the_mapping_step(ledger_center):
    plan = plan_of(ledger_center, *[good_row(n, 责任单位="水利站") for n in range(1, 39)], good_row(39, 类别="外星人纠纷"))

    assert plan.summary()["unknown"] == [["departments", "责任单位", "水利站", 38], ["category", "类别", "外星人纠纷", 1]]


def test_the_mapping_step_maps_a_former_name_once_and_every_row_follows(client, director, ledger_center):
    from governance.ledgers.models import ImportJob
    from tests.governance.ledgers.conftest import upload

    water = Department.objects.create(center=ledger_center, name="水务站")
    rows = [good_row(n, 责任单位="水利站") for n in range(1, 39)]
    client.force_login(director)
    response = client.post(
        "/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(xlsx_bytes([DISPUTE_HEADER, *rows], title="台账"))}
    )
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert job.preview["problem_count"] == 38
    assert "<td>水利站</td><td>38</td>" in page and '<option value="水务站">' in page

    client.post(response["Location"], {"map-0": "水务站"})

    job.refresh_from_db()
    assert (job.preview["problem_count"], job.preview["new"]) == (0, 38)
    assert ImportAlias.objects.get(center=ledger_center, alias="水利站").target == "水务站"
    client.post(f"/admin/ledgers/imports/{job.pk}/confirm/")
    assert set(ledger_center.cases.values_list("lead_department", flat=True)) == {water.pk}


def test_a_mapping_to_a_name_not_offered_is_ignored(client, director, ledger_center):
    from governance.ledgers.models import ImportJob
    from tests.governance.ledgers.conftest import upload

    client.force_login(director)
    response = client.post(
        "/admin/ledgers/disputes/import/",
        {"resource": "0", "import_file": upload(xlsx_bytes([DISPUTE_HEADER, good_row(1, 责任单位="水利站")], title="台账"))},
    )

    client.post(response["Location"], {"map-0": "别的中心的部门"})

    assert not ImportAlias.objects.filter(center=ledger_center).exists()
    assert ImportJob.objects.get().preview["problem_count"] == 1


def test_a_director_keeps_the_centers_aliases_in_the_admin_and_sees_the_county_list(client, director, ledger_center):
    client.force_login(director)

    listing = client.get("/admin/ledgers/importalias/").content.decode()
    created = client.post(
        "/admin/ledgers/importalias/create/", {"center": ledger_center.pk, "kind": "department", "alias": "水利站", "target": "综治办"}
    )
    county = ImportAlias.objects.get(center__isnull=True, alias="国土所")
    county_edit = client.get(f"/admin/ledgers/importalias/edit/{county.pk}/")

    assert "国土所" in listing and "自然资源所" in listing
    assert created.status_code == 302
    assert aliases_for("department", ledger_center.pk)["水利站"] == "综治办"
    assert county_edit.status_code in (302, 403)  # the county's list is changed by the county only


def test_a_director_may_create_the_entry_a_name_stands_for_and_staff_may_only_map(client, director, staff, ledger_center):
    from governance.ledgers.models import ImportJob
    from tests.governance.ledgers.conftest import upload

    data = xlsx_bytes([DISPUTE_HEADER, *[good_row(n, 责任单位="水利站") for n in range(1, 4)]], title="台账")
    client.force_login(staff)
    staff_page = client.get(
        client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data)})["Location"]
    ).content.decode()
    client.force_login(director)
    response = client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data)})
    page = client.get(response["Location"]).content.decode()
    assert '<option value="__create__">新建“水利站”</option>' in page and "__create__" not in staff_page

    client.post(response["Location"], {"map-0": "__create__"})

    job = ImportJob.objects.get(created_by=director)
    created = ledger_center.departments.get(name="水利站")
    assert (job.preview["problem_count"], job.preview["new"]) == (0, 3)
    assert AuditEvent.objects.filter(action="import_create_entry", object_id=str(created.pk)).exists()
