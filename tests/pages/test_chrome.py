"""The page chrome (pages/chrome.py): what every page of a center shows around its content."""

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
