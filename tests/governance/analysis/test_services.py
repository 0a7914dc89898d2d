"""The analysis lifecycle: the draft generated from the records (a snapshot), edits with stale
refusal, the meeting's agenda, submit, send back, approve; the opinions become meeting tasks once."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.analysis import services
from governance.analysis.models import SituationAnalysis
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.institutions.models import AgendaItem, MeetingTask
from governance.models import AuditEvent
from tests.governance.analysis.conftest import NOVEMBER, TODAY

pytestmark = pytest.mark.django_db


def _row(rows, key):
    return next(row for row in rows if row["key"] == key)


def test_the_draft_is_generated_from_the_records(town, staff, records):
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    assert analysis.status == "draft" and analysis.title == "甲镇2026年11月治安形势分析"
    assert (analysis.period_start, analysis.period_end) == (date(2026, 11, 1), date(2026, 11, 30))
    villages = analysis.figures["tables"]["village"]
    assert _row(villages, "甲村") == {**_row(villages, "甲村"), "current": 3, "previous": 1, "last_year": 1}
    assert _row(villages, "乙庄")["change"] == -1
    assert [row["key"] for row in analysis.figures["rising"]["village"]["previous"]] == ["甲村"]
    records_table = {row["key"]: row["current"] for row in analysis.figures["tables"]["record"]}
    assert records_table == {"dispute": 3, "hazard": 1, "petition": 0, "screening": 0, "finding": 0, "incident": 0}
    assert analysis.figures["record_labels"]["hazard"] == "安全隐患"
    assert "共受理" in analysis.overview and "4件" in analysis.overview and "甲村（增加2件）" in analysis.features
    assert AuditEvent.objects.filter(object_type="situationanalysis", action="analysis.create").count() == 1


def test_one_analysis_per_center_and_period_and_no_future_period(town, staff, records):
    services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    with pytest.raises(ValidationError, match="已存在"):
        services.analysis_create(center=town, actor=staff, kind="month", day=NOVEMBER)
    quarter = services.analysis_create(center=town, actor=staff, kind="quarter", day=TODAY)
    assert (quarter.period_start, quarter.period_end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert quarter.figures["total"]["current"] == 7  # October and November
    with pytest.raises(ValidationError, match="尚未开始"):
        services.analysis_create(center=town, actor=staff, kind="month", day=date(2026, 12, 1))


def test_the_figures_are_a_snapshot_until_regenerated(town, staff, records, make_case, villages):
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    make_case(NOVEMBER, villages["乙庄"])
    analysis.refresh_from_db()
    assert analysis.figures["total"]["current"] == 4
    text = analysis.overview
    analysis = services.analysis_regenerate(pk=analysis.pk, actor=staff)
    assert analysis.figures["total"]["current"] == 5 and analysis.overview == text
    analysis = services.analysis_regenerate(pk=analysis.pk, actor=staff, rewrite_text=True)
    assert "5件" in analysis.overview


def test_the_draft_is_edited_with_its_opinions_and_a_stale_edit_is_refused(town, staff, opinions, records):
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    data = services.DraftData("本月治安形势总体平稳。", "纠纷主要集中在甲村。", opinions)
    edited = services.analysis_update_draft(pk=analysis.pk, actor=staff, data=data, expected_version=analysis.version)
    assert edited.overview == "本月治安形势总体平稳。" and edited.opinions.count() == 2
    assert [o.number for o in edited.opinions.order_by("number")] == [1, 2]
    with pytest.raises(StaleEdit):
        services.analysis_update_draft(pk=analysis.pk, actor=staff, data=data, expected_version=analysis.version)


def test_bad_opinions_are_refused_in_chinese(town, other_center, staff, records):
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    foreign = other_center.departments.first()
    bad = [services.OpinionData("", foreign.pk, date(2026, 1, 1))]
    with pytest.raises(ValidationError) as error:
        services.analysis_update_draft(pk=analysis.pk, actor=staff, data=services.DraftData("概述", "", bad), expected_version=analysis.version)
    messages = error.value.message_dict["opinions"]
    assert "第1条意见：请填写工作内容。" in messages and "第1条意见：请选择本中心的责任单位。" in messages
    assert "第1条意见：完成时限不能早于今天。" in messages
    assert not analysis.opinions.exists()


def test_attaching_puts_an_agenda_item_on_the_meeting(make_analysis, meeting):
    analysis = make_analysis("draft")
    item = AgendaItem.objects.get(pk=analysis.agenda_item_id)
    assert analysis.meeting_id == meeting.pk and item.meeting_id == meeting.pk and analysis.title in item.title
    with pytest.raises(ValidationError, match="已列入"):
        services.analysis_attach(pk=analysis.pk, actor=analysis.created_by, meeting_id=meeting.pk)


def test_submit_needs_an_opinion(town, staff, records):
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    with pytest.raises(ValidationError, match="至少填写一条"):
        services.analysis_submit(pk=analysis.pk, actor=staff)


def test_only_the_director_approves_and_the_opinions_become_tasks_once(make_analysis, staff, director, meeting):
    analysis = make_analysis("submitted")
    with pytest.raises(MoveNotAllowed):
        services.analysis_approve(pk=analysis.pk, actor=staff)
    approved = services.analysis_approve(pk=analysis.pk, actor=director)
    assert approved.status == "approved" and approved.approved_on == TODAY and approved.approved_by == director
    tasks = MeetingTask.objects.filter(meeting=meeting).order_by("number")
    assert [(t.decision, t.owner.name, t.deadline) for t in tasks] == [
        ("在甲村组织夜间巡逻。", "派出所", date(2026, 12, 10)),
        ("对邻里纠纷开展专项排查。", "综治办", date(2026, 12, 20)),
    ]
    assert sorted(approved.opinions.values_list("task_id", flat=True)) == sorted(tasks.values_list("pk", flat=True))
    with pytest.raises(MoveNotAllowed):
        services.analysis_approve(pk=analysis.pk, actor=director)
    with pytest.raises(MoveNotAllowed):
        services.analysis_return(pk=analysis.pk, actor=director, reason="再改")
    assert MeetingTask.objects.filter(meeting=meeting).count() == 2


def test_approval_waits_for_the_meeting_to_be_held(town, staff, director, opinions, records):
    from governance.institutions.services import meetings

    planned = meetings.meeting_create(center=town, actor=director, scheduled_on=date(2026, 11, 25), title="十一月例会")
    analysis = services.analysis_create(center=town, actor=staff, kind="month", day=TODAY)
    services.analysis_update_draft(pk=analysis.pk, actor=staff, data=services.DraftData("概述", "", opinions), expected_version=analysis.version)
    services.analysis_submit(pk=analysis.pk, actor=staff)
    with pytest.raises(ValidationError, match="列入联席会议议程"):
        services.analysis_approve(pk=analysis.pk, actor=director)
    services.analysis_attach(pk=analysis.pk, actor=staff, meeting_id=planned.pk)
    with pytest.raises(ValidationError, match="请先登记会议已召开"):
        services.analysis_approve(pk=analysis.pk, actor=director)
    assert SituationAnalysis.objects.get(pk=analysis.pk).status == "submitted" and not MeetingTask.objects.exists()


def test_the_director_sends_it_back_with_a_reason(make_analysis, director, staff):
    analysis = make_analysis("submitted")
    with pytest.raises(ValidationError):
        services.analysis_return(pk=analysis.pk, actor=director, reason=" ")
    returned = services.analysis_return(pk=analysis.pk, actor=director, reason="请补充乙庄的情况。")
    assert returned.status == "draft" and returned.return_reason == "请补充乙庄的情况。"
    submitted = services.analysis_submit(pk=analysis.pk, actor=staff)
    assert submitted.return_reason == ""


def test_the_county_and_other_centers_cannot_act(make_analysis, county_user, other_director, town):
    analysis = make_analysis("submitted")
    for outsider in (county_user, other_director):
        with pytest.raises(MoveNotAllowed):
            services.analysis_approve(pk=analysis.pk, actor=outsider)
        with pytest.raises(MoveNotAllowed):
            services.analysis_create(center=town, actor=outsider, kind="quarter", day=TODAY)
