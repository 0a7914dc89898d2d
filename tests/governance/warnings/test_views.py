"""The warning screens: the list per role and center, drafting, the move buttons and pages, and
another center's warning answering 404."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse

from governance.warnings.models import SecurityWarning, WarningType
from tests.governance.warnings.conftest import TODAY

pytestmark = pytest.mark.django_db

INDEX = reverse("warnings_securitywarning_modeladmin_index")
CREATE = reverse("warnings_securitywarning_modeladmin_create")


def _refused(response):
    """Wagtail's admin answers PermissionDenied with a redirect to the dashboard and a message."""
    return response.status_code == 403 or (response.status_code == 302 and response.url == "/admin/")


def _form(**overrides):
    data = {
        "warning_type": WarningType.objects.get(name="防溺水", center__isnull=True).pk,
        "level": "severe",
        "title": "严防学生溺水",
        "content": "河塘水位上涨。",
        "advice": "不私自下水游泳。",
        "valid_from": TODAY.isoformat(),
        "valid_until": (TODAY + timedelta(days=20)).isoformat(),
    }
    data.update(overrides)
    return data


def test_staff_drafts_in_the_admin_and_the_director_publishes(client, staff, director, villages):
    client.force_login(staff)
    response = client.post(CREATE, _form(villages=[villages["甲村"].pk]))
    warning = SecurityWarning.objects.get()
    assert response.status_code == 302 and response.url == reverse("warnings_warning", args=[warning.pk])
    page = client.get(response.url).content.decode()
    assert "严防学生溺水" in page and "甲村" in page
    assert reverse("warnings_warning_move", args=[warning.pk, "approve"]) not in page  # staff cannot approve
    assert reverse("warnings_warning_edit", args=[warning.pk]) in page

    client.force_login(director)
    page = client.get(reverse("warnings_warning", args=[warning.pk])).content.decode()
    assert reverse("warnings_warning_move", args=[warning.pk, "approve"]) in page
    assert client.post(reverse("warnings_warning_move", args=[warning.pk, "approve"]), {"version": warning.version}).status_code == 302
    warning.refresh_from_db()
    assert client.post(reverse("warnings_warning_move", args=[warning.pk, "publish"]), {"version": warning.version}).status_code == 302
    assert SecurityWarning.objects.get().status == "published"


def test_the_draft_form_shows_chinese_errors(client, staff):
    client.force_login(staff)
    response = client.post(CREATE, _form(title=""))
    assert response.status_code == 200 and "必需字段" in response.content.decode()
    past = (TODAY - timedelta(days=1)).isoformat()
    response = client.post(CREATE, _form(valid_from=past, valid_until=past))
    assert response.status_code == 200 and "有效期截止日期不能早于今天。" in response.content.decode()
    assert not SecurityWarning.objects.exists()


def test_withdraw_asks_for_a_reason(client, director, make_warning):
    warning = make_warning("published")
    client.force_login(director)
    url = reverse("warnings_warning_move", args=[warning.pk, "withdraw"])
    assert client.post(url, {"version": warning.version, "reason": ""}).status_code == 200
    assert client.post(url, {"version": warning.version, "reason": "警情解除"}).status_code == 302
    assert SecurityWarning.objects.get().status == "withdrawn"


def test_a_move_the_role_may_not_take_is_forbidden(client, staff, make_warning):
    warning = make_warning("approved")
    client.force_login(staff)
    assert _refused(client.get(reverse("warnings_warning_move", args=[warning.pk, "publish"])))
    assert client.get(reverse("warnings_warning_move", args=[warning.pk, "expire"])).status_code == 404


def test_other_centers_and_their_warnings_stay_apart(client, make_warning, other_director, county_user, other_center):
    mine = make_warning("published")
    client.force_login(other_director)
    for name in ("warnings_warning", "warnings_warning_edit"):
        assert client.get(reverse(name, args=[mine.pk])).status_code == 404
    assert client.get(reverse("warnings_warning_move", args=[mine.pk, "withdraw"])).status_code == 404
    assert "警惕冒充客服退款诈骗" not in client.get(INDEX).content.decode()
    client.force_login(county_user)
    assert "警惕冒充客服退款诈骗" in client.get(INDEX).content.decode()
    assert client.get(reverse("warnings_warning", args=[mine.pk])).status_code == 200
    assert _refused(client.get(CREATE))  # the county reads; the centers draft


def test_units_and_workstations_see_published_warnings_only(client, make_warning, police, reporter):
    draft = make_warning("draft", title="内部草稿")
    published = make_warning("published")
    for user in (police, reporter):
        client.force_login(user)
        listing = client.get(INDEX).content.decode()
        assert published.title in listing and "内部草稿" not in listing
        assert client.get(reverse("warnings_warning", args=[draft.pk])).status_code == 404
        page = client.get(reverse("warnings_warning", args=[published.pk])).content.decode()
        assert reverse("warnings_warning_move", args=[published.pk, "withdraw"]) not in page


def test_the_menu_group_is_labelled_joint_prevention(client, director):
    client.force_login(director)
    assert json.dumps("联防：治安预警") in client.get("/admin/").content.decode()  # the sidebar's JSON
