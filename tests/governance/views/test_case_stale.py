"""Stale case forms (governance.flow.stale through governance.views.cases): the refused form lists
what the other person changed, keeps what the user typed, carries the current version, and the
next submit goes through without undoing the other person's changes; a move that became
impossible meanwhile is refused with the usual message."""

import pytest
from django.contrib.messages import get_messages
from django.utils import timezone

from governance.models import Case, CaseEvent
from governance.services import cases as services
from governance.workflow import CASE_FLOW, HANDLING, SUSPENDED
from tests.factories import make_staff, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, justice, town  # noqa: F401  (fixtures)
from tests.html_forms import form_values

pytestmark = pytest.mark.django_db

ORIGINAL_SUMMARY = "两户村民因院墙滴水问题发生争执。"


def edit_url(case):
    return f"/admin/governance/cases/{case.pk}/edit/"


def move_url(case, action):
    return f"/admin/governance/cases/{case.pk}/do/{action}/"


def today():
    return timezone.localdate()


@pytest.fixture
def colleague(town):
    return make_staff("staff", town, username="colleague", first_name="李同事")


@pytest.fixture
def case(town, director, reference):
    return register(town, director, reference, summary=ORIGINAL_SUMMARY, place="村西")


@pytest.fixture
def handled(case, director, justice):
    services.case_accept(case_id=case.pk, actor=director, notice_date=today())
    services.case_route(case_id=case.pk, actor=director, lead_department=justice)
    return services.case_start(case_id=case.pk, actor=director)


def current(case):
    return Case.objects.get(pk=case.pk)


def test_a_stale_details_edit_lists_the_change_and_the_next_submit_keeps_both_peoples_changes(client, director, colleague, case):
    client.force_login(director)
    opened = client.get(edit_url(case)).content.decode()
    services.case_update_details(case_id=case.pk, actor=colleague, expected_version=case.version, summary="李同事改写的简要情况")

    response = client.post(edit_url(case), form_values(opened, place="东头晒场"))

    assert response.status_code == 200
    page = response.content.decode()
    form = response.context["form"]
    assert [(c.label, c.seen, c.now, c.taken) for c in form.stale.changes] == [("摘要", ORIGINAL_SUMMARY, "李同事改写的简要情况", True)]
    assert f"摘要：{ORIGINAL_SUMMARY} → 李同事改写的简要情况" in page
    assert [e.actor for e in form.stale.events] == ["李同事"]
    assert f'name="version" value="{current(case).version}"' in page
    assert 'value="东头晒场"' in page
    assert current(case).place == "村西"

    saved = client.post(edit_url(case), form_values(page))

    assert saved.status_code == 302
    assert (current(case).place, current(case).summary) == ("东头晒场", "李同事改写的简要情况")


def test_a_field_both_people_changed_keeps_the_users_value_and_says_so(client, director, colleague, case):
    client.force_login(director)
    opened = client.get(edit_url(case)).content.decode()
    services.case_update_details(case_id=case.pk, actor=colleague, expected_version=case.version, summary="李同事的版本")

    response = client.post(edit_url(case), form_values(opened, summary="主任的版本"))

    change = response.context["form"].stale.changes[0]
    assert (change.kept_yours, change.taken) == (True, False)
    assert "主任的版本" in response.content.decode()
    assert client.post(edit_url(case), form_values(response.content.decode())).status_code == 302
    assert current(case).summary == "主任的版本"


def test_a_stale_move_keeps_the_typed_reason_and_shows_the_status_change_with_its_labels(client, director, colleague, handled):
    client.force_login(director)
    opened = client.get(move_url(handled, "extend")).content.decode()
    services.case_suspend(case_id=handled.pk, actor=colleague, reason="等待鉴定结果")
    typed = {"days": "10", "reason": "需补充调查取证", "party_told_on": today().isoformat()}

    response = client.post(move_url(handled, "extend"), form_values(opened, **typed))

    assert response.status_code == 200
    page = response.content.decode()
    changes = {c.label: (c.seen, c.now) for c in response.context["form"].stale.changes}
    assert changes["状态"] == (str(CASE_FLOW.state_label(HANDLING)), str(CASE_FLOW.state_label(SUSPENDED)))
    assert "需补充调查取证" in page
    assert f'name="version" value="{current(handled).version}"' in page

    assert client.post(move_url(handled, "extend"), form_values(page)).status_code == 302
    assert CaseEvent.objects.get(case=handled, action="extend").reason == "需补充调查取证"
    assert current(handled).extension_days == 10


def test_a_stale_move_that_became_impossible_is_refused_with_the_usual_message(client, director, colleague, handled, reference):
    client.force_login(director)
    opened = client.get(move_url(handled, "resolve")).content.decode()
    services.case_update_details(case_id=handled.pk, actor=colleague, expected_version=handled.version, place="村口")
    typed = {"outcome": str(reference.pk("outcome", "mediated")), "note": "双方达成调解协议"}

    refused = client.post(move_url(handled, "resolve"), form_values(opened, **typed))
    assert refused.status_code == 200
    assert "双方达成调解协议" in refused.content.decode()
    assert [c.now for c in refused.context["form"].stale.changes] == ["村口"]
    services.case_suspend(case_id=handled.pk, actor=colleague, reason="当事人住院")

    response = client.post(move_url(handled, "resolve"), form_values(refused.content.decode()))

    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [str(CASE_FLOW.message("state"))]
    assert current(handled).status == SUSPENDED
    assert not CaseEvent.objects.filter(case=handled, action="resolve").exists()


def test_a_form_without_a_valid_snapshot_is_still_refused_and_rebound(client, director, colleague, case):
    client.force_login(director)
    opened = client.get(edit_url(case)).content.decode()
    services.case_update_details(case_id=case.pk, actor=colleague, expected_version=case.version, summary="李同事改写的简要情况")

    response = client.post(edit_url(case), form_values(opened, stale_snapshot="forged", place="东头晒场"))

    form = response.context["form"]
    assert (form.stale.changes, [e.actor for e in form.stale.events]) == ((), ["李同事"])
    assert f'name="version" value="{current(case).version}"' in response.content.decode()
