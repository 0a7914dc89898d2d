"""governance.admin.lifecycle_lists: what every lifecycle's list screen shares."""

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from governance.admin.lifecycle_lists import (
    NoDeletePermissionHelper,
    badge,
    create_permission_helper,
    is_center_staff_with,
    open_buttons,
    scoped_unit_filter,
)
from governance.institutions.models import RectificationNotice
from governance.models import Department
from governance.roles import sync_roles


@pytest.fixture
def roles(db):
    sync_roles()


def test_badge_escapes_its_text():
    assert str(badge("red", "<b>逾期</b>")) == '<span class="zz-badge zz-red">&lt;b&gt;逾期&lt;/b&gt;</span>'


def test_open_buttons_link_each_row_to_its_own_page():
    view = SimpleNamespace(model=RectificationNotice, url_helper=None, permission_helper=None)
    helper = open_buttons("institutions_notice")(view, RequestFactory().get("/"))
    record = RectificationNotice(pk=7)

    [button] = helper.get_buttons_for_obj(record)

    assert button["url"] == "/admin/institutions/notices/7/"
    assert str(button["label"]) in ("Open", "打开")


def test_records_are_never_edited_or_deleted_from_the_list(roles, center, make_user):
    director = make_user("director", center)
    helper = create_permission_helper(lambda user: True)(RectificationNotice)

    assert issubclass(create_permission_helper(lambda user: True), NoDeletePermissionHelper)
    assert helper.user_can_create(director)
    assert not helper.user_can_edit_obj(director, RectificationNotice())
    assert not helper.user_can_delete_obj(director, RectificationNotice())
    assert not create_permission_helper(lambda user: False)(RectificationNotice).user_can_create(director)


def test_center_staff_check_needs_a_center_post_and_the_permission(roles, center, make_user):
    police = center.departments.get(name="派出所")
    check = is_center_staff_with("institutions.add_rectificationnotice")

    assert check(make_user("director", center))
    assert not check(make_user("department", center, department=police))
    assert not check(make_user(None, center))


def test_unit_filter_names_each_center_for_a_user_who_sees_several(roles, center, other_center, make_user):
    unit_filter = scoped_unit_filter("部门", "dept", Department, "recipient")
    county = RequestFactory().get("/")
    county.user = make_user("county", None)
    own = RequestFactory().get("/")
    own.user = make_user("director", center)

    county_labels = [label for _, label in unit_filter(county, {}, Department, None).lookups(county, None)]
    own_labels = [label for _, label in unit_filter(own, {}, Department, None).lookups(own, None)]

    assert "甲镇·派出所" in county_labels and "乙乡·派出所" in county_labels
    assert "派出所" in own_labels and "乙乡林业站" not in own_labels
