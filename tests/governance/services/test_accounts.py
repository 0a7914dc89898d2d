"""governance.services.accounts: one transaction per change (no account without its profile and
role), exactly one center role per account, the website editor's page group, and audit rows that
hold no password and only a masked mobile number."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import AuditEvent, StaffProfile
from governance.roles import group_for
from governance.services import accounts as services
from tests.factories import make_staff
from tests.governance.org import director, other_town, police, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "Zhi-an-2026-kai"


def data(town, **fields):
    return services.AccountData(
        **{"username": "new_clerk", "name": "钱七", "role": "staff", "center_id": town.pk, "mobile": "13912345678", "password": PASSWORD, **fields}
    )


def test_nothing_is_written_when_a_step_fails(director, town, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the group table is gone")

    monkeypatch.setattr(services, "_set_role", fail)
    with pytest.raises(RuntimeError):
        services.account_create(data=data(town), actor=director)
    assert not User.objects.filter(username="new_clerk").exists()
    assert not StaffProfile.objects.filter(user__username="new_clerk").exists()
    assert not AuditEvent.objects.filter(action="account.create").exists()


def test_a_refused_account_writes_nothing(director, town, other_town):
    with pytest.raises(ValidationError) as refused:
        services.account_create(data=data(town, center_id=other_town.pk), actor=director)
    assert set(refused.value.error_dict) == {"center"}
    assert not User.objects.filter(username="new_clerk").exists()


def test_the_audit_row_keeps_no_password_and_a_masked_mobile(director, town):
    user = services.account_create(data=data(town), actor=director)
    entry = AuditEvent.objects.get(action="account.create", object_id=str(user.pk))
    assert entry.data["account"]["mobile"] != "13912345678" and entry.data["account"]["mobile"].startswith("139")
    assert PASSWORD not in str(entry.data) and user.password not in str(entry.data)


def test_a_role_change_leaves_exactly_one_role_and_other_groups_alone(director, town, police):
    user = make_staff("staff", town, username="clerk")
    user.groups.add(group_for("reception"), Group.objects.create(name="防汛值班"))
    services.account_update(
        user_id=user.pk, data=data(town, username="clerk", role="department", department_id=police.pk, password=""), actor=director
    )
    assert sorted(user.groups.values_list("name", flat=True)) == sorted(["部门承办人", "防汛值班"])


def test_a_website_editor_joins_their_centers_editor_group(director, town):
    from pages.editors import editor_group_name

    pages_group = Group.objects.create(name=editor_group_name(town))  # made with the center's site (pages.demo)
    user = make_staff("staff", town, username="clerk")
    services.account_update(user_id=user.pk, data=data(town, username="clerk", role="editor", password=""), actor=director)
    assert sorted(user.groups.all(), key=str) == sorted([group_for("editor"), pages_group], key=str)
    services.account_update(user_id=user.pk, data=data(town, username="clerk", role="staff", password=""), actor=director)
    assert list(user.groups.all()) == [group_for("staff")]


def test_an_edit_without_changes_writes_no_audit_row(director, town):
    user = services.account_create(data=data(town), actor=director)
    services.account_update(user_id=user.pk, data=data(town, password=""), actor=director)
    assert not AuditEvent.objects.filter(action="account.update").exists()
    services.account_update(user_id=user.pk, data=data(town), actor=director)
    entry = AuditEvent.objects.get(action="account.update")
    assert (entry.data["changes"], entry.data["password_changed"]) == ({}, True)


def test_accounts_out_of_reach_are_refused_by_the_service_too(director, other_town):
    theirs = make_staff("staff", other_town, username="theirs")
    with pytest.raises(PermissionDenied):
        services.account_set_active(user_id=theirs.pk, active=False, actor=director)
    with pytest.raises(PermissionDenied):
        services.account_update(user_id=theirs.pk, data=data(other_town, username="theirs"), actor=director)


def test_two_managers_racing_for_one_username_in_two_cases_get_one_account(director, town, monkeypatch):
    """Both pass the form's check at the same moment (simulated: the check is skipped for the
    second); the database's case-insensitive index refuses the second with the same clear error."""
    services.account_create(data=data(town, username="Zhao_Clerk"), actor=director)
    monkeypatch.setattr(services, "_check", lambda *args, **kwargs: None)

    with pytest.raises(ValidationError) as refused:
        services.account_create(data=data(town, username="zhao_clerk"), actor=director)

    assert set(refused.value.error_dict) == {"username"}
    assert list(User.objects.filter(username__iexact="zhao_clerk").values_list("username", flat=True)) == ["Zhao_Clerk"]
    assert AuditEvent.objects.filter(action="account.create").count() == 1
