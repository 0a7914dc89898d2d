"""The public security warnings: the current-warnings page, its archive, the home-page block, the
pages API, and the per-center cache drop when a warning is published, withdrawn or expires."""

from datetime import timedelta

import pytest
from django.test import Client

from pages.models import WarningsPage
from tests.factories import reference  # noqa: F401
from tests.governance.warnings.conftest import TODAY, clock, warning_data  # noqa: F401
from tests.pages.conftest import _fresh_cache, build_center_site, portal, publish, site  # noqa: F401
from zongzhi.pagecache import HEADER

pytestmark = pytest.mark.django_db


@pytest.fixture
def director(center, make_user):
    return make_user("director", center)


@pytest.fixture
def page(site):
    return publish(site.home, WarningsPage(title="治安预警", slug="warnings", show_in_menus=True))


@pytest.fixture
def warn(center, director, clock):
    """warn(state, **data): a warning of the site's center taken to `state` through the services."""
    from governance.warnings import services

    def make(state="published", who=None, where=None, **overrides):
        actor = who or director
        warning = services.warning_create(center=where or center, actor=actor, data=warning_data(**overrides))
        if state != "draft":
            services.warning_approve(pk=warning.pk, actor=actor)
        if state in ("published", "withdrawn"):
            services.warning_publish(pk=warning.pk, actor=actor)
        if state == "withdrawn":
            services.warning_withdraw(pk=warning.pk, actor=actor, reason="警情解除")
        return warning

    return make


def test_current_page_shows_published_warnings_and_the_archive_the_ended_ones(client, page, warn, clock):
    current = warn(title="当前预警：防范电信诈骗", level="critical")
    warn("draft", title="草稿不公开")
    warn("approved", title="待发布不公开")
    withdrawn = warn("withdrawn", title="已撤销的预警")
    ending = warn(title="即将过期的预警", valid_until=TODAY + timedelta(days=1))
    clock.today = TODAY + timedelta(days=2)
    from governance.warnings.services import expire_due

    assert expire_due() == 1
    text = client.get(page.url).content.decode()
    assert current.title in text and "特别严重" in text and "96110" in text
    for hidden in ("草稿不公开", "待发布不公开", withdrawn.title, ending.title):
        assert hidden not in text
    archive = client.get(page.url + "archive/").content.decode()
    assert withdrawn.title in archive and ending.title in archive and "已过期" in archive
    assert current.title not in archive and "草稿不公开" not in archive


def test_home_page_block_lists_current_warnings_and_links_to_the_page(client, site, page, warn):
    warn(title="首页显示的预警")
    text = client.get(site.home.url).content.decode()
    assert "首页显示的预警" in text and page.url in text


def test_home_page_has_no_block_without_current_warnings(client, site, page):
    assert 'id="warnings-title"' not in client.get(site.home.url).content.decode()


def test_another_centers_warnings_stay_on_its_own_site(client, portal, page, warn, other_center, make_user):
    other_site = build_center_site(portal, other_center)
    other_page = publish(other_site.home, WarningsPage(title="治安预警", slug="warnings"))
    warn(title="乙乡的预警", who=make_user("director", other_center), where=other_center)
    assert "乙乡的预警" not in client.get(page.url).content.decode()
    assert "乙乡的预警" in client.get(other_page.url).content.decode()


def test_the_pages_api_carries_the_public_fields_only(client, page, warn):
    warn(title="接口中的预警")
    item = client.get(f"/api/v2/pages/{page.pk}/").json()
    [warning] = item["current_warnings"]
    assert warning["title"] == "接口中的预警"
    assert set(warning) == {
        "id",
        "title",
        "type",
        "level",
        "level_label",
        "colour",
        "villages",
        "content",
        "advice",
        "valid_from",
        "valid_until",
        "status",
    }
    assert item["archive_url"].endswith("/warnings/archive/")


def test_publishing_and_withdrawing_drop_only_the_centers_cached_pages(page, portal, other_center, warn):
    other = build_center_site(portal, other_center)
    Client().get(page.url)
    Client().get(other.home.url)
    assert Client().get(page.url)[HEADER] == "hit"
    warning = warn(title="发布后立即可见")
    response = Client().get(page.url)
    assert response[HEADER] == "miss" and "发布后立即可见" in response.content.decode()
    assert Client().get(other.home.url)[HEADER] == "hit"
    from governance.warnings.services import warning_withdraw

    warning_withdraw(pk=warning.pk, actor=warning.created_by, reason="解除")
    response = Client().get(page.url)
    assert response[HEADER] == "miss" and "发布后立即可见" not in response.content.decode()
