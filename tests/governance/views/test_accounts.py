"""The center accounts screens (governance.views.accounts): a director manages their own center's
accounts (roles up to their own, units of their own center); another center's accounts, county
accounts and superusers answer 404; staff, reception and the website editor are refused; every
change is audited and shows on the audit screen; a deactivated account can no longer log in."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from governance import scoping
from governance.models import AuditEvent
from governance.roles import group_for
from tests.factories import DepartmentFactory, UserFactory, WorkstationFactory, make_staff
from tests.governance.org import director, other_town, police, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
User = get_user_model()
LIST = reverse("governance_accounts")
CREATE = reverse("governance_account_create")
PASSWORD = "Zhi-an-2026-kai"


def edit_url(user):
    return reverse("governance_account_edit", args=[user.pk])


def deactivate_url(user):
    return reverse("governance_account_deactivate", args=[user.pk])


def new_account(**fields):
    return {"username": "wang_police", "name": "王警官", "role": "department", "title": "民警", "mobile": "13800001111"} | {
        "password1": PASSWORD,
        "password2": PASSWORD,
        **fields,
    }


def logs_in(client, username, password=PASSWORD):
    response = client.post("/admin/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.7")
    return response.status_code == 302


@pytest.fixture
def as_director(client, director):
    client.force_login(director)
    return client


@pytest.fixture
def neighbours(other_town):
    """Accounts the 示范镇 director must not reach: another center's, a county one, a superuser."""
    return {
        "other_center": make_staff("staff", other_town, username="linxiang_staff"),
        "county": make_staff("county", username="county_inspector"),
        "superuser": UserFactory(username="root", is_superuser=True, is_staff=True),
    }


# --- the list -------------------------------------------------------------------------------------


def test_the_list_shows_only_the_directors_own_center(as_director, director, town, police, neighbours):
    officer = make_staff("department", department=police, username="police_officer", first_name="李")
    response = as_director.get(LIST)
    assert response.status_code == 200
    listed = {row["user"].username for row in response.context["rows"]}
    assert listed == {director.username, officer.username}
    page = response.content.decode()
    assert "中心账号" in page and "派出所" in page and "部门承办人" in page
    assert "linxiang_staff" not in page and "county_inspector" not in page and "root" not in page


def test_the_menu_item_is_shown_to_a_director_only(client, director, town):
    home = reverse("wagtailadmin_home")
    client.force_login(director)
    assert LIST in client.get(home).content.decode()
    client.force_login(make_staff("staff", town))
    assert LIST not in client.get(home).content.decode()


# --- create ---------------------------------------------------------------------------------------


def test_a_director_creates_a_department_officer_who_sees_their_department(as_director, director, town, police):
    response = as_director.post(CREATE, new_account(department=police.pk))
    assert response.status_code == 302, response.context["form"].errors
    officer = User.objects.get(username="wang_police")
    assert (officer.first_name, officer.is_staff, officer.is_superuser, officer.is_active) == ("王警官", False, False, True)
    assert list(officer.groups.all()) == [group_for("department")]
    profile = officer.staff_profile
    assert (profile.center, profile.department, profile.workstation, profile.title) == (town, police, None, "民警")
    assert scoping.standing_of(officer) == scoping.Standing(scoping.DEPARTMENT, town.pk, department_id=police.pk)
    entry = AuditEvent.objects.get(action="account.create")
    assert (entry.actor, entry.center, entry.object_type, entry.object_id) == (director, town, "user", str(officer.pk))
    assert entry.data["account"]["role"] == "部门承办人" and entry.data["account"]["department"] == "派出所"
    assert PASSWORD not in str(entry.data) and "13800001111" not in str(entry.data)
    assert logs_in(as_director, "wang_police")


def test_the_audit_screen_shows_the_account_entries(as_director, police):
    as_director.post(CREATE, new_account(department=police.pk))
    rows = as_director.get(reverse("governance_audit"), {"action": "account.create"}).context["entries"]
    assert [(row["act"], row["who_username"], row["center_name"]) for row in rows] == [("account.create", "director", "示范镇综治中心")]


def test_a_director_cannot_grant_the_county_role(as_director):
    response = as_director.post(CREATE, new_account(username="wang", role="county"))
    assert response.status_code == 200 and "role" in response.context["form"].errors
    assert not User.objects.filter(username="wang").exists()
    choices = [code for code, _label in response.context["form"].fields["role"].choices if code]
    assert choices == ["director", "staff", "reception", "department", "workstation", "editor"]


def test_the_department_must_be_the_own_centers(as_director, other_town):
    theirs = DepartmentFactory(center=other_town, name="派出所")
    response = as_director.post(CREATE, new_account(department=theirs.pk))
    assert "department" in response.context["form"].errors
    assert not User.objects.filter(username="wang_police").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"role": "department"}, "department", "部门承办人须选择本中心的一个部门"),
        ({"role": "workstation"}, "workstation", "工作站信息员须选择本中心的一个工作站"),
        ({"role": "staff", "department": "police"}, "department", "只有部门承办人需要选择部门"),
    ],
)
def test_the_unit_goes_with_the_role(as_director, police, fields, field, message):
    data = new_account(**fields)
    if data.get("department") == "police":
        data["department"] = police.pk
    response = as_director.post(CREATE, data)
    assert message in " ".join(response.context["form"].errors[field])
    assert not User.objects.filter(username="wang_police").exists()


def test_the_form_shows_every_error_at_once(as_director, police):
    response = as_director.post(CREATE, new_account(name="", role="staff", department=police.pk, password1="abc", password2="abc"))
    assert {"name", "department", "password1"} <= set(response.context["form"].errors)


def test_a_workstation_officer_gets_their_workstation(as_director, town):
    village = WorkstationFactory(center=town, name="东村")
    as_director.post(CREATE, new_account(username="dongcun_info", role="workstation", workstation=village.pk))
    assert User.objects.get(username="dongcun_info").staff_profile.workstation == village


def test_usernames_are_unique_whatever_the_letter_case(as_director, town, police):
    make_staff("staff", town, username="Wang_Police")
    response = as_director.post(CREATE, new_account(department=police.pk))
    assert "已有账号使用此用户名" in " ".join(response.context["form"].errors["username"])
    assert User.objects.filter(username__iexact="wang_police").count() == 1


def test_passwords_are_set_twice_and_validated(as_director, police):
    mismatch = as_director.post(CREATE, new_account(department=police.pk, password2=PASSWORD + "x"))
    assert "password2" in mismatch.context["form"].errors
    weak = as_director.post(CREATE, new_account(department=police.pk, password1="12345678", password2="12345678"))
    assert "password1" in weak.context["form"].errors
    assert not User.objects.filter(username="wang_police").exists()


# --- edit -----------------------------------------------------------------------------------------


def test_a_director_edits_an_account_and_the_change_is_audited(as_director, town, police):
    clerk = make_staff("staff", town, username="clerk", first_name="赵六")
    old_hash = clerk.password
    response = as_director.post(
        edit_url(clerk), new_account(username="clerk", name="赵六", role="department", department=police.pk, password1="", password2="")
    )
    assert response.status_code == 302, response.context["form"].errors
    clerk.refresh_from_db()
    assert list(clerk.groups.all()) == [group_for("department")]
    assert clerk.staff_profile.department == police and clerk.password == old_hash
    entry = AuditEvent.objects.get(action="account.update")
    assert entry.data["changes"]["role"] == ["中心工作人员", "部门承办人"]
    assert entry.data["changes"]["department"] == ["", "派出所"] and entry.data["password_changed"] is False


def test_a_director_cannot_change_their_own_role_or_deactivate_themselves(as_director, director):
    data = new_account(username="director", name="主任", role="staff", password1="", password2="")
    assert as_director.post(edit_url(director), data).status_code == 302
    director.refresh_from_db()
    assert list(director.groups.all()) == [group_for("director")]  # the role field is fixed for oneself
    as_director.post(deactivate_url(director))
    director.refresh_from_db()
    assert director.is_active
    assert not AuditEvent.objects.filter(action="account.deactivate").exists()


@pytest.mark.parametrize("whom", ["other_center", "county", "superuser"])
def test_accounts_outside_the_center_answer_404(as_director, neighbours, whom):
    target = neighbours[whom]
    assert as_director.get(edit_url(target)).status_code == 404
    assert as_director.post(edit_url(target), new_account(username=target.username, role="staff")).status_code == 404
    for name in ("governance_account_deactivate", "governance_account_reactivate"):
        assert as_director.post(reverse(name, args=[target.pk])).status_code == 404
    target.refresh_from_db()
    assert target.is_active and not AuditEvent.objects.filter(action__startswith="account.").exists()


# --- deactivate and reactivate ----------------------------------------------------------------------


def test_a_deactivated_account_can_no_longer_log_in(client, as_director, director, town, police):
    officer = make_staff("department", department=police, username="police_officer", password=PASSWORD)
    other = type(client)()
    assert logs_in(other, "police_officer")
    as_director.post(deactivate_url(officer))
    officer.refresh_from_db()
    assert not officer.is_active
    assert other.get(reverse("wagtailadmin_home")).status_code == 302  # the open session ends too
    assert not logs_in(type(client)(), "police_officer")
    as_director.post(reverse("governance_account_reactivate", args=[officer.pk]))
    assert logs_in(type(client)(), "police_officer")
    actions = list(AuditEvent.objects.filter(action__startswith="account.", object_id=str(officer.pk)).values_list("action", "actor__username"))
    assert sorted(actions) == [("account.deactivate", "director"), ("account.reactivate", "director")]


def test_deactivation_is_post_only(as_director, town):
    clerk = make_staff("staff", town)
    assert as_director.get(deactivate_url(clerk)).status_code == 405


# --- who may open the screens -------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["staff", "reception", "editor", "department", "county"])
def test_other_roles_are_refused(client, town, police, role):
    user = make_staff(role, None if role == "county" else town, department=police if role == "department" else None)
    clerk = make_staff("staff", town)
    client.force_login(user)
    home = reverse("wagtailadmin_home")
    # Wagtail turns the PermissionDenied into a redirect home with a message.
    for url in (LIST, CREATE, edit_url(clerk)):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, home)
    assert client.post(CREATE, new_account(department=police.pk))["Location"] == home
    assert client.post(deactivate_url(clerk))["Location"] == home
    clerk.refresh_from_db()
    assert clerk.is_active and not User.objects.filter(username="wang_police").exists()


# --- superusers ----------------------------------------------------------------------------------


def test_a_superuser_chooses_the_center_and_sees_every_centers_accounts(client, town, other_town, police):
    theirs = make_staff("staff", other_town, username="linxiang_staff")
    client.force_login(UserFactory(username="root", is_superuser=True))
    assert {row["user"].username for row in client.get(LIST).context["rows"]} == {"linxiang_staff"}
    assert client.get(edit_url(theirs)).status_code == 200
    mismatched = client.post(CREATE, new_account(center=other_town.pk, department=police.pk))
    assert "不属于本账号所在的中心" in " ".join(mismatched.context["form"].errors["department"])
    client.post(CREATE, new_account(center=town.pk, department=police.pk))
    assert User.objects.get(username="wang_police").staff_profile.center == town
