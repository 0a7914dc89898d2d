"""No public surface carries personal data: every public response (HTML and JSON) is scanned.

Cases are generated with names, ID numbers, phones, addresses, summaries and internal notes that
name people; the board, its JSON, the lookup, the home page, search and the API v2 must show none
of them, and the cases that may not be published (不公开, accusations, not cleared, not resolved)
must not appear at all.
"""

import json

import pytest

from governance.rules.identity import mask_name
from pages.models import CenterHomePage
from tests.pages.conftest import build_center_site

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(site, cases, center, other_center, portal, reference):
    from tests.factories import make_staff
    from tests.pages.conftest import CaseFactory

    station = center.workstations.first()
    published = [
        cases.make("欧阳翠花", other="司马长风", workstation=station),
        cases.make("诸葛明亮", other="上官飞燕", workstation=station, stage="fed_back", category="homestead"),
        cases.make("慕容复生", other="东方不败", workstation=station),
    ]
    hidden = {
        "private": cases.make("独孤求败", other="令狐冲天", private=True),
        "accusation": cases.make("西门吹雪", other="叶孤城主", kind="petition", petition_kind="accusation", category="other"),
        "not_cleared": cases.make("南宫婉儿", other="北冥有鱼", publish=False),
        "open": cases.make("公孙大娘", other="李寻欢乐", stage="handling"),
        "registered": cases.make("端木蓉儿", other="燕南天下", stage="registered"),
    }
    other_site = build_center_site(portal, other_center)
    other_cases = CaseFactory(other_center, make_staff("director", center=other_center), reference)
    elsewhere = other_cases.make("皇甫嵩山", other="夏侯惇厚")
    warnings_page, warner = _warnings(site, center)
    return {
        "site": site,
        "published": published,
        "hidden": hidden,
        "elsewhere": elsewhere,
        "other_site": other_site,
        "secrets": cases.all_secrets + other_cases.all_secrets + [warner.username, "上官婉清", "13698765432"],
        "warnings_page": warnings_page,
    }


def _warnings(site, center):
    """The security warnings page with a current and a withdrawn warning, drafted and published by a
    director whose name and phone must not show (a warning itself holds no personal data)."""
    from datetime import timedelta

    from django.utils import timezone

    from governance.warnings import services
    from governance.warnings.models import WarningType
    from pages.models import WarningsPage
    from tests.factories import make_staff
    from tests.pages.conftest import publish

    page = publish(site.home, WarningsPage(title="治安预警", slug="warnings", show_in_menus=True))
    warner = make_staff("director", center=center, first_name="上官婉清")
    warner.staff_profile.mobile = "13698765432"
    warner.staff_profile.save()
    today = timezone.localdate()
    for title, withdraw in (("警惕冒充客服诈骗", False), ("大风降温提示", True)):
        data = services.WarningData(
            WarningType.objects.get(name="电信网络诈骗", center__isnull=True).pk,
            "serious",
            title,
            "近期辖区发生冒充客服诈骗。",
            "不下载陌生软件。",
            today,
            today + timedelta(days=10),
            list(center.workstations.values_list("pk", flat=True)),
        )
        warning = services.warning_create(center=center, actor=warner, data=data)
        services.warning_approve(pk=warning.pk, actor=warner)
        services.warning_publish(pk=warning.pk, actor=warner)
        if withdraw:
            services.warning_withdraw(pk=warning.pk, actor=warner, reason="上官婉清电话13698765432通知解除")
    return page, warner


def _public_responses(client, world):
    """Every public response a visitor can get: (label, text)."""
    site = world["site"]
    responses = []

    def get(url, **params):
        response = client.get(url, params)
        assert response.status_code == 200, (url, response.status_code)
        responses.append((url, response.content.decode()))
        return response

    for page in CenterHomePage.objects.get(pk=site.home.pk).get_descendants(inclusive=True).live().specific():
        get(page.url)
    get(site.board.url, month=world["published"][0].resolved_on.strftime("%Y-%m"))
    for code, _name in [("neighbour", ""), ("homestead", ""), ("other", "")]:
        get(site.board.url, category=code)
        get(site.board.url + "json/", category=code)
    get(site.board.url, page=2)
    get(site.board.url + "json/")
    get(site.board.url + "json/", page=2)
    get(site.home.url + "search/", q="调解")
    warnings = get(world["warnings_page"].url).content.decode()
    assert "警惕冒充客服诈骗" in warnings
    assert "大风降温提示" in get(world["warnings_page"].url + "archive/").content.decode()
    items, offset = [], 0
    while True:
        batch = json.loads(get("/api/v2/pages/", fields="*", offset=offset).content)["items"]
        items += batch
        offset += len(batch)
        if not batch:
            break
    assert len(items) >= 10
    for item in items:
        get(f"/api/v2/pages/{item['id']}/")
    every_case = world["published"] + list(world["hidden"].values())
    for case in every_case:
        response = client.post(site.lookup.url, {"code": case.code, "query_code": case.query_code})
        assert response.status_code == 200
        assert case.code in response.content.decode()
        responses.append((f"lookup {case.code}", response.content.decode()))
    return responses


def test_no_public_response_carries_personal_data(client, world):
    responses = _public_responses(client, world)
    secrets = world["secrets"]
    assert len(secrets) > 50
    for label, text in responses:
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked in {label}"


def test_board_shows_parties_at_most_masked(client, world):
    """The board shows no party at all; a 某-masked name would be the most it could ever show."""
    text = client.get(world["site"].board.url).content.decode()
    for person_name in ("欧阳翠花", "诸葛明亮", "慕容复生"):
        assert person_name not in text
        assert mask_name(person_name) not in text


def test_only_cleared_resolved_cases_of_this_center_appear(client, world):
    site = world["site"]
    board = client.get(site.board.url).content.decode()
    data = client.get(site.board.url + "json/").json()
    home = client.get(site.home.url).content.decode()
    listed = {item["code"] for item in data["items"]}

    assert listed == {case.code for case in world["published"]}
    for case in world["published"]:
        assert case.code in board
    for reason, case in world["hidden"].items():
        for surface in (board, home, json.dumps(data, ensure_ascii=False)):
            assert case.code not in surface, f"{reason} case {case.code} is public"
    assert world["elsewhere"].code not in board
    assert world["elsewhere"].code not in home


def test_other_center_board_lists_only_its_own_cases(client, world):
    data = client.get(world["other_site"].board.url + "json/").json()

    assert [item["code"] for item in data["items"]] == [world["elsewhere"].code]


def test_board_json_items_have_exactly_the_anonymised_fields(client, world):
    data = client.get(world["site"].board.url + "json/").json()

    assert data["items"]
    for item in data["items"]:
        assert set(item) == {"code", "category", "village", "received_on", "resolved_on", "outcome"}


def test_lookup_of_a_private_case_works_for_its_party_but_shows_no_personal_data(client, world):
    case = world["hidden"]["private"]
    text = client.post(world["site"].lookup.url, {"code": case.code, "query_code": case.query_code}).content.decode()

    assert case.code in text
    assert "调解成功" in text
    assert "独孤求败" not in text and "令狐冲天" not in text
