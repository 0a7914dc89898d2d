"""Logins, failed logins, lockouts and permission changes leave audit rows."""

import pytest
from django.contrib.auth.models import Group
from django.test import override_settings

from governance.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_login_and_failed_login_are_audited(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="right-password-123")
    client.post("/admin/login/", {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    client.post("/admin/login/", {"username": "clerk", "password": "right-password-123"}, REMOTE_ADDR="10.0.0.9")
    actions = list(AuditEvent.objects.filter(action__startswith="login").order_by("pk").values_list("action", flat=True))
    assert actions == ["login_failed", "login"]
    failed = AuditEvent.objects.get(action="login_failed")
    assert failed.data == {"username": "clerk", "ip": "10.0.0.9"}


@override_settings(AXES_FAILURE_LIMIT=3)
def test_repeated_failures_lock_the_account_with_a_chinese_page(client, django_user_model):
    django_user_model.objects.create_user("clerk", password="right-password-123")
    for _ in range(3):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"}, REMOTE_ADDR="10.0.0.8")
    locked = client.post("/admin/login/", {"username": "clerk", "password": "right-password-123"}, REMOTE_ADDR="10.0.0.8")
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert not AuditEvent.objects.filter(action="login").exists()


def test_group_membership_changes_are_audited(django_user_model):
    user = django_user_model.objects.create_user("clerk")
    group = Group.objects.create(name="测试组")
    user.groups.add(group)
    user.groups.add(group)  # already there: nothing changes, nothing logged twice
    user.groups.remove(group)
    changes = list(
        AuditEvent.objects.filter(action="permission_change", object_type="user", object_id=str(user.pk))
        .order_by("pk")
        .values_list("data", flat=True)
    )
    assert [c["change"] for c in changes] == ["add", "remove"]
    assert changes[0]["ids"] == [group.pk]
