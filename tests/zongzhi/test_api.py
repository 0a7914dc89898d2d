"""Wagtail API v2 at /api/v2/: public pages, images and documents; never user data."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import PageViewRestriction

from governance.demo import read_demo_data
from pages.models import CenterHomePage, ContentPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(demo_county):
    """The demo county, loaded once for every module that needs it (tests/demo_county.py); each
    test runs in its own savepoint on top."""
    return demo_county


def all_pages(client, **params):
    """Every item of /api/v2/pages/, following the offset (the API caps limit at 20 by default)."""
    items, offset = [], 0
    while True:
        data = get_json(client, "/api/v2/pages/", offset=offset, **params)
        items += data["items"]
        offset += len(data["items"])
        if not data["items"] or offset >= data["meta"]["total_count"]:
            return items


def get_json(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_endpoint_answers_json(client, demo, endpoint):
    data = get_json(client, f"/api/v2/{endpoint}/")

    assert "total_count" in data["meta"]
    assert isinstance(data["items"], list)


def test_pages_lists_both_centers_public_pages(client, demo):
    items = all_pages(client)

    listed = {item["id"] for item in items}
    for home in CenterHomePage.objects.all():
        assert home.pk in listed
        assert {page.pk for page in home.get_children().live()} <= listed
    assert len({home.center_id for home in CenterHomePage.objects.filter(pk__in=listed)}) == 2


def test_center_home_pages_carry_center_name_and_contacts(client, demo):
    items = get_json(client, "/api/v2/pages/", type="pages.CenterHomePage", fields="center_name,center_contacts")["items"]

    assert sorted(item["center_name"] for item in items) == sorted(c["name"] for c in read_demo_data()["centers"])
    assert all(item["center_contacts"]["supervision_phone"] for item in items)


def test_drafts_and_private_pages_are_not_listed(client, demo):
    home = CenterHomePage.objects.get(center__slug="shifan")
    draft = home.add_child(instance=ContentPage(title="未发布草稿", slug="draft", live=False))
    private = home.add_child(instance=ContentPage(title="内部通知", slug="internal"))
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)

    items = all_pages(client)

    listed = {item["id"] for item in items}
    assert draft.pk not in listed
    assert private.pk not in listed
    assert client.get(f"/api/v2/pages/{draft.pk}/").status_code == 404


def test_no_user_data_in_pages_response(client, demo):
    """Listing with every field, and each page's detail, names no account and no owner."""
    usernames = list(get_user_model().objects.values_list("username", flat=True))
    items = all_pages(client, fields="*")
    assert items
    bodies = [json.dumps(item, ensure_ascii=False) for item in items]
    bodies += [json.dumps(get_json(client, f"/api/v2/pages/{item['id']}/"), ensure_ascii=False) for item in items]

    for body in bodies:
        for key in ("owner", "password", "email", "last_login", "locked_by", "user"):
            assert f'"{key}":' not in body
        for username in usernames:
            assert f'"{username}"' not in body


def test_owner_field_is_refused(client, demo):
    """Requesting a non-public field is an error, not a leak."""
    response = client.get("/api/v2/pages/", {"fields": "owner"})

    assert response.status_code == 400
