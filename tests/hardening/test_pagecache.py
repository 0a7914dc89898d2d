"""The anonymous full-page cache (zongzhi.pagecache) and the Redis-tolerant cache backend
(zongzhi.cache): what is cached, what never is, invalidation, and a constant query count."""

import re
import subprocess
import time

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from governance.models import LobbyScreen
from pages.models import ContactEntry, StaffMember, StaffPage
from tests.conftest import skip_or_fail
from tests.factories import reference  # noqa: F401
from tests.pages.conftest import _fresh_cache, build_center_site, cases, director, portal, publish, site  # noqa: F401
from zongzhi.pagecache import HEADER

pytestmark = pytest.mark.django_db


def cache_state(response):
    return response.get(HEADER)


def test_anonymous_visitors_get_the_page_from_the_cache_after_the_first_visit(client, site):
    first = client.get(site.home.url)
    second = Client().get(site.home.url)
    assert (first.status_code, cache_state(first)) == (200, "miss")
    assert (second.status_code, cache_state(second)) == (200, "hit")
    assert second.content == first.content


def test_a_cached_page_keeps_its_security_headers(site):
    Client().get(site.contacts.url)
    hit = Client().get(site.contacts.url)
    assert cache_state(hit) == "hit"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert hit["X-Frame-Options"] == "DENY"
    assert "Set-Cookie" not in hit and not hit.cookies


def test_publishing_a_page_drops_every_cached_page(site):
    Client().get(site.contacts.url)
    Client().get(site.home.url)
    page = site.contacts
    page.title = "联系我们（新）"
    page.save_revision().publish()
    contacts, home = Client().get(site.contacts.url), Client().get(site.home.url)
    assert cache_state(contacts) == "miss" and "联系我们（新）" in contacts.content.decode()
    assert cache_state(home) == "miss"  # menus and listings on other pages change with it


def test_unpublishing_a_page_removes_it_at_once(site):
    Client().get(site.board.url)
    assert cache_state(Client().get(site.board.url)) == "hit"
    site.board.unpublish()
    assert Client().get(site.board.url).status_code == 404


def test_a_newly_published_result_shows_on_the_board_at_once(site, cases):
    Client().get(site.board.url)
    case = cases.make("王小明")
    board = Client().get(site.board.url)
    assert cache_state(board) == "miss"
    assert case.code in board.content.decode()


def test_logged_in_users_neither_read_nor_fill_the_cache(client, site, director):
    Client().get(site.home.url)  # cached for anonymous visitors
    client.force_login(director)
    mine = client.get(site.home.url)
    assert mine.status_code == 200 and cache_state(mine) is None
    Client().get(site.contacts.url)
    client.get(site.contacts.url)
    assert cache_state(Client().get(site.contacts.url)) == "hit"


def test_a_session_cookie_or_a_query_string_bypasses_the_cache(site):
    Client().get(site.home.url)
    with_session = Client()
    with_session.cookies["sessionid"] = "anything"
    assert cache_state(with_session.get(site.home.url)) is None
    assert cache_state(Client().get(site.home.url + "?page=2")) is None
    assert cache_state(Client().get(site.home.url + "search/?q=调解")) is None


def test_forms_carry_each_visitors_own_csrf_token_and_are_never_stored(site):
    tokens = []
    for _ in range(2):
        response = Client().get(site.request.url)
        assert response.status_code == 200
        assert cache_state(response) == "bypass"
        assert "no-store" in response["Cache-Control"]
        tokens.append(re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1))
    assert tokens[0] != tokens[1]
    assert cache_state(Client().get(site.lookup.url)) == "bypass"


def test_a_lookup_result_is_never_shown_to_the_next_visitor(site, cases):
    case = cases.make("李四", stage="handling")
    shown = Client().post(site.lookup.url, {"code": case.code, "query_code": case.query_code})
    assert shown.status_code == 200 and case.code in shown.content.decode()
    after = Client().get(site.lookup.url)
    assert case.code not in after.content.decode()


def test_lobby_screens_are_never_cached(site, center):
    LobbyScreen.objects.create(center=center, name="大厅", slug="hall", layout=[("clock", {})])
    for _ in range(2):
        response = Client().get("/lobby/hall/")
        assert response.status_code == 200 and cache_state(response) is None
        assert "no-store" in response["Cache-Control"]


@override_settings(ZONGZHI_PAGE_CACHE_SECONDS=0)
def test_the_cache_can_be_turned_off(site):
    Client().get(site.home.url)
    assert cache_state(Client().get(site.home.url)) is None


# --- constant query count -------------------------------------------------------------------------


def _queries(url):
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(url + "?nocache=1")
        assert response.status_code == 200
    return len(queries)


def test_public_pages_cost_the_same_number_of_queries_whatever_their_length(site, cases, center):
    staff = publish(site.home, StaffPage(title="工作人员", slug="staff"))
    pages = {"home": site.home.url, "board": site.board.url, "contacts": site.contacts.url, "staff": staff.url}
    cases.make("赵一")
    StaffMember.objects.create(page=staff, name="张主任", role="主任")
    _queries(site.home.url)  # warm the caches (content types, site root paths, the page chrome)
    before = {name: _queries(url) for name, url in pages.items()}

    for n in range(5):
        cases.make(f"钱{n}号")
        StaffMember.objects.create(page=staff, name=f"调解员{n}", role="调解员")
        ContactEntry.objects.create(page=site.contacts, label=f"窗口{n}", phone=f"0000-555000{n}", in_footer=True)
    # The new cases made every cached page stale, the shared page chrome too: the first page
    # rebuilds it (a fixed number of queries, whatever the number of contacts), the rest reuse it.
    rebuilt = _queries(site.home.url)
    after = {name: _queries(url) for name, url in pages.items()}
    assert after == before
    # The site lookup, the center's home page (routing) and the chrome (restrictions, menu, sections,
    # contacts, quick links).
    assert rebuilt - after["home"] <= 8


def test_the_page_chrome_is_built_once_and_rebuilt_when_content_changes(site):
    _queries(site.home.url)
    cached = _queries(site.home.url)
    contacts = site.contacts
    ContactEntry.objects.create(page=contacts, label="值班电话", phone="0000-5550999", in_footer=True)
    revision = contacts.save_revision()
    revision.publish()
    assert _queries(site.home.url) > cached  # rebuilt after the publish
    assert "0000-5550999" in Client().get(site.home.url + "?nocache=1").content.decode()
    assert _queries(site.home.url) == cached


def test_rendered_pages_reuse_the_site_until_a_site_changes(site, portal):
    from django.test import RequestFactory
    from wagtail.models import Site

    from zongzhi import pagecache

    factory = RequestFactory()
    first = pagecache.cached_site(factory.get("/"))
    with CaptureQueriesContext(connection) as queries:
        second = pagecache.cached_site(factory.get("/"))
    assert len(queries) == 0
    assert second.pk == first.pk and second.root_page.pk == portal.pk
    assert second is not first and second.root_page is not first.root_page  # each request its own copy
    assert isinstance(second.root_page, type(portal))  # the specific page, ready for routing

    Site.objects.filter(pk=first.pk).update(site_name="改名后的门户")
    assert pagecache.cached_site(factory.get("/")).site_name != "改名后的门户"  # no signal: kept
    site_row = Site.objects.get(pk=first.pk)
    site_row.site_name = "改名后的门户"
    site_row.save()  # a save bumps the generation
    assert pagecache.cached_site(factory.get("/")).site_name == "改名后的门户"


def test_rendered_pages_reuse_the_site_root_paths_until_a_site_changes(site, portal):
    from django.test import RequestFactory
    from wagtail.models import Site

    from zongzhi import pagecache

    factory = RequestFactory()
    first = pagecache.cached_site_root_paths(factory.get("/"))
    assert pagecache.cached_site_root_paths(factory.get("/")) is first  # kept for the generation
    site_row = Site.objects.get(root_page=portal)
    site_row.port = 8443
    site_row.save()  # bumps the generation (and clears Wagtail's own entry)
    again = pagecache.cached_site_root_paths(factory.get("/"))
    assert again is not first and [path.root_url for path in again] == ["http://localhost:8443"]
    assert Client().get(site.home.url + "?nocache=1").wsgi_request._wagtail_cached_site_root_paths == again


def test_made_up_host_headers_cannot_grow_the_site_table(site):
    from django.test import RequestFactory

    from zongzhi import pagecache

    factory = RequestFactory()
    for n in range(3 * pagecache.SITES_KEPT):
        assert pagecache.cached_site(factory.get("/", HTTP_HOST=f"host-{n}.example")) is not None  # the default site
    assert len(pagecache._sites) <= pagecache.SITES_KEPT


def test_a_privacy_change_drops_the_page_from_menus_and_cached_pages(site):
    from wagtail.models import PageViewRestriction

    contacts_url = site.contacts.url
    assert contacts_url in Client().get(site.home.url).content.decode()  # footer link, now cached
    PageViewRestriction.objects.create(page=site.contacts, restriction_type=PageViewRestriction.LOGIN)
    html = Client().get(site.home.url).content.decode()
    assert contacts_url not in html
    assert contacts_url not in Client().get(site.home.url + "?nocache=1").content.decode()


# --- the cache backend when Redis is down --------------------------------------------------------


def _free_port():
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_cache_answers_from_memory_while_redis_is_down_and_goes_back_to_redis(tmp_path):
    import shutil

    from zongzhi import cache as resilient

    if not shutil.which("redis-server"):
        skip_or_fail("redis-server 不存在：无法测试 Redis 恢复")
    port = _free_port()
    backend = resilient.ResilientRedisCache(f"redis://127.0.0.1:{port}/0", {"OPTIONS": {"retry_after": 0.2}, "KEY_PREFIX": "t"})
    recovered = []
    resilient.on_recover.append(recovered.append)
    server = None
    try:
        assert backend.get("missing", "default") == "default"
        assert backend.degraded
        backend.set("k", 1)
        assert backend.incr("k") == 2  # rate limits keep counting, per process
        assert backend.add("token", "pending") and not backend.add("token", "again")
        server = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while backend.degraded:
            assert time.monotonic() < deadline, "the cache did not go back to Redis"
            time.sleep(0.3)
            backend.set("probe", 1)
        assert recovered == [backend]
        backend.set("shared", "in redis")
        assert backend.get("shared") == "in redis"
        assert backend.fallback.get("token") is None  # the outage's memory does not linger
        backend.clear()  # only this cache's keys: never FLUSHDB
        # A second outage starts with empty memory, not with what the first one left there.
        backend.fallback.set("stale", "from long ago")
        server.terminate()
        server.wait(timeout=10)
        server = None
        assert backend.get("k", "gone") == "gone"
        assert backend.degraded
        assert backend.get("stale") is None
    finally:
        resilient.on_recover.remove(recovered.append)
        if server is not None:
            server.terminate()
            server.wait(timeout=10)


def test_every_cache_object_of_a_process_shares_one_connection_pool_and_one_outage_state(tmp_path):
    """Under ASGI Django makes a cache object per request: they must not open a Redis connection
    each, nor keep the outage memory (rate-limit counts, form tokens) for one request only."""
    import shutil

    import redis

    from zongzhi import cache as resilient

    if not shutil.which("redis-server"):
        skip_or_fail("redis-server 不存在：无法测试 Redis 连接复用")
    port = _free_port()
    location = f"redis://127.0.0.1:{port}/0"
    params = {"OPTIONS": {"retry_after": 30}, "KEY_PREFIX": "t"}

    def per_request():
        return resilient.ResilientRedisCache(location, params)  # as Django's cache handler does

    first, second = per_request(), per_request()
    assert first.get("k") is None and first.degraded  # Redis is not running yet
    assert second.degraded  # the outage is known to the whole process: no new connect timeout
    first.set("attempts", 1)
    assert second.incr("attempts") == 2  # rate limits keep counting across requests
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        probe = redis.Redis(host="127.0.0.1", port=port)
        deadline = time.monotonic() + 10
        while True:
            try:
                probe.ping()
                break
            except redis.exceptions.ConnectionError:
                assert time.monotonic() < deadline, "redis-server did not start"
                time.sleep(0.1)
        with resilient._states_lock:
            for state in resilient._states.values():
                state.down_until = 0.0  # skip the 30 s wait: try Redis now
        before = probe.info("stats")["total_connections_received"]
        for n in range(30):
            backend = per_request()
            backend.set(f"key-{n}", n)
            assert backend.get(f"key-{n}") == n
        assert not first.degraded
        opened = probe.info("stats")["total_connections_received"] - before
        assert opened <= 2, f"{opened} Redis connections for 30 requests"
    finally:
        server.terminate()
        server.wait(timeout=10)


# --- per-center invalidation from the engine ----------------------------------------------------------


def test_a_case_move_drops_its_own_centers_pages_and_the_county_pages_only(site, portal, other_center, cases):
    """A move in one center leaves the other center's cached pages cached; the portal root (a
    county-level page listing every center) is dropped. Model saves send no invalidation."""
    other = build_center_site(portal, other_center)
    urls = {"own": site.board.url, "own_home": site.home.url, "other": other.board.url, "other_home": other.home.url, "county": portal.url}
    for url in urls.values():
        Client().get(url)
    assert {name: cache_state(Client().get(url)) for name, url in urls.items()} == dict.fromkeys(urls, "hit")

    case = cases.make("王小明", stage="resolved", publish=False)  # registered … resolved: every step through the engine
    after = {name: cache_state(Client().get(url)) for name, url in urls.items()}

    assert after == {"own": "miss", "own_home": "miss", "other": "hit", "other_home": "hit", "county": "miss"}
    # A plain model save (no engine) is not an invalidation any more: the pages stay cached.
    for url in urls.values():
        Client().get(url)
    type(case).objects.get(pk=case.pk).save()
    assert cache_state(Client().get(site.board.url)) == "hit"


def test_a_notice_move_drops_only_its_centers_pages(site, portal, other_center, center, director):
    from datetime import timedelta

    from governance.institutions.services import notices
    from governance.models import Department
    from governance.services import clock

    other = build_center_site(portal, other_center)
    department = Department.objects.get(center=center, name="派出所")
    data = notices.NoticeData(
        recipient_id=department.pk,
        problem="消防通道堵塞",
        place="村口",
        basis="消防法",
        measures="清理",
        responsible_person="李四",
        funds="自筹",
        deadline=clock.today() + timedelta(days=10),
        contingency_plan="派人值守",
    )
    Client().get(site.home.url), Client().get(other.home.url)
    director.user_permissions.add(*_permissions("add_rectificationnotice"))
    notices.notice_create(center=center, actor=_fresh(director), data=data)
    assert cache_state(Client().get(site.home.url)) == "miss"
    assert cache_state(Client().get(other.home.url)) == "hit"


def _permissions(*codenames):
    from django.contrib.auth.models import Permission

    return list(Permission.objects.filter(codename__in=codenames))


def _fresh(user):
    return type(user).objects.get(pk=user.pk)
