"""Routing below the portal (pages.models.home): a center's home is found with its center in one
query, its pages know their home without looking it up, and Wagtail's rules still hold."""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page

from pages.models import ContentPage
from tests.pages.conftest import build_center_site, portal, publish, site  # noqa: F401


def _get(url):
    return Client().get(url + "?nocache=1")


def test_a_center_home_answers_with_its_center(site):
    response = _get(site.home.url)
    assert response.status_code == 200
    assert site.home.center.name in response.content.decode()


def test_an_unknown_or_unpublished_section_is_not_found(site, portal):
    assert _get(portal.url + "no-such-center/").status_code == 404
    site.home.unpublish()
    assert _get(site.home.url).status_code == 404
    assert _get(site.board.url).status_code == 200  # as in Wagtail: a live child of a draft page


def test_other_pages_below_the_portal_still_route(portal):
    page = publish(portal, ContentPage(title="县级说明", slug="county-guide"))
    response = _get(page.url)
    assert response.status_code == 200
    assert "县级说明" in response.content.decode()


def test_the_portals_own_routes_come_before_its_children(site, portal):
    response = _get(portal.url + "search/")
    assert response.status_code == 200


def test_a_page_below_a_center_knows_its_home_without_a_query(site):
    from wagtail.models import Page

    request = Client().get(site.board.url).wsgi_request
    result = Page.route_for_request(request, site.board.url)
    page = result[0]
    assert isinstance(page, type(site.board))
    assert "center_home" in page.__dict__
    assert page.center_home.pk == site.home.pk
    with CaptureQueriesContext(connection) as queries:
        assert page.center_home.center.pk == site.home.center_id
    assert len(queries) == 0


def test_a_center_home_page_is_rendered_with_a_handful_of_queries(site):
    _get(site.home.url)
    with CaptureQueriesContext(connection) as queries:
        assert _get(site.home.url).status_code == 200
    # The latest results (1) and notices (1); the center's home page with its center was found
    # once for this generation, the menus and footer come from the page chrome, Wagtail's
    # view-restriction check from the restriction index.
    assert len(queries) <= 2, [q["sql"][:80] for q in queries]


def test_a_center_home_is_looked_up_once_per_generation(site, portal):
    from django.test import RequestFactory

    from pages.models import home as home_module
    from zongzhi import pagecache

    requests = [RequestFactory().get(site.home.url) for _ in range(2)]
    for request in requests:
        request._wagtail_site = pagecache.cached_site(request)  # as SiteCacheMiddleware does
    first = Page.route_for_request(requests[0], site.home.url)[0]
    with CaptureQueriesContext(connection) as queries:
        second = Page.route_for_request(requests[1], site.home.url)[0]
    assert len(queries) == 0, [q["sql"][:300] for q in queries]
    assert second.pk == first.pk and second is not first  # each request its own copy
    assert second.center.pk == site.home.center_id

    center = site.home.center
    center.name = "改名后的综治中心"
    center.save()  # a center change bumps the generation: the home is read again, with its center
    assert "改名后的综治中心" in _get(site.home.url).content.decode()

    site.home.slug = "renamed"
    site.home.save_revision().publish()
    assert _get(portal.url + "renamed/").status_code == 200
    assert _get(site.home.url).status_code == 404  # the old slug is gone at once

    kept = len(home_module._center_homes)
    for n in range(20):  # made-up slugs are not kept: they cannot grow the table
        assert _get(f"{portal.url}made-up-{n}/").status_code == 404
    assert len(home_module._center_homes) == kept <= home_module.CENTER_HOMES_KEPT
