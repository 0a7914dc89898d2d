"""Importing the 群防群治活动台账 through the ledger screens (upload → preview → confirm): each row a
patrol created through the engine in its state, with its teams, villages and findings (never made
cases by an import); every bad cell reported in Chinese; the register's own export re-imports and
creates nothing; only the center's staff who record patrols may import."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from governance.ledgers.models import ImportJob, ImportStatus
from governance.models import AuditEvent, Case
from governance.prevention.ledger import PATROLS
from governance.prevention.models import Finding, Patrol
from governance.prevention.services import patrols, teams
from tests.governance.ledgers.conftest import upload, xlsx_bytes
from tests.governance.ledgers.downloads import download
from tests.governance.prevention.conftest import TODAY, patrol_data

pytestmark = pytest.mark.django_db

IMPORT_URL = "/admin/ledgers/patrols/import/"
EXPORT_URL = "/admin/ledgers/patrols/export/"
HEADER = ["序号", *PATROLS.import_headers]


@pytest.fixture(autouse=True)
def ledger_settings(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.LEDGER_JOB_RUNNER = "inline"
    settings.LEDGER_INLINE_ROWS = 2000
    return settings


def row(n=1, **changes):
    values = {
        "序号": n,
        "活动日期": "2026-09-20",
        "时间": "19:00—21:30",
        "参加队伍": "甲镇巡防队",
        "区域或路线": f"镇区主干道{n}",
        "涉及村（社区）": "甲村",
        "参加人数": 4,
        "时长（小时）": "2.5",
        "活动情况": "夜间巡逻",
        "发现问题": "1.［隐患］桥头：护栏断裂；2.［纠纷］两户因宅基地争吵",
        "转立案件编号": "",
        "状态": "已审核",
        "记录人": "王五",
    }
    values.update(changes)
    return [values[h] for h in HEADER]


def post_file(client, data, name="群防群治活动台账.xlsx"):
    response = client.post(IMPORT_URL, {"resource": "0", "import_file": upload(data, name)})
    assert response.status_code == 302, response.content[:800]
    return ImportJob.objects.latest("pk")


def refused(response):
    """PermissionDenied in the Wagtail admin: 403, or a redirect to the dashboard with a message."""
    return response.status_code == 403 or (response.status_code == 302 and response["Location"] == "/admin/")


def confirm(client, job):
    client.post(reverse("ledgers_import_confirm", args=[job.pk]))
    job.refresh_from_db()
    return job


def test_preview_then_confirm_creates_the_patrols_with_their_findings_but_no_case(client, director, town, team, station):
    client.force_login(director)
    second = row(2, 时间="08:00-10:00", 发现问题="路灯不亮\n［其他］垃圾堆放", 状态="", 参加人数="3人", **{"涉及村（社区）": "", "时长（小时）": 2})
    data = xlsx_bytes([HEADER, row(1), second], title="甲镇群防群治活动台账（2026年9月）", merge_to="M")

    job = post_file(client, data)

    assert job.status == ImportStatus.PREVIEWED and job.preview["new"] == 2 and job.preview["problem_count"] == 0
    page = client.get(reverse("ledgers_import_job", args=[job.pk])).content.decode()
    assert "镇区主干道1" in page and reverse("ledgers_import_confirm", args=[job.pk]) in page
    assert Patrol.objects.count() == 0  # the preview writes nothing

    job = confirm(client, job)

    assert job.status == ImportStatus.COMMITTED and job.result == {"created": 2, "skipped": 0}
    first, other = Patrol.objects.filter(center=town).order_by("start_time").reverse()
    assert first.status == "reviewed" and first.route == "镇区主干道1" and str(first.hours) == "2.5" and first.people_count == 4
    assert list(first.teams.all()) == [team] and list(first.villages.all()) == [station] and first.recorded_by == director
    assert [(f.kind, f.place, f.description) for f in first.findings.order_by("pk")] == [
        ("hazard", "桥头", "护栏断裂"),
        ("dispute", "", "两户因宅基地争吵"),
    ]
    assert other.status == "recorded" and f"{other.start_time:%H:%M}" == "08:00" and other.people_count == 3 and not other.villages.exists()
    assert [(f.kind, f.description) for f in other.findings.order_by("pk")] == [("other", "路灯不亮"), ("other", "垃圾堆放")]
    assert Case.objects.count() == 0 and not Finding.objects.filter(case__isnull=False).exists()
    entries = AuditEvent.objects.filter(object_type="patrol", action="patrol.import")
    assert entries.count() == 2 and entries.first().data["file"] == "群防群治活动台账.xlsx"
    assert "从台账导入" in client.get(reverse("prevention_patrol", args=[first.pk])).content.decode()
    assert AuditEvent.objects.filter(action="import", data__register="patrols").count() == 1


def test_every_bad_cell_is_reported_in_chinese_and_nothing_is_written(client, director, team):
    client.force_login(director)
    bad = row(
        1,
        活动日期="2026-02-30",
        时间="八点到十点",
        参加队伍="甲镇巡防队、乙队",
        参加人数="四人",
        状态="作废",
        发现问题="［火灾］仓库",
        **{"涉及村（社区）": "不存在村", "时长（小时）": "两小时"},
    )
    empty = row(2, 区域或路线="", 活动日期="2026-10-01")
    data = xlsx_bytes([HEADER, bad, empty, row(3)])

    job = post_file(client, data)

    problems = {(line, column.split("“")[-1].rstrip("”"), message) for line, _serial, column, message in job.preview["problems"]}
    messages = " ".join(message for *_rest, message in problems)
    assert "日期“2026-02-30”不存在" in messages
    assert "无法识别的时间“八点到十点”" in messages
    assert "本中心没有名为“乙队”的群防群治队伍。现有：甲镇巡防队" in messages
    assert "本中心没有名为“不存在村”的村（社区）工作站" in messages
    assert "“四人”不是有效的人数" in messages and "“两小时”不是有效的时长" in messages
    assert "未知的状态“作废”" in messages and "类别“火灾”无法识别" in messages
    assert (3, "区域或路线", "不能为空。") in problems
    assert (3, "活动日期", "日期 2026-10-01 晚于今天。") in problems
    assert job.preview["new"] == 0 and job.preview["ready"] == 1

    job = confirm(client, job)

    assert job.status == ImportStatus.PREVIEWED and Patrol.objects.count() == 0


def test_the_same_patrol_twice_in_a_file_and_a_dissolved_team(client, director, team):
    client.force_login(director)
    job = post_file(client, xlsx_bytes([HEADER, row(1), row(1, 序号=2)]))
    assert job.preview["problems"][0][3] == "与第 2 行是同一次活动（活动日期、开始时间、参加队伍和区域或路线都相同）。"

    teams.team_move(pk=team.pk, action="dissolve", actor=director, reason="撤并")
    job = post_file(client, xlsx_bytes([HEADER, row(1)]))
    assert job.preview["problems"][0][3] == "队伍“甲镇巡防队”已暂停或解散，不能记录新的活动。"


def _export(client):
    return download(client, EXPORT_URL, format="0").content


def test_round_trip_the_export_reimports_as_already_present_and_into_an_empty_log(client, director, staff, town, team, patrol):
    reviewed = patrols.patrol_record(center=town, actor=staff, data=patrol_data(team, route="村道", findings=[]))
    patrols.patrol_move(pk=reviewed.pk, action="review", actor=director)
    client.force_login(director)
    exported = _export(client)

    job = post_file(client, exported, "导出.xlsx")

    assert job.preview["problem_count"] == 0 and job.preview["new"] == 0 and job.preview["skipped"] == 2
    assert "2 行的活动已在系统中，内容相同，不会重复导入。" in job.preview["notes"]
    assert "导入 0" not in client.get(reverse("ledgers_import_job", args=[job.pk])).content.decode()
    confirm(client, job)
    assert Patrol.objects.count() == 2

    # The same file into a log without those patrols: created once, then already present.
    Patrol.objects.all().delete()
    job = confirm(client, post_file(client, exported, "导出.xlsx"))
    assert job.status == ImportStatus.COMMITTED and job.result["created"] == 2
    assert sorted(Patrol.objects.values_list("status", flat=True)) == ["recorded", "reviewed"]
    assert Finding.objects.get().place == "桥头" and Finding.objects.get().case is None
    again = post_file(client, _export(client), "再次导出.xlsx")
    assert again.preview["new"] == 0 and again.preview["skipped"] == 2 and again.preview["different"] == 0


def test_a_changed_row_is_listed_with_its_difference_and_not_overwritten(client, director, patrol):
    client.force_login(director)
    book = load_workbook(io.BytesIO(_export(client)))
    sheet = book.active
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=2, column=header.index("参加人数") + 1, value=9)
    stream = io.BytesIO()
    book.save(stream)

    job = post_file(client, stream.getvalue())

    assert job.preview["new"] == 0 and job.preview["different"] == 1 and job.preview["problem_count"] == 0
    _line, _serial, label, found, acceptable = job.preview["differences"][0]
    assert label.startswith(f"{TODAY:%Y-%m-%d} 08:00") and not acceptable
    assert found[0][1:3] == ["2", "9"] and found[0][3].startswith("导入不能接受")
    page = client.get(reverse("ledgers_import_job", args=[job.pk])).content.decode()
    assert "导入不能接受" in page
    patrol.refresh_from_db()
    assert patrol.people_count == 2


def test_who_may_import(client, director, staff, police, county_user, other_director, patrol, make_user, town):
    client.force_login(county_user)
    assert refused(client.get(IMPORT_URL))  # the county never imports into a center
    client.force_login(police)
    assert refused(client.get(IMPORT_URL))
    client.force_login(staff)
    assert client.get(IMPORT_URL).status_code == 200
    index = client.get("/admin/ledgers/").content.decode()
    assert reverse("ledgers_import", args=["patrols"]) in index

    from django.contrib.auth.models import Permission

    importer = make_user(None, town)  # may import ledgers, may not record patrols
    importer.user_permissions.add(*Permission.objects.filter(codename__in=["import_ledger", "export_ledger", "access_admin", "view_patrol"]))
    client.force_login(importer)
    assert refused(client.get(IMPORT_URL))
    assert reverse("ledgers_import", args=["patrols"]) not in client.get("/admin/ledgers/").content.decode()


def test_a_county_user_with_the_import_right_still_may_not_import_patrols(client, county_user, town):
    from django.contrib.auth.models import Permission

    county_user.user_permissions.add(*Permission.objects.filter(codename__in=["import_ledger", "add_patrol"]))
    client.force_login(county_user)
    assert refused(client.get(IMPORT_URL))


def test_the_template_is_an_empty_register_with_the_import_headers(client, director):
    client.force_login(director)
    response = client.get(reverse("ledgers_template", args=["patrols"]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [cell.value for cell in sheet[1]] == HEADER and sheet.max_row == 1


def test_the_demo_log_reimports_as_already_present(client, demo_county, settings):
    from django.contrib.auth import get_user_model

    director = get_user_model().objects.get(username="shifan_director")
    client.force_login(director)
    count = Patrol.objects.filter(center__slug="shifan").count()
    job = post_file(client, _export(client), "示范镇.xlsx")
    assert job.preview["problem_count"] == 0 and job.preview["new"] == 0 and job.preview["skipped"] == count > 0


def test_the_commit_itself_refuses_users_who_may_not_record_patrols(town, team, county_user, staff):
    from governance.ledgers.importing import plan_import
    from governance.ledgers.services import ImportRejected, ledger_import_commit

    plan = plan_import(xlsx_bytes([HEADER, row(1)]), "台账.xlsx", PATROLS, town)
    assert plan.ok and len(plan.cases) == 1
    with pytest.raises(ImportRejected) as rejected:
        ledger_import_commit(plan=plan, actor=county_user, file_name="台账.xlsx")
    assert rejected.value.plan.problems[0].message == "只有本中心可以记录群防群治活动的工作人员才能导入本台账。"
    assert Patrol.objects.count() == 0

    result = ledger_import_commit(plan=plan_import(xlsx_bytes([HEADER, row(1)]), "台账.xlsx", PATROLS, town), actor=staff, file_name="台账.xlsx")
    assert result.created == 1 and Patrol.objects.get().recorded_by == staff
