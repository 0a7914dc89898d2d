"""governance.admin.org: each center's admin lists, forms and object URLs keep to that center."""

import pytest
from django.urls import reverse

from governance.models import Department, StaffProfile, Workstation

pytestmark = pytest.mark.django_db


def url(model, action, pk=None):
    """Modeladmin URLs: /admin/governance/<model>/, …/create/, …/<action>/<pk>/."""
    name = f"governance_{model}_modeladmin_{action}"
    return reverse(name, kwargs={"instance_pk": pk}) if pk is not None else reverse(name)


def listed(response):
    assert response.status_code == 200
    return list(response.context["object_list"])


@pytest.fixture
def director(center, make_user):
    return make_user("director", center, title="中心主任")


@pytest.fixture
def other_staff(other_center, make_user):
    return make_user("staff", other_center)


def test_modeladmin_urls_have_the_expected_shape(center):
    department = center.departments.first()
    assert url("department", "index") == "/admin/governance/department/"
    assert url("department", "edit", department.pk) == f"/admin/governance/department/edit/{department.pk}/"
    assert url("center", "inspect", center.pk) == f"/admin/governance/center/inspect/{center.pk}/"


def test_director_lists_only_own_centers_departments(client, director, center, other_center):
    client.force_login(director)

    response = client.get(url("department", "index"))

    departments = listed(response)
    assert departments and {d.center_id for d in departments} == {center.pk}
    assert len(departments) == center.departments.count()
    page = response.content.decode()
    assert "甲镇卫生院" in page
    assert "乙乡林业站" not in page
    assert "乙乡综治中心" not in page


def test_director_lists_only_own_centers_workstations(client, director, center, other_center):
    client.force_login(director)

    workstations = listed(client.get(url("workstation", "index")))

    assert [w.name for w in workstations] == ["甲村"]


def test_director_lists_only_own_centers_staff(client, director, other_staff, center):
    client.force_login(director)

    profiles = listed(client.get(url("staffprofile", "index")))

    assert [p.user for p in profiles] == [director]


def test_director_lists_only_own_center(client, director, center, other_center):
    client.force_login(director)

    assert listed(client.get(url("center", "index"))) == [center]


def test_director_search_does_not_reach_other_center(client, director, other_center):
    client.force_login(director)

    assert listed(client.get(url("department", "index"), {"q": "林业站"})) == []


@pytest.mark.parametrize(
    ("model", "action"),
    [
        ("department", "edit"),
        ("department", "delete"),
        ("workstation", "edit"),
        ("staffprofile", "edit"),
        ("center", "edit"),
        ("center", "inspect"),
    ],
)
def test_director_gets_404_on_other_centers_records(client, director, other_center, other_staff, model, action):
    records = {
        "department": other_center.departments.first(),
        "workstation": other_center.workstations.first(),
        "staffprofile": other_staff.staff_profile,
        "center": other_center,
    }
    client.force_login(director)

    assert client.get(url(model, action, records[model].pk)).status_code == 404


def test_department_has_no_inspect_url_for_anyone(client, director, center, other_center):
    """Departments have no inspect view; the URL is not routed, so it answers 404 for A's and B's."""
    client.force_login(director)

    for department in (center.departments.first(), other_center.departments.first()):
        assert client.get(f"/admin/governance/department/inspect/{department.pk}/").status_code == 404


def test_director_cannot_change_other_centers_department_by_post(client, director, other_center):
    department = other_center.departments.get(name="乙乡林业站")
    client.force_login(director)

    response = client.post(
        url("department", "edit", department.pk),
        {"center": other_center.pk, "name": "改名", "role": "member", "sort_order": 0, "is_active": "on"},
    )

    assert response.status_code == 404
    department.refresh_from_db()
    assert department.name == "乙乡林业站"


def test_director_gets_404_on_other_centers_history(client, director, other_center):
    department = other_center.departments.get(name="乙乡林业站")
    client.force_login(director)

    assert client.get(url("department", "history", department.pk)).status_code == 404


def test_director_opens_own_records(client, director, center):
    client.force_login(director)

    assert client.get(url("department", "edit", center.departments.first().pk)).status_code == 200
    assert client.get(url("workstation", "edit", center.workstations.first().pk)).status_code == 200
    assert client.get(url("center", "inspect", center.pk)).status_code == 200


def test_county_user_sees_both_centers(client, make_user, center, other_center):
    county = make_user("county", None)
    client.force_login(county)

    departments = listed(client.get(url("department", "index")))
    assert {d.center_id for d in departments} == {center.pk, other_center.pk}
    assert len(departments) == Department.objects.count()
    assert len(listed(client.get(url("workstation", "index")))) == Workstation.objects.count()
    assert set(listed(client.get(url("center", "index")))) == {center, other_center}
    assert client.get(url("center", "inspect", other_center.pk)).status_code == 200


def test_a_director_makes_and_changes_accounts_on_the_accounts_screens_only(client, director, center, django_user_model):
    """Staff memberships are read here; creating or moving one goes through the center accounts
    screens (governance.views.accounts), which check the roles a director may grant and audit it."""
    newcomer = django_user_model.objects.create_user("newcomer", password="x")
    police = center.departments.get(name="派出所")
    client.force_login(director)

    assert client.get(url("staffprofile", "create")).status_code == 302  # Wagtail: refused, back with a message
    client.post(url("staffprofile", "create"), {"user": newcomer.pk, "center": center.pk, "department": police.pk})
    assert not StaffProfile.objects.filter(user=newcomer).exists()
    assert client.get(url("staffprofile", "edit", director.staff_profile.pk)).status_code == 302
