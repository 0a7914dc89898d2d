"""governance.scoping: who sees which center's records."""

import pytest
from django.contrib.auth.models import AnonymousUser

from governance import scoping
from governance.models import Center, Department, Workstation
from tests.factories import reference  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db


def names(queryset):
    return sorted(str(obj) for obj in queryset)


def test_superuser_sees_every_center(center, other_center, django_user_model):
    admin = django_user_model.objects.create_superuser("root", password="x")

    assert scoping.sees_all_centers(admin)
    assert set(scoping.visible_centers(admin)) == {center, other_center}
    assert scoping.scope_to_user(Department.objects.all(), admin).count() == Department.objects.count()


def test_county_level_user_sees_every_center(center, other_center, make_user):
    county = make_user("county", None)

    assert scoping.sees_all_centers(county)
    assert set(scoping.visible_centers(county)) == {center, other_center}
    assert scoping.scope_to_user(Workstation.objects.all(), county).count() == 2


def test_center_user_sees_only_own_center(center, other_center, make_user):
    staff = make_user("staff", center)

    assert not scoping.sees_all_centers(staff)
    assert scoping.center_id_of(staff) == center.pk
    assert list(scoping.visible_centers(staff)) == [center]
    departments = scoping.scope_to_user(Department.objects.all(), staff)
    assert {d.center_id for d in departments} == {center.pk}
    assert names(departments) == ["派出所", "甲镇卫生院", "综治办"]


def test_center_user_with_department_still_scoped_to_center(center, other_center, make_user):
    police = center.departments.get(name="派出所")
    officer = make_user("department", center, department=police)

    assert list(scoping.visible_centers(officer)) == [center]
    assert not scoping.scope_to_user(Department.objects.filter(center=other_center), officer).exists()


def test_user_without_profile_sees_nothing(center, other_center, django_user_model):
    stranger = django_user_model.objects.create_user("stranger", password="x")

    assert scoping.profile_of(stranger) is None
    assert not scoping.sees_all_centers(stranger)
    assert not scoping.visible_centers(stranger).exists()
    assert not scoping.scope_to_user(Department.objects.all(), stranger).exists()


def test_anonymous_user_sees_nothing(center):
    anonymous = AnonymousUser()

    assert not scoping.sees_all_centers(anonymous)
    assert not scoping.visible_centers(anonymous).exists()
    assert not scoping.scope_to_user(Center.objects.all(), anonymous, center_field="pk").exists()


def test_scope_follows_a_custom_center_field(center, other_center, make_user):
    """Records that reach their center through another relation pass its path as center_field."""
    from governance.models import StaffProfile

    director = make_user("director", center)
    make_user("staff", other_center)

    scoped = scoping.scope_to_user(StaffProfile.objects.all(), director, center_field="department__center")
    assert not scoped.exists()  # neither profile has a department

    scoped = scoping.scope_to_user(StaffProfile.objects.all(), director)
    assert [p.user for p in scoped] == [director]


# --- visibility from permissions: scoping.reach and scoping.visible ----------------------------------


def test_reach_needs_the_view_permission_whatever_the_profile():
    case = scoping.RECORDS["case"]
    center_profile = scoping.Standing(scoping.CENTER, center_id=1)

    assert scoping.reach(case, center_profile, has_permission=False) == scoping.Reach(scoping.NOBODY)
    assert scoping.reach(case, center_profile, has_permission=True) == scoping.Reach(scoping.CENTER, 1)
    assert scoping.reach(case, scoping.Standing(scoping.COUNTY), has_permission=False).kind == scoping.NOBODY
    assert scoping.reach(case, scoping.Standing(scoping.NOBODY), has_permission=True).kind == scoping.NOBODY


def test_reach_follows_the_relation_of_departments_and_workstations():
    department = scoping.Standing(scoping.DEPARTMENT, center_id=1, department_id=7)
    workstation = scoping.Standing(scoping.WORKSTATION, center_id=1, workstation_id=3)
    records = scoping.RECORDS

    assert scoping.reach(records["case"], department, True) == scoping.Reach(scoping.DEPARTMENT, 1, 7, ("lead_department", "cooperating_departments"))
    assert scoping.reach(records["case"], workstation, True) == scoping.Reach(scoping.WORKSTATION, 1, 3, ("workstation",))
    assert scoping.reach(records["notice"], department, True) == scoping.Reach(scoping.DEPARTMENT, 1, 7, ("recipient",))
    assert scoping.reach(records["meeting"], department, True) == scoping.Reach(scoping.CENTER, 1)  # minutes go to every department
    assert scoping.reach(records["report"], department, True).kind == scoping.NOBODY
    assert scoping.reach(records["notice"], workstation, True).kind == scoping.NOBODY
    assert scoping.reach(records["assessment"], workstation, True).kind == scoping.NOBODY


def test_website_editor_sees_no_case_notice_meeting_task_report_or_assessment(center, make_user):
    from governance.institutions.selectors import visibility
    from governance.selectors.cases import cases_visible_to

    editor = make_user("editor", center)
    staff = make_user("staff", center)

    assert scoping.standing_of(editor) == scoping.Standing(scoping.CENTER, center.pk)
    assert not editor.has_perm("governance.view_case")
    for visible_to in (
        cases_visible_to,
        visibility.notices_visible_to,
        visibility.meetings_visible_to,
        visibility.tasks_visible_to,
        visibility.reports_visible_to,
        visibility.assessments_visible_to,
    ):
        assert visible_to(editor).query.is_empty(), visible_to.__name__
        assert not visible_to(staff).query.is_empty(), visible_to.__name__


def test_a_center_profile_without_a_role_sees_no_case(center, make_user):
    from governance.selectors.cases import cases_visible_to

    assert cases_visible_to(make_user(None, center)).query.is_empty()


def test_website_editor_cannot_open_its_centers_case_over_http(center, make_user, reference, client):
    from governance.services import cases as services
    from tests.factories import make_intake, party

    director = make_user("director", center)
    intake = make_intake(reference, parties=[party("王小明", address="幸福路1号")])
    case = services.case_register(center=center, actor=director, intake=intake)
    editor = make_user("editor", center)

    client.force_login(editor)
    for url in (
        f"/admin/governance/cases/{case.pk}/",
        f"/admin/governance/cases/{case.pk}/print/receipt/",
        f"/admin/governance/cases/{case.pk}/do/accept/",
    ):
        response = client.get(url)
        assert response.status_code in (403, 404), url
        assert "王小明" not in response.content.decode()
    assert client.get("/admin/governance/case/").status_code in (302, 403)

    client.force_login(director)
    assert client.get(f"/admin/governance/cases/{case.pk}/").status_code == 200


def test_record_history_pages_need_a_permission_on_the_model(center, make_user, client):
    """wagtail-modeladmin's history view checks no permission: the scoped one does."""
    department = Department.objects.create(center=center, name="禁毒办", role="member")
    url = f"/admin/governance/department/history/{department.pk}/"
    editor = make_user("editor", center)

    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403), response.status_code
    assert "禁毒办" not in response.content.decode()

    client.force_login(make_user("director", center))
    assert client.get(url).status_code == 200
