"""The page chrome (pages/chrome.py): what every page of a center shows around its content."""

import re

import pytest
from django.test import Client, RequestFactory

from pages import chrome
from tests.pages.conftest import build_center_site, portal, publish, site  # noqa: F401


def _request(path="/"):
    return RequestFactory().get(path)


def test_the_chrome_lists_the_menu_sections_and_footer_of_the_center(site):
    data = chrome.for_home(site.home, _request())
    assert data["center"]["name"] == site.home.center.name
    assert data["home"]["url"] == site.home.url
    assert set(data["sections"]) == {"board", "request", "lookup", "contacts"}
    assert data["sections"]["board"]["url"] == site.board.url


def test_a_preview_of_a_draft_home_never_reaches_the_public_chrome(site):
    public = chrome.for_home(site.home, _request())
    draft = site.home.get_latest_revision_as_object() if site.home.latest_revision else site.home
    draft.title = "草稿标题"
    draft.center.name = "草稿中心名"
    preview = _request()
    preview.is_preview = True
    assert chrome.for_home(draft, preview)["center"]["name"] == "草稿中心名"
    draft.center.refresh_from_db()
    again = chrome.for_home(site.home.__class__.objects.get(pk=site.home.pk), _request())
    assert again == public
    assert "草稿中心名" not in Client().get(site.home.url + "?nocache=1").content.decode()


def test_each_request_builds_or_reads_the_chrome_once(site, django_assert_num_queries):
    request = _request()
    chrome.for_home(site.home, request)
    with django_assert_num_queries(0):
        chrome.for_home(site.home, request)


# --- view restrictions: Wagtail's check skips its queries only when nothing can be restricted ----------


def _status(url):
    return Client().get(url + "?nocache=1").status_code


def test_unrestricted_pages_are_served_without_looking_up_restrictions(site, django_assert_max_num_queries):
    from wagtail.models import PageViewRestriction

    assert _status(site.board.url) == 200
    assert chrome.surely_unrestricted(site.board)
    assert list(site.board.get_view_restrictions()) == []
    PageViewRestriction.objects.create(page=site.contacts, restriction_type=PageViewRestriction.LOGIN)
    assert chrome.surely_unrestricted(site.board)  # another branch of the tree
    assert not chrome.surely_unrestricted(site.contacts)


@pytest.mark.parametrize("restriction_type", ["login", "password"])
def test_a_restriction_added_later_is_enforced_at_once(site, restriction_type):
    from wagtail.models import PageViewRestriction

    assert _status(site.board.url) == 200  # the index is now cached without the restriction
    PageViewRestriction.objects.create(page=site.home, restriction_type=restriction_type, password="secret-pass")
    status = _status(site.board.url)  # below the restricted home
    assert status == (302 if restriction_type == "login" else 200)
    if restriction_type == "password":
        assert "password" in Client().get(site.board.url + "?nocache=1").content.decode().lower()


def test_an_alias_of_a_restricted_page_is_restricted_too(site, portal):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=site.board, restriction_type=PageViewRestriction.LOGIN)
    assert _status(portal.url) == 200  # caches the index before the alias exists
    alias = site.board.create_alias(parent=portal, update_slug="board-alias")
    assert not chrome.surely_unrestricted(alias)
    assert _status(alias.url) == 302


def test_process_copies_are_never_reused_after_the_cache_lost_its_generation(site):
    """Redis restarted without its data: the generation starts afresh at a random value, so the
    site, chrome and restriction copies each process keeps are rebuilt, not taken for current."""
    from django.core.cache import cache

    from governance.models import Center

    def header_name():
        html = Client().get(site.board.url + "?nocache=1").content.decode()
        return re.search(r'class="site-name"[^>]*>([^<]*)<', html).group(1)

    from zongzhi import pagecache

    cache.clear()
    pagecache.bump_generation()  # a change after a fresh start
    assert header_name() == site.home.center.name
    Center.objects.filter(pk=site.home.center_id).update(name="改名后的中心")  # no signal: no bump
    assert header_name() == site.home.center.name  # the chrome of this generation
    cache.clear()  # Redis restarted without its data
    pagecache.bump_generation()  # the same kind of change again: must not land on the same number
    assert header_name() == "改名后的中心"
