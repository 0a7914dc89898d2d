"""Progress lookup (进度查询): the right pair shows stage, dates, deadline colour and public steps;
every wrong pair gets one generic answer, and wrong pairs are rate-limited."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from governance.models import Case
from governance.selectors.public import normalise_case_code, public_progress

pytestmark = pytest.mark.django_db

PUBLIC_KEYS = {
    "code",
    "category",
    "status",
    "status_label",
    "received_on",
    "accepted_on",
    "routed_on",
    "lead_department",
    "due_date",
    "deadline_colour",
    "resolved_on",
    "outcome",
    "fed_back_on",
    "archived_on",
    "steps",
}


def lookup(client, site, code, query_code):
    return client.post(site.lookup.url, {"code": code, "query_code": query_code})


def test_right_pair_shows_stage_dates_colour_and_steps(client, site, cases):
    case = cases.make("欧阳翠花", other="司马长风", stage="handling")

    response = lookup(client, site, case.code, case.query_code)

    text = response.content.decode()
    assert response.status_code == 200
    assert case.code in text
    assert "办理中" in text
    assert case.due_date.isoformat() in text
    assert "colour-green" in text
    assert response.context["result"]["steps"][0]["step"] == "registered"
    assert [s["step"] for s in response.context["result"]["steps"]] == ["registered", "accepted", "routed", "started"]
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]


def test_codes_are_accepted_with_other_brackets_spaces_and_lower_case(client, site, cases):
    case = cases.make("诸葛明亮", other="上官飞燕", stage="accepted")
    typed = case.code.replace("〔", "[").replace("〕", "] ")

    response = lookup(client, site, typed, case.query_code.lower())

    assert response.context["result"]["code"] == case.code


def test_overdue_case_shows_red(client, site, cases):
    case = cases.make("慕容复生", other="东方不败", stage="handling")
    Case.objects.filter(pk=case.pk).update(due_date=timezone.localdate() - timedelta(days=2))

    response = lookup(client, site, case.code, case.query_code)

    assert response.context["result"]["deadline_colour"] == "red"
    assert "colour-red" in response.content.decode()


@pytest.mark.parametrize("wrong", ["query_code", "code", "other_center"])
def test_every_wrong_pair_gets_the_same_generic_answer(client, site, cases, portal, other_center, reference, wrong):
    from tests.factories import make_staff
    from tests.pages.conftest import CaseFactory, build_center_site

    case = cases.make("独孤求败", other="令狐冲天")
    other_site = build_center_site(portal, other_center)
    foreign = CaseFactory(other_center, make_staff("director", center=other_center), reference).make("西门吹雪", other="叶孤城主")
    pairs = {
        "query_code": (case.code, "ZZZZZZZZ"),
        "code": (case.code.replace("0001", "0999"), case.query_code),
        "other_center": (foreign.code, foreign.query_code),  # right pair, wrong center's site
    }

    response = lookup(client, site, *pairs[wrong])
    baseline = lookup(Client(REMOTE_ADDR="10.9.9.9"), site, case.code, "22222222")

    assert response.status_code == baseline.status_code == 200
    assert "result" not in response.context
    assert response.context["lookup_error"] == baseline.context["lookup_error"]
    assert other_site.lookup.url != site.lookup.url


def test_wrong_pairs_are_rate_limited_even_for_a_later_right_pair(client, site, cases, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"lookup_failure": (3, 900)}
    case = cases.make("南宫婉儿", other="北冥有鱼")
    for n in range(3):
        assert lookup(client, site, case.code, f"WRONG00{n}").status_code == 200

    response = lookup(client, site, case.code, case.query_code)

    assert response.status_code == 429
    assert "result" not in response.context
    assert lookup(Client(REMOTE_ADDR="10.1.1.1"), site, case.code, case.query_code).context["result"]


def test_empty_fields_get_their_own_messages(client, site):
    response = lookup(client, site, "", "")

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"code", "query_code"}


def test_selector_returns_only_public_fields_and_fixed_wording(site, cases, center):
    case = cases.make("公孙大娘", other="李寻欢乐", stage="fed_back")

    result = public_progress(center.pk, case.code, case.query_code)

    assert set(result) == PUBLIC_KEYS
    assert result["status"] == "fed_back"
    assert result["outcome"] == "调解成功"
    for step in result["steps"]:
        assert set(step) == {"step", "date", "detail"}
    details = {step["detail"] for step in result["steps"]} - {""}
    assert details <= {"综治办", "调解成功"}
    assert "edit" not in {step["step"] for step in result["steps"]}


def test_selector_refuses_wrong_pairs(site, cases, center, other_center):
    case = cases.make("端木蓉儿", other="燕南天下", stage="registered")

    assert public_progress(center.pk, case.code, "") is None
    assert public_progress(center.pk, case.code, case.query_code[:-1]) is None
    assert public_progress(other_center.pk, case.code, case.query_code) is None
    assert public_progress(center.pk, case.code, case.query_code)["status"] == "registered"


def test_normalise_case_code():
    assert normalise_case_code(" 甲镇综治[2026]0001号 ") == "甲镇综治〔2026〕0001号"
    assert normalise_case_code("甲镇综治（2026）0001号") == "甲镇综治〔2026〕0001号"
