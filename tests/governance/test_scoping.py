"""governance.scoping: who sees which center's records."""

import pytest
from django.contrib.auth.models import AnonymousUser

from governance import scoping
from governance.models import Center, Department, Workstation

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
