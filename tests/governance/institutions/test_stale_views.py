"""Stale working-system forms (governance.flow.stale through views.common.call_service): a refused
notice edit, notice move or minutes form lists what changed, keeps the input, carries the current
version and goes through on the next submit; a move the record's state no longer allows is
refused with the flow's message."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.utils import formats

from governance.institutions.models import JointMeeting, RectificationNotice
from governance.institutions.rules import flows
from governance.institutions.services import meetings as meeting_services
from governance.institutions.services import notices as services
from tests.html_forms import form_values

pytestmark = pytest.mark.django_db


def notice_data(notice, **changes):
    fields = {name: getattr(notice, name) for name in services.EDITABLE}
    return services.NoticeData(**{**fields, **changes})


@pytest.fixture
def colleague(town, make_user):
    user = make_user("director", town)
    user.first_name = "王副主任"
    user.save(update_fields=["first_name"])
    return user


@pytest.fixture
def draft(town, departments, director, clock):
    return services.notice_create(
        center=town,
        actor=director,
        data=services.NoticeData(
            recipient_id=departments["派出所"].pk,
            problem="护栏缺失",
            place="村口桥",
            basis="公路安全保护条例",
            measures="补设护栏",
            responsible_person="张三",
            funds="财政",
            deadline=clock.today + timedelta(days=10),
            contingency_plan="设警示牌",
        ),
    )


def current(notice):
    return RectificationNotice.objects.get(pk=notice.pk)


def test_a_stale_notice_edit_lists_the_change_and_the_next_submit_keeps_both_changes(client, director, colleague, draft):
    url = f"/admin/institutions/notices/{draft.pk}/edit/"
    client.force_login(director)
    opened = client.get(url).content.decode()
    services.notice_update_draft(pk=draft.pk, actor=colleague, data=notice_data(draft, funds="村委会出资"), expected_version=draft.version)

    response = client.post(url, form_values(opened, measures="补设护栏并加装反光标志"))

    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["form"]
    assert [(c.seen, c.now, c.taken) for c in form.stale.changes] == [("财政", "村委会出资", True)]
    assert [e.actor for e in form.stale.events] == ["王副主任"]
    assert "财政 → 村委会出资" in page
    assert "补设护栏并加装反光标志" in page
    assert f'name="version" value="{current(draft).version}"' in page

    assert client.post(url, form_values(page)).status_code == 302
    assert (current(draft).measures, current(draft).funds) == ("补设护栏并加装反光标志", "村委会出资")


def test_a_stale_issue_shows_the_new_deadline_as_a_date_and_goes_through_next_time(client, director, colleague, draft, clock):
    url = f"/admin/institutions/notices/{draft.pk}/do/issue/"
    client.force_login(director)
    opened = client.get(url).content.decode()
    later = clock.today + timedelta(days=20)
    services.notice_update_draft(pk=draft.pk, actor=colleague, data=notice_data(draft, deadline=later), expected_version=draft.version)

    response = client.post(url, form_values(opened))

    assert response.status_code == 200
    changes = response.context["form"].stale.changes
    assert [(c.seen, c.now) for c in changes] == [(formats.date_format(draft.deadline, "DATE_FORMAT"), formats.date_format(later, "DATE_FORMAT"))]
    assert client.post(url, form_values(response.content.decode())).status_code == 302
    assert current(draft).status == flows.ISSUED


def test_a_move_the_new_state_no_longer_allows_is_refused_with_the_flows_message(client, director, colleague, draft):
    url = f"/admin/institutions/notices/{draft.pk}/do/issue/"
    client.force_login(director)
    opened = client.get(url).content.decode()
    services.notice_cancel(pk=draft.pk, actor=colleague, reason="重复下达")

    response = client.post(url, form_values(opened))

    assert (response.status_code, response["Location"]) == (302, f"/admin/institutions/notices/{draft.pk}/")
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(flows.NOTICE_FLOW.message("state"))]
    assert current(draft).status == flows.CANCELLED


def test_stale_minutes_keep_the_users_text_where_both_wrote(client, director, colleague, town, clock):
    meeting = meeting_services.meeting_create(center=town, actor=director, scheduled_on=clock.today, title="专题会议")
    meeting = meeting_services.meeting_hold(pk=meeting.pk, actor=director, held_on=clock.today)
    url = f"/admin/institutions/meetings/{meeting.pk}/do/minutes/"
    client.force_login(director)
    opened = client.get(url).content.decode()
    meeting_services.meeting_record_minutes(pk=meeting.pk, actor=colleague, minutes="王副主任记的纪要")

    response = client.post(url, form_values(opened, minutes="主任记的纪要"))

    change = response.context["form"].stale.changes[0]
    assert (change.now, change.kept_yours) == ("王副主任记的纪要", True)
    assert "主任记的纪要" in response.content.decode()
    assert client.post(url, form_values(response.content.decode())).status_code == 302
    assert JointMeeting.objects.get(pk=meeting.pk).minutes == "主任记的纪要"
