"""The results board (调解反馈公示牌): filters, pagination, village coarsening, JSON = HTML."""

import pytest

from governance.selectors.public import MIN_RESULTS_PER_VILLAGE

pytestmark = pytest.mark.django_db


@pytest.fixture
def board_cases(cases, center):
    station = center.workstations.first()
    made = [cases.make(f"欧阳翠{n}号", other=f"司马长{n}号", workstation=station) for n in range(MIN_RESULTS_PER_VILLAGE)]
    made.append(cases.make("诸葛明亮", other="上官飞燕", category="homestead"))
    return made


def test_filters_by_category_and_outcome(client, site, board_cases):
    by_category = client.get(site.board.url + "json/", {"category": "homestead"}).json()
    by_outcome = client.get(site.board.url + "json/", {"outcome": "mediated"}).json()
    none = client.get(site.board.url + "json/", {"outcome": "litigation"}).json()

    assert [item["code"] for item in by_category["items"]] == [board_cases[-1].code]
    assert by_outcome["count"] == len(board_cases)
    assert none["count"] == 0


def test_filters_by_month(client, site, board_cases):
    month = board_cases[0].resolved_on.strftime("%Y-%m")

    this_month = client.get(site.board.url + "json/", {"month": month}).json()
    long_ago = client.get(site.board.url + "json/", {"month": "2001-01"}).json()
    nonsense = client.get(site.board.url + "json/", {"month": "soon"}).json()

    assert this_month["count"] == len(board_cases)
    assert long_ago["count"] == 0
    assert nonsense["count"] == len(board_cases) and nonsense["filters"]["month"] == ""


def test_paginates(client, site, board_cases, cases):
    for n in range(3):
        cases.make(f"慕容复{n}号", other=f"东方不{n}号")
    first = client.get(site.board.url + "json/").json()
    second = client.get(site.board.url + "json/", {"page": 2}).json()

    assert first["num_pages"] == 2
    assert len(first["items"]) == site.board.per_page
    assert {i["code"] for i in first["items"]}.isdisjoint({i["code"] for i in second["items"]})
    html = client.get(site.board.url, {"page": 2}).content.decode()
    assert 'rel="prev"' in html and 'rel="next"' not in html


def test_village_shown_only_with_enough_results(client, site, board_cases, center):
    items = {item["code"]: item for item in client.get(site.board.url + "json/").json()["items"]}

    station = center.workstations.first()
    for case in board_cases[:-1]:
        assert items[case.code]["village"] == station.name
    assert items[board_cases[-1].code]["village"] == center.short_name


def test_html_and_json_show_the_same_rows(client, site, board_cases):
    html = client.get(site.board.url).content.decode()
    data = client.get(site.board.url + "json/").json()

    for item in data["items"]:
        for value in item.values():
            assert str(value) in html


def test_filter_form_offers_only_values_on_the_board(client, site, board_cases):
    response = client.get(site.board.url)

    assert [code for code, _name in response.context["categories"]] == sorted(
        {"neighbour", "homestead"}, key=lambda code: dict(response.context["categories"])[code]
    )
    assert [code for code, _name in response.context["outcomes"]] == ["mediated"]


def test_latest_results_are_the_boards_first_rows_read_afresh_each_time(site, board_cases, cases, center):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from governance.selectors.public import board_cases as board_queryset
    from governance.selectors.public import board_items, latest_results

    assert latest_results(center, 3) == board_items(board_queryset(center.pk)[:3], center)
    newest = cases.make("皇甫新来", other="公孙对方")
    with CaptureQueriesContext(connection) as queries:
        again = latest_results(center, 3)  # the same SQL text as before, run again
    assert len(queries) == 1
    assert again[0]["code"] == newest.code
    assert again == board_items(board_queryset(center.pk)[:3], center)
    assert [item["code"] for item in latest_results(center, 10)] == [item["code"] for item in board_items(board_queryset(center.pk), center)]
