"""Chinese site search: jieba-segmented index text and query, on SQLite and PostgreSQL alike."""

import pytest

from pages.models import ArticleIndexPage, ArticlePage, ContentPage
from pages.search import query_terms, segment
from tests.pages.conftest import build_center_site, publish

pytestmark = pytest.mark.django_db


def test_segment_emits_the_short_words_inside_long_ones():
    words = segment("宅基地纠纷怎么解决").split()

    assert "宅基地" in words and "纠纷" in words


def test_query_terms_drop_stop_words_and_punctuation():
    assert query_terms("宅基地纠纷怎么调解？") == ["宅基地", "纠纷", "调解"]
    assert query_terms("的") == ["的"]
    assert query_terms("  ") == []


@pytest.fixture
def law_pages(site):
    index = publish(site.home, ArticleIndexPage(title="法治宣传", slug="law", kind="law"))
    homestead = publish(
        index,
        ArticlePage(
            title="宅基地纠纷怎么解决",
            slug="homestead",
            body=[("paragraph", "<p>界址不清、建房越界引起的纠纷，可以申请人民调解。</p>")],
        ),
    )
    lease = publish(
        site.home,
        ContentPage(
            title="办事指南",
            slug="guide",
            body=[("paragraph", "<p>房屋租赁合同纠纷可以到司法所咨询。</p>")],
        ),
    )
    return homestead, lease


def search(client, site, q):
    response = client.get(site.home.url + "search/", {"q": q})
    assert response.status_code == 200
    return [page.pk for page in response.context["page_obj"]]


def test_searching_a_word_finds_the_page_with_the_longer_phrase(client, site, law_pages):
    homestead, lease = law_pages

    assert search(client, site, "宅基地") == [homestead.pk]
    assert search(client, site, "租赁") == [lease.pk]
    assert homestead.pk in search(client, site, "宅基地纠纷怎么办")


def test_body_text_is_searched_too(client, site, law_pages):
    homestead, _lease = law_pages

    assert homestead.pk in search(client, site, "界址")


def test_search_stays_inside_the_center_site(client, site, law_pages, portal, other_center):
    other = build_center_site(portal, other_center)
    publish(other.home, ContentPage(title="宅基地政策", slug="zjd"))

    assert search(client, site, "宅基地") == [law_pages[0].pk]
    other_results = client.get(other.home.url + "search/", {"q": "宅基地"}).context["page_obj"]
    assert [page.title for page in other_results] == ["宅基地政策"]


def test_drafts_are_not_found(client, site, law_pages):
    draft = ContentPage(title="宅基地草稿", slug="draft", live=False)
    site.home.add_child(instance=draft)

    assert draft.pk not in search(client, site, "宅基地")


def test_empty_query_shows_the_form_only(client, site):
    response = client.get(site.home.url + "search/")

    assert response.status_code == 200
    assert list(response.context["page_obj"]) == []
