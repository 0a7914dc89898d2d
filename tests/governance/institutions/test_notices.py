"""governance.institutions.services.notices: every lifecycle of a rectification notice, with its
audit rows, notifications and the live broadcast; numbering; who may do what; the sweep."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from governance.flow.table import StaleEdit
from governance.institutions.models import NoticeEvidence, RectificationNotice, Reminder
from governance.institutions.rules import flows
from governance.institutions.services import notices as services
from governance.institutions.services.sweep import run_institutions_sweep
from governance.models import AuditEvent, Notification
from tests.factories import committing, live_sends, register  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def data(recipient, deadline, **overrides):
    values = dict(
        recipient_id=recipient.pk,
        problem="出租屋楼道堆放电动车并违规充电。",
        place="新华小区7栋",
        basis="《中华人民共和国消防法》第二十八条",
        measures="清理楼道，拆除飞线充电。",
        responsible_person="许海涛",
        funds="约3000元，由房东承担",
        deadline=deadline,
        contingency_plan="每日巡查一次。",
    )
    values.update(overrides)
    return services.NoticeData(**values)


def photo():
    return ContentFile(b"\x89PNG fake", name="after.png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def draft(town, director, departments, clock):
    return services.notice_create(center=town, actor=director, data=data(departments["派出所"], clock.today + timedelta(days=10)))


def actions(notice):
    return list(
        AuditEvent.objects.filter(object_type="rectificationnotice", object_id=str(notice.pk)).order_by("pk").values_list("action", flat=True)
    )


def test_full_lifecycle_draft_issue_receipt_rectify_reinspect_close(draft, director, police, clock, committing, live_sends):
    assert draft.status == flows.DRAFT and draft.number == ""
    with committing():
        notice = services.notice_issue(pk=draft.pk, actor=director)
    assert notice.status == flows.ISSUED
    assert notice.number == "甲镇综治整改〔2026〕1号"
    assert notice.issued_on == clock.today and notice.issuer == director
    assert Notification.objects.filter(recipient=police, kind="notice", title__contains=notice.number).exists()
    assert live_sends.calls == [(notice.center_id, "institutions")]

    clock.today += timedelta(days=1)
    notice = services.notice_return_receipt(pk=notice.pk, actor=police, received_on=clock.today, signer="许海涛", note="立即组织清理。")
    assert (notice.status, notice.receipt_signer) == (flows.RECEIVED, "许海涛")

    clock.today += timedelta(days=5)
    notice = services.notice_report_rectified(
        pk=notice.pk, actor=police, rectified_on=clock.today, note="已清理完毕。", evidence=[(photo(), "整改后照片")]
    )
    assert notice.status == flows.RECTIFIED
    assert NoticeEvidence.objects.get(notice=notice).description == "整改后照片"
    assert (
        Notification.objects.filter(recipient=director, title__contains="re-inspect").exists()
        or Notification.objects.filter(recipient=director).exists()
    )

    notice = services.notice_reinspect(pk=notice.pk, actor=director, passed=True, note="整改到位。")
    assert notice.status == flows.CLOSED
    assert notice.reinspected_by == director and notice.reinspected_on == clock.today
    assert actions(notice) == ["notice.create", "notice.issue", "notice.receipt", "notice.rectified", "notice.reinspect_pass"]
    last = AuditEvent.objects.filter(object_id=str(notice.pk), object_type="rectificationnotice").latest("pk")
    assert (last.data["from"], last.data["to"], last.actor) == (flows.RECTIFIED, flows.CLOSED, director)


def test_failed_reinspection_goes_back_to_rectification_and_tells_the_department(draft, director, police, clock):
    services.notice_issue(pk=draft.pk, actor=director)
    services.notice_return_receipt(pk=draft.pk, actor=police, received_on=clock.today, signer="许海涛")
    services.notice_report_rectified(pk=draft.pk, actor=police, rectified_on=clock.today, note="已清理。", evidence=[(photo(), "")])
    notice = services.notice_reinspect(pk=draft.pk, actor=director, passed=False, note="充电飞线仍未拆除。")
    assert notice.status == flows.RECEIVED and notice.rectified_on is None
    assert Notification.objects.filter(recipient=police, body="充电飞线仍未拆除。").exists()
    # The second report needs no new file: the evidence already attached still counts.
    notice = services.notice_report_rectified(pk=draft.pk, actor=police, rectified_on=clock.today, note="已全部拆除。")
    assert notice.status == flows.RECTIFIED


def test_overdue_then_escalated_to_the_director_and_the_county(draft, director, police, county_user, clock):
    services.notice_issue(pk=draft.pk, actor=director)
    with pytest.raises(ValidationError):
        services.notice_mark_overdue(pk=draft.pk)  # not past the deadline yet
    clock.today = draft.deadline + timedelta(days=1)
    notice = services.notice_mark_overdue(pk=draft.pk)
    assert notice.status == flows.OVERDUE and notice.overdue_on == clock.today
    notice = services.notice_escalate(pk=draft.pk, reason="逾期未整改。")
    assert notice.status == flows.ESCALATED and notice.escalated_on == clock.today
    for user in (director, county_user, police):
        assert Notification.objects.filter(recipient=user, kind="supervise").exists()
    # Still possible to finish: receipt, rectification, re-inspection.
    notice = services.notice_return_receipt(pk=draft.pk, actor=police, received_on=clock.today, signer="许海涛")
    assert notice.status == flows.ESCALATED
    notice = services.notice_report_rectified(pk=draft.pk, actor=police, rectified_on=clock.today, note="已整改。", evidence=[(photo(), "")])
    assert notice.status == flows.RECTIFIED
    assert services.notice_reinspect(pk=draft.pk, actor=director, passed=True, note="同意销号。").status == flows.CLOSED


def test_cancelled_draft_gets_no_number(draft, director):
    notice = services.notice_cancel(pk=draft.pk, actor=director, reason="重复起草。")
    assert notice.status == flows.CANCELLED and notice.number == ""
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_issue(pk=draft.pk, actor=director)


def test_numbers_are_sequential_per_center_and_year(town, other_center, director, other_director, departments, clock):
    def issued(center, actor, recipient):
        notice = services.notice_create(center=center, actor=actor, data=data(recipient, clock.today + timedelta(days=5)))
        return services.notice_issue(pk=notice.pk, actor=actor).number

    assert issued(town, director, departments["派出所"]) == "甲镇综治整改〔2026〕1号"
    assert issued(town, director, departments["综治办"]) == "甲镇综治整改〔2026〕2号"
    assert issued(other_center, other_director, other_center.departments.first()) == "乙乡综治整改〔2026〕1号"
    clock.today = date(2027, 1, 4)
    assert issued(town, director, departments["派出所"]) == "甲镇综治整改〔2027〕1号"


def test_a_draft_is_edited_with_a_version_check(draft, director, departments):
    edited = services.notice_update_draft(
        pk=draft.pk, actor=director, data=data(departments["综治办"], draft.deadline, funds="5000元"), expected_version=draft.version
    )
    assert (edited.recipient, edited.funds) == (departments["综治办"], "5000元")
    with pytest.raises(StaleEdit):
        services.notice_update_draft(pk=draft.pk, actor=director, data=data(departments["综治办"], draft.deadline), expected_version=draft.version)


def test_validation(town, director, departments, other_center, reference, clock):
    with pytest.raises(ValidationError) as error:
        services.notice_create(center=town, actor=director, data=data(departments["派出所"], clock.today - timedelta(days=1), problem=" "))
    assert set(error.value.error_dict) == {"deadline", "problem"}
    with pytest.raises(ValidationError) as error:
        services.notice_create(center=town, actor=director, data=data(other_center.departments.first(), clock.today))
    assert "recipient" in error.value.error_dict
    dispute = register(town, director, reference)
    with pytest.raises(ValidationError) as error:
        services.notice_create(center=town, actor=director, data=data(departments["派出所"], clock.today, case_id=dispute.pk))
    assert "case" in error.value.error_dict
    hazard = register(town, director, reference, kind="hazard", category="safety")
    notice = services.notice_create(center=town, actor=director, data=data(departments["派出所"], clock.today, case_id=hazard.pk))
    assert notice.case == hazard


def test_rectification_needs_the_receipt_first_and_some_evidence(draft, director, police, clock):
    services.notice_issue(pk=draft.pk, actor=director)
    with pytest.raises(flows.MoveNotAllowed):  # the flow refuses a report before the receipt
        services.notice_report_rectified(pk=draft.pk, actor=police, rectified_on=clock.today, note="已整改。", evidence=[(photo(), "")])
    services.notice_return_receipt(pk=draft.pk, actor=police, received_on=clock.today, signer="许海涛")
    with pytest.raises(ValidationError) as error:
        services.notice_report_rectified(pk=draft.pk, actor=police, rectified_on=clock.today, note="已整改。")
    assert "evidence" in error.value.error_dict
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_return_receipt(pk=draft.pk, actor=police, received_on=clock.today, signer="许海涛")  # only once


def test_who_may_do_what(draft, director, police, clinic, county_user, other_director, clock):
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_issue(pk=draft.pk, actor=police)  # a department does not issue
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_issue(pk=draft.pk, actor=other_director)  # another center's director
    services.notice_issue(pk=draft.pk, actor=director)
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_return_receipt(pk=draft.pk, actor=clinic, received_on=clock.today, signer="某某")  # not the recipient
    with pytest.raises(flows.MoveNotAllowed):
        services.notice_reinspect(pk=draft.pk, actor=county_user, passed=True, note="x")
    services.notice_urge(pk=draft.pk, actor=county_user, text="请抓紧整改。")  # the county may urge
    assert Notification.objects.filter(recipient=police, kind="urge").exists()


def test_rolled_back_change_is_not_broadcast(draft, director, committing, live_sends, monkeypatch):
    monkeypatch.setattr(services, "_to_recipient", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("mail down")))
    with committing():
        with pytest.raises(RuntimeError):
            services.notice_issue(pk=draft.pk, actor=director)
    assert live_sends.calls == []
    assert RectificationNotice.objects.get(pk=draft.pk).status == flows.DRAFT


# --- the sweep ---------------------------------------------------------------------------------------------


def test_sweep_urges_once_when_due_soon_marks_overdue_and_escalates_after_the_configured_days(draft, director, police, clock):
    services.notice_issue(pk=draft.pk, actor=director)  # deadline today + 10
    assert run_institutions_sweep().notice_urges == 0
    clock.today = draft.deadline - timedelta(days=2)
    assert run_institutions_sweep().notice_urges == 1
    assert run_institutions_sweep().notice_urges == 0  # once
    assert Notification.objects.filter(recipient=police, kind="urge").count() == 1

    clock.today = draft.deadline + timedelta(days=1)
    result = run_institutions_sweep()
    assert result.notices_overdue == 1 and result.notices_escalated == 0
    clock.today = draft.deadline + timedelta(days=4)  # overdue since deadline+1, escalated after 3 days
    assert run_institutions_sweep().notices_escalated == 1
    assert run_institutions_sweep().notices_escalated == 0
    notice = RectificationNotice.objects.get(pk=draft.pk)
    assert notice.status == flows.ESCALATED
    assert Reminder.objects.filter(subject="notice", object_id=notice.pk).count() == 2
    assert actions(notice)[-3:] == ["notice.urge", "notice.overdue", "notice.escalate"]
    assert AuditEvent.objects.filter(action="notice.escalate", actor__isnull=True).exists()  # done by the system
