"""The dashboard's panels (governance.admin.panels and the working systems' panels): a banner or a
link is shown only to those who may act on it, so no role meets "没有权限" from its own dashboard."""

import re
from html.parser import HTMLParser

import pytest

from governance.admin.panels import may_enter_holiday_calendar
from governance.roles import ROLES, sync_roles

HOLIDAY_BANNER = "需要录入节假日安排"
DENIED = "没有权限"


class _MainLinks(HTMLParser):
    """The links inside <main> (the dashboard's panels; the menu is outside and filtered by Wagtail)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.links = 0, []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "main":
            self.depth += 1
        elif self.depth and tag == "a" and (attributes.get("href") or "").startswith("/admin/"):
            self.links.append(attributes["href"])

    def handle_endtag(self, tag):
        if tag == "main":
            self.depth -= 1


def _dashboard_links(client):
    response = client.get("/admin/")
    assert response.status_code == 200
    parser = _MainLinks()
    parser.feed(response.content.decode())
    return response.content.decode(), sorted(set(parser.links))


def _user(role, center, make_user, django_user_model):
    if role == "superuser":
        return django_user_model.objects.create_superuser("root-panels", password="test-password")
    if role == "county":
        return make_user("county", None)
    department = center.departments.first() if role == "department" else None
    workstation = center.workstations.first() if role == "workstation" else None
    return make_user(role, center, department=department, workstation=workstation)


@pytest.fixture
def roles(db):
    sync_roles()


@pytest.mark.parametrize("role", [*ROLES, "superuser"])
def test_every_link_on_each_roles_dashboard_opens(role, roles, center, make_user, django_user_model, client):
    user = _user(role, center, make_user, django_user_model)
    client.force_login(user)
    _html, links = _dashboard_links(client)
    for href in links:
        response = client.get(href, follow=True)
        assert response.status_code == 200, (role, href, response.status_code)
        # Wagtail answers a screen the user may not open with a redirect to the dashboard and "没有权限".
        assert not response.redirect_chain, (role, href, response.redirect_chain)
        assert DENIED not in response.content.decode(), (role, href)


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        ("superuser", True),
        ("county", True),
        ("director", False),
        ("staff", False),
        ("reception", False),
        ("department", False),
        ("workstation", False),
        ("editor", False),
    ],
)
def test_the_holiday_banner_is_for_those_who_may_enter_the_calendar(role, shown, roles, center, make_user, django_user_model, client):
    # The test database has no holiday year entered: the banner is due.
    user = _user(role, center, make_user, django_user_model)
    assert may_enter_holiday_calendar(user) is shown
    client.force_login(user)
    html, links = _dashboard_links(client)
    assert (HOLIDAY_BANNER in html) is shown, role
    assert any(re.search(r"/holidayoverride/", href) for href in links) is shown


def test_a_director_who_may_view_the_calendar_but_not_change_it_gets_no_banner(roles, center, make_user):
    director = make_user("director", center)
    assert director.has_perm("governance.view_holidayoverride") and director.has_perm("governance.add_holidayoverride")
    assert not may_enter_holiday_calendar(director)
