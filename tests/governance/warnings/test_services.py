"""Warnings through the engine: each move by role, the timeline, notifications, effects and the sweep."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import AuditEvent, Notification
from governance.warnings import services
from governance.warnings.models import SecurityWarning, WarningType
from tests.governance.warnings.conftest import TODAY, warning_data

pytestmark = pytest.mark.django_db


def test_staff_drafts_and_the_director_approves_and_publishes(make_warning, staff, director, live_sends, committing):
    warning = make_warning("draft")
    assert warning.status == "draft" and warning.created_by == staff
    services.warning_approve(pk=warning.pk, actor=director)
    with committing():
        published = services.warning_publish(pk=warning.pk, actor=director)
    assert published.status == "published"
    assert published.published_by == director and published.published_at is not None
    actions = list(
        AuditEvent.objects.filter(object_type="securitywarning", object_id=str(warning.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["warning.create", "warning.approve", "warning.publish"]
    assert (warning.center_id, "warnings") in live_sends.calls


@pytest.mark.parametrize("role", ["staff", "police", "reporter", "county_user", "other_director"])
def test_only_the_center_director_approves(request, make_warning, role):
    warning = make_warning("draft")
    with pytest.raises(MoveNotAllowed):
        services.warning_approve(pk=warning.pk, actor=request.getfixturevalue(role))
    assert SecurityWarning.objects.get(pk=warning.pk).status == "draft"


@pytest.mark.parametrize("role", ["staff", "county_user", "other_director"])
def test_only_the_center_director_publishes_and_withdraws(request, make_warning, role):
    approved = make_warning("approved")
    published = make_warning("published")
    actor = request.getfixturevalue(role)
    with pytest.raises(MoveNotAllowed):
        services.warning_publish(pk=approved.pk, actor=actor)
    with pytest.raises(MoveNotAllowed):
        services.warning_withdraw(pk=published.pk, actor=actor, reason="撤销")


@pytest.mark.parametrize("role", ["police", "reporter", "county_user", "other_director"])
def test_only_center_staff_draft(request, town, role):
    with pytest.raises(MoveNotAllowed):
        services.warning_create(center=town, actor=request.getfixturevalue(role), data=warning_data())


def test_draft_is_validated_with_chinese_messages(town, staff, other_center):
    from governance.models import Workstation

    foreign = Workstation.objects.get(center=other_center)
    with pytest.raises(ValidationError) as error:
        services.warning_create(
            center=town,
            actor=staff,
            data=warning_data(title=" ", valid_until=TODAY - timedelta(days=1), village_ids=[foreign.pk], level="nope"),
        )
    messages = error.value.message_dict
    assert set(messages) == {"title", "valid_until", "villages", "level"}
    assert messages["villages"] == ["只能选择本中心的村（社区）。"]


def test_end_before_start_is_refused(town, staff):
    with pytest.raises(ValidationError) as error:
        services.warning_create(
            center=town, actor=staff, data=warning_data(valid_from=TODAY + timedelta(days=5), valid_until=TODAY + timedelta(days=2))
        )
    assert "valid_until" in error.value.message_dict


def test_another_centers_own_type_cannot_be_used(town, staff, other_center):
    foreign = WarningType.objects.create(name="乙乡专用", center=other_center)
    with pytest.raises(ValidationError) as error:
        services.warning_create(center=town, actor=staff, data=warning_data(warning_type_id=foreign.pk))
    assert "warning_type" in error.value.message_dict


def test_edit_only_drafts_and_refuse_a_stale_form(make_warning, staff, villages):
    warning = make_warning("draft")
    edited = services.warning_update_draft(
        pk=warning.pk, actor=staff, data=warning_data(title="新标题", village_ids=[villages["甲村"].pk]), expected_version=1
    )
    assert edited.title == "新标题" and edited.village_names() == ["甲村"]
    with pytest.raises(StaleEdit):
        services.warning_update_draft(pk=warning.pk, actor=staff, data=warning_data(), expected_version=1)
    approved = make_warning("approved")
    with pytest.raises(MoveNotAllowed):
        services.warning_update_draft(pk=approved.pk, actor=staff, data=warning_data(), expected_version=approved.version)


def test_return_and_withdraw_need_a_reason(make_warning, director):
    approved = make_warning("approved")
    with pytest.raises(ValidationError):
        services.warning_return(pk=approved.pk, actor=director, reason=" ")
    assert services.warning_return(pk=approved.pk, actor=director, reason="措施写具体").status == "draft"
    published = make_warning("published")
    with pytest.raises(ValidationError):
        services.warning_withdraw(pk=published.pk, actor=director, reason="")
    withdrawn = services.warning_withdraw(pk=published.pk, actor=director, reason="警情已解除")
    assert (withdrawn.status, withdrawn.withdraw_reason, withdrawn.ended_on) == ("withdrawn", "警情已解除", TODAY)


def test_publishing_tells_the_villages_concerned_and_the_units(make_warning, villages, reporter, other_reporter, police, staff, other_director):
    make_warning("published", village_ids=[villages["甲村"].pk])
    told = set(Notification.objects.filter(kind="warning").values_list("recipient__username", flat=True))
    assert told == {reporter.username, police.username}
    note = Notification.objects.get(recipient=reporter, kind="warning")
    assert "较重" in note.title and "警惕冒充客服退款诈骗" in note.title and "96110" in note.body


def test_a_whole_township_warning_tells_every_workstation(make_warning, reporter, other_reporter, police):
    make_warning("published")
    assert set(Notification.objects.filter(kind="warning").values_list("recipient_id", flat=True)) == {reporter.pk, other_reporter.pk, police.pk}


def test_withdrawing_a_published_warning_tells_the_same_people(make_warning, director, reporter):
    make_warning("withdrawn")
    titles = list(Notification.objects.filter(recipient=reporter).order_by("pk").values_list("title", flat=True))
    assert len(titles) == 2 and "撤销" in titles[1]


def test_a_withdrawn_draft_tells_nobody(make_warning, director, reporter):
    warning = make_warning("draft")
    services.warning_withdraw(pk=warning.pk, actor=director, reason="不发了")
    assert not Notification.objects.filter(kind="warning").exists()


def test_publishing_after_the_validity_ended_is_refused(make_warning, director, clock):
    approved = make_warning("approved", valid_until=TODAY + timedelta(days=1))
    clock.today = TODAY + timedelta(days=2)
    with pytest.raises(ValidationError):
        services.warning_publish(pk=approved.pk, actor=director)


def test_the_sweep_expires_ended_warnings_once(make_warning, clock, live_sends, committing):
    ending = make_warning("published", valid_until=TODAY + timedelta(days=1))
    lasting = make_warning("published", valid_until=TODAY + timedelta(days=10))
    approved = make_warning("approved", valid_until=TODAY + timedelta(days=1))
    clock.today = TODAY + timedelta(days=1)
    assert services.expire_due() == 0  # the last valid day is still valid
    clock.today = TODAY + timedelta(days=2)
    with committing():
        assert services.expire_due() == 1
    assert services.expire_due() == 0
    states = dict(SecurityWarning.objects.values_list("pk", "status"))
    assert (states[ending.pk], states[lasting.pk], states[approved.pk]) == ("expired", "published", "approved")
    assert SecurityWarning.objects.get(pk=ending.pk).ended_on == TODAY + timedelta(days=2)
    event = AuditEvent.objects.get(action="warning.expire")
    assert event.actor is None and event.data["from"] == "published"
    assert (ending.center_id, "warnings") in live_sends.calls


def test_the_periodic_round_runs_the_sweep(make_warning, clock):
    from governance import periodic

    make_warning("published", valid_until=TODAY)
    clock.today = TODAY + timedelta(days=1)
    results = periodic.run_round([job for job in periodic.JOBS if job[0] == "warnings"])
    assert results == {"warnings": 1}
