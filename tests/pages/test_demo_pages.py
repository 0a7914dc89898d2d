"""The demo loader builds each demo center's public site; the headless API carries it."""

import pytest

from governance.demo import read_demo_data
from governance.selectors.public import publishable_cases
from pages.models import (
    ArticlePage,
    CenterHomePage,
    ContactsPage,
    DutiesPage,
    NoticeIndexPage,
    NoticePage,
    OnlineRequestPage,
    ProcedureChartPage,
    ProgressLookupPage,
    ResultsBoardPage,
    ServiceCommitmentPage,
    StaffPage,
    VisitorNoticePage,
)

pytestmark = pytest.mark.django_db

SECTION_TYPES = [
    DutiesPage,
    ProcedureChartPage,
    VisitorNoticePage,
    ServiceCommitmentPage,
    StaffPage,
    ContactsPage,
    NoticeIndexPage,
    ResultsBoardPage,
    OnlineRequestPage,
    ProgressLookupPage,
]


@pytest.fixture
def demo(demo_county):
    """The demo county, loaded once for every module that needs it (tests/demo_county.py); each
    test runs in its own savepoint on top."""
    return demo_county


def test_each_demo_center_gets_its_whole_public_site(demo):
    for center_data in read_demo_data()["centers"]:
        home = CenterHomePage.objects.get(center__slug=center_data["slug"])
        for model in SECTION_TYPES:
            assert model.objects.live().descendant_of(home).count() == 1, model
        assert ArticlePage.objects.live().descendant_of(home).count() >= 6
        assert len(home.rooms) == 3
        assert home.quick_links
        assert StaffPage.objects.descendant_of(home).get().members.count() == len(center_data["pages"]["staff"])


def test_demo_notice_index_has_the_approval_workflow_and_a_scheduled_notice(demo):
    for index in NoticeIndexPage.objects.all():
        assert index.get_workflow() is not None
        scheduled = NoticePage.objects.child_of(index).filter(live=False)
        assert scheduled.count() == 1
        assert scheduled.get().get_latest_revision().approved_go_live_at is not None


def test_demo_board_has_published_results_and_holds_back_the_rest(demo, client):
    for home in CenterHomePage.objects.all():
        published = publishable_cases(home.center_id)
        assert published.count() >= 6
        board = ResultsBoardPage.objects.descendant_of(home).get()
        data = client.get(board.url + "json/").json()
        villages = {item["village"] for item in data["items"]}
        assert home.center.short_name in villages and len(villages) >= 2
        hidden = home.center.cases.filter(is_private=True) | home.center.cases.filter(petition_kind__code="accusation")
        assert hidden.count() >= 2
        codes = {item["code"] for item in data["items"]}
        assert codes.isdisjoint(hidden.values_list("code", flat=True))


def test_demo_pages_answer(demo, client):
    for home in CenterHomePage.objects.all():
        for page in home.get_descendants(inclusive=True).live().public():
            assert client.get(page.url).status_code == 200, page.url


def test_api_exposes_the_public_page_types_and_fields(demo, client):
    data = client.get("/api/v2/pages/", {"type": "pages.StaffPage", "fields": "members"}).json()
    assert data["meta"]["total_count"] == 2
    assert {"name", "role", "department", "duties", "photo"} <= set(data["items"][0]["members"][0])
    data = client.get("/api/v2/pages/", {"type": "pages.ProcedureChartPage", "fields": "chart"}).json()
    assert data["items"][0]["chart"][0]["status"] == "registered"
    data = client.get("/api/v2/pages/", {"type": "pages.ResultsBoardPage", "fields": "results_url"}).json()
    url = data["items"][0]["results_url"]
    assert client.get(url).json()["items"]
