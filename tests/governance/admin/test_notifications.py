"""governance.admin.notifications: the outbox's kind column, filter and record page speak Chinese."""

import pytest
from django.urls import reverse

from governance.models import Notification

pytestmark = pytest.mark.django_db

ISSUE_KINDS = ("reopen", "route", "supervise", "task", "urge", "return", "notice", "screening", "urgent_report")


@pytest.fixture
def staff(center, make_user):
    return make_user("staff", center)


def test_every_kind_the_issue_names_has_a_chinese_label():
    labels = {kind: str(Notification.kind_label(kind)) for kind in ISSUE_KINDS}

    assert all(label and not any("a" <= ch.lower() <= "z" for ch in label) for label in labels.values()), labels
    assert labels["urgent_report"] == "紧急报告"
    assert str(Notification.kind_label("something_new")) == "其他"


def test_list_column_and_filter_show_the_kind_in_chinese(client, staff):
    for number, kind in enumerate(("urge", "urgent_report")):
        Notification.objects.create(recipient=staff, kind=kind, title=f"第{number}条通知")
    client.force_login(staff)

    page = client.get(reverse("governance_notification_modeladmin_index")).content.decode()

    assert "催办" in page and "紧急报告" in page
    assert ">urge<" not in page and "urgent_report<" not in page
    filtered = client.get(reverse("governance_notification_modeladmin_index"), {"kind": "urge"})
    assert [n.kind for n in filtered.context["object_list"]] == ["urge"]


def test_record_page_names_the_notification_and_its_kind(client, staff):
    notification = Notification.objects.create(recipient=staff, kind="reopen", title="案件重新办理")
    client.force_login(staff)

    page = client.get(reverse("governance_notification_modeladmin_inspect", kwargs={"instance_pk": notification.pk})).content.decode()

    assert "重新办理" in page
    assert "Notification object" not in page
    assert str(notification) == "案件重新办理"
