"""governance.admin.scoped: center-owned choices in the admin's forms name their center when the user
sees several centers (each center has its own 综治办, 派出所…), and stay plain for a center's staff."""

import re

import pytest

from governance.roles import sync_roles

CREATE = "/admin/governance/routingrule/create/"


def _options(html, name):
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group(0)
    return [label.strip() for label in re.findall(r"<option value=\"\d+\"[^>]*>([^<]*)</option>", select)]


@pytest.fixture
def roles(db):
    sync_roles()


def test_the_superusers_routing_form_names_each_departments_center(roles, center, other_center, django_user_model, client):
    client.force_login(django_user_model.objects.create_superuser("root-routing", password="test-password"))
    html = client.get(CREATE).content.decode()

    leads = _options(html, "lead_department")
    # 派出所 is in both centers: each is told apart by its center.
    assert "甲镇·派出所" in leads and "乙乡·派出所" in leads
    assert "甲镇·综治办" in leads
    assert all("·" in label for label in leads), leads
    assert "乙乡·乙乡林业站" in _options(html, "cooperating_departments")  # the multiple choice too


def test_a_directors_routing_form_keeps_plain_names(roles, center, other_center, make_user, client):
    director = make_user("director", center)
    director.user_permissions.clear()
    client.force_login(director)
    response = client.get(CREATE)
    assert response.status_code == 200
    leads = _options(response.content.decode(), "lead_department")
    assert leads == ["综治办", "派出所", "甲镇卫生院"]
