"""zongzhi.public_urls and the API's links: absolute URLs on the host the client used (behind a
proxy too), or on a configured base; never the Site record's `localhost` or a fixed 127.0.0.1:8000."""

import pytest
from django.test import RequestFactory, override_settings
from wagtail.models import Site

from governance.views.case_documents import progress_lookup
from zongzhi import public_urls

pytestmark = pytest.mark.django_db

HOST = "zongzhi.example.cn:8443"
HOSTS = ["zongzhi.example.cn", "proxy.internal", "testserver", "localhost"]


def _links(value):
    """Every *_url string in an API answer."""
    if isinstance(value, dict):
        for key, item in value.items():
            if key.endswith("_url") and isinstance(item, str):
                yield item
            else:
                yield from _links(item)
    elif isinstance(value, list):
        for item in value:
            yield from _links(item)


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_the_base_is_the_requests_host_and_port():
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert public_urls.base_url(request) == f"http://{HOST}"
    assert public_urls.absolute(request, "/shifan/") == f"http://{HOST}/shifan/"
    assert public_urls.absolute(request, "https://elsewhere.cn/x") == "https://elsewhere.cn/x"


@override_settings(ALLOWED_HOSTS=HOSTS, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), USE_X_FORWARDED_HOST=True)
def test_behind_a_trusted_proxy_the_forwarded_host_and_scheme_count():
    request = RequestFactory().get("/", HTTP_HOST="proxy.internal:8001", HTTP_X_FORWARDED_HOST=HOST, HTTP_X_FORWARDED_PROTO="https")
    assert public_urls.base_url(request) == f"https://{HOST}"


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_forwarded_headers_are_ignored_unless_the_settings_trust_them():
    request = RequestFactory().get("/", HTTP_HOST="proxy.internal:8001", HTTP_X_FORWARDED_HOST="evil.example", HTTP_X_FORWARDED_PROTO="https")
    assert public_urls.base_url(request) == "http://proxy.internal:8001"


@override_settings(ALLOWED_HOSTS=HOSTS, ZONGZHI_PUBLIC_BASE_URL="https://zongzhi.example.gov.cn/ignored/path")
def test_a_configured_public_base_wins():
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert public_urls.base_url(request) == "https://zongzhi.example.gov.cn"


@override_settings(WAGTAILADMIN_BASE_URL="https://admin.example.cn", ZONGZHI_PUBLIC_BASE_URL=None)
def test_without_a_request_the_admin_base_url_is_used():
    assert public_urls.base_url(None) == "https://admin.example.cn"


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_a_page_url_on_the_requests_site_uses_the_requests_host():
    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port) == ("localhost", 80)  # the Site record says localhost
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert public_urls.page_url(site.root_page, request) == f"http://{HOST}/"


@override_settings(ALLOWED_HOSTS=HOSTS, WAGTAILAPI_BASE_URL=None, ZONGZHI_PUBLIC_BASE_URL=None)
@pytest.mark.parametrize("endpoint", ["pages", "images", "documents"])
def test_api_links_point_to_the_host_the_client_used(client, endpoint):
    listing = client.get(f"/api/v2/{endpoint}/", HTTP_HOST=HOST).json()
    links = list(_links(listing))
    if endpoint == "pages":
        page = listing["items"][0]
        assert page["meta"]["detail_url"] == f"http://{HOST}/api/v2/pages/{page['id']}/"
        assert page["meta"]["html_url"] == f"http://{HOST}/"
        detail = client.get(f"/api/v2/pages/{page['id']}/", HTTP_HOST=HOST).json()
        links += list(_links(detail))
    for link in links:
        assert link.startswith(f"http://{HOST}/"), link
        assert "127.0.0.1" not in link and "localhost" not in link


@override_settings(
    ALLOWED_HOSTS=HOSTS, WAGTAILAPI_BASE_URL=None, ZONGZHI_PUBLIC_BASE_URL=None, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_api_links_behind_nginx_are_https(client):
    # deploy/nginx/zongzhi.conf passes Host and X-Forwarded-Proto; production trusts the latter.
    listing = client.get("/api/v2/pages/", HTTP_HOST="zongzhi.example.cn", HTTP_X_FORWARDED_PROTO="https").json()
    assert listing["items"][0]["meta"]["detail_url"].startswith("https://zongzhi.example.cn/api/v2/pages/")


@override_settings(ALLOWED_HOSTS=HOSTS, WAGTAILAPI_BASE_URL="https://api.example.cn")
def test_a_configured_api_base_url_still_wins(client):
    page = client.get("/api/v2/pages/", HTTP_HOST=HOST).json()["items"][0]
    assert page["meta"]["detail_url"].startswith("https://api.example.cn/api/v2/pages/")
    assert page["meta"]["html_url"] == "https://api.example.cn/"


@override_settings(ALLOWED_HOSTS=HOSTS)
def test_the_find_view_redirects_on_the_requests_host(client):
    page = client.get("/api/v2/pages/", HTTP_HOST=HOST).json()["items"][0]
    response = client.get("/api/v2/pages/find/", {"html_path": "/"}, HTTP_HOST=HOST)
    assert response.status_code == 302
    assert response["Location"].startswith(f"http://{HOST}/api/v2/pages/{page['id']}/")


@override_settings(ALLOWED_HOSTS=HOSTS, ZONGZHI_PUBLIC_BASE_URL=None)
def test_documents_point_parties_to_the_portal_on_the_requests_host(center):
    # A center without a public site: the lookup instruction names the portal's root.
    request = RequestFactory().get("/", HTTP_HOST=HOST)
    assert progress_lookup(request, center) == {"url": f"http://{HOST}/", "page": False}


@override_settings(ALLOWED_HOSTS=HOSTS, ZONGZHI_PUBLIC_BASE_URL="https://zongzhi.example.gov.cn")
def test_documents_use_the_configured_public_base(center):
    request = RequestFactory().get("/", HTTP_HOST="127.0.0.1:8000")
    assert progress_lookup(request, center)["url"] == "https://zongzhi.example.gov.cn/"
