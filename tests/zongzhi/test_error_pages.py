"""Chinese 404 and 500 pages in the portal's look (templates/404.html, 500.html), with DEBUG off;
the admin's 404 is Wagtail's own, in Chinese."""

import sys
import types
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import include, path
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}


def _boom(request):
    raise RuntimeError("a bug")


@pytest.fixture
def boom_urls():
    """The site's URLs plus /boom/, which fails with an unexpected error."""
    module = types.ModuleType("zz_error_page_urls")
    module.urlpatterns = [path("boom/", _boom), path("", include(settings.ROOT_URLCONF))]
    sys.modules[module.__name__] = module
    yield module.__name__
    del sys.modules[module.__name__]


@override_settings(DEBUG=False)
def test_an_unknown_address_gets_the_chinese_404_in_the_portals_look(client):
    response = client.get("/no-such-page/", **ENGLISH_BROWSER)

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回门户首页" in html and "进度查询" in html
    assert 'class="site-header"' in html and "css/portal.css" in html  # the site's header and style
    assert "Not Found" not in html and "The requested resource" not in html


@override_settings(DEBUG=False)
def test_a_failing_page_gets_the_chinese_500(boom_urls):
    client = Client(raise_request_exception=False)
    with override_settings(ROOT_URLCONF=boom_urls):
        response = client.get("/boom/", **ENGLISH_BROWSER)

    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错了" in html and "返回门户首页" in html
    assert "Server Error" not in html and "RuntimeError" not in html and "a bug" not in html


def test_the_500_page_needs_no_context_no_tags_and_no_database():
    template = (Path(settings.BASE_DIR) / "templates" / "500.html").read_text(encoding="utf-8")
    assert "{%" not in template and "{{" not in template  # renders whatever state the server is in
    request = RequestFactory().get("/")
    with CaptureQueriesContext(connection) as queries:
        response = server_error(request)
    assert response.status_code == 500 and "服务器出错了" in response.content.decode()
    assert len(queries) == 0


@override_settings(DEBUG=False)
def test_an_admin_user_gets_wagtails_chinese_404_inside_the_admin(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root-404", password="test-password"))
    response = client.get("/admin/governance/cases/999999999/", **ENGLISH_BROWSER)

    assert response.status_code == 404
    html = response.content.decode()
    assert "找不到请求的页面" in html and "转到管理界面" in html
    assert "Page not found" not in html and "could not be found" not in html
