"""Online request (网上反映): one valid submission registers exactly one case through the reception
desk's service; every bad answer gets its own Chinese message and saves nothing."""

import pytest
from django.test import Client

from governance.models import Case, CaseEvent, Party
from governance.services import notifications
from pages import ratelimit
from pages.models.services import DONE_SESSION_KEY
from tests.factories import VALID_ID_NUMBER

pytestmark = pytest.mark.django_db


@pytest.fixture
def texts(monkeypatch):
    sent = []

    class Backend:
        def send(self, phone, text):
            sent.append((phone, text))
            return True

    monkeypatch.setattr(notifications, "sms_backend", lambda: Backend())
    return sent


def form_data(client, site, reference, **overrides):
    page = client.get(site.request.url)
    form = page.context["form"]
    token = form.initial["token"]
    extra = form.extra_bound_fields[0].name  # the editor's question, named by Wagtail from its label
    data = {
        "request_type": "dispute",
        "category": str(reference.pk("category", "homestead")),
        "workstation": "",
        "summary": "邻居翻建房屋占用了我家宅基地，请中心组织调解。",
        "people_count": "2",
        "name": "欧阳翠花",
        "phone": "13912340001",
        "id_number": VALID_ID_NUMBER,
        "address": "幸福路1号",
        "confirm": "on",
        "website": "",
        "token": token,
        extra: "上午",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_form_page_shows_the_fixed_fields_and_the_editors_extra_question(client, site):
    response = client.get(site.request.url)

    text = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in text
    for name in ("request_type", "category", "summary", "name", "phone", "id_number", "confirm", "website"):
        assert f'name="{name}"' in text
    assert "方便接听电话的时间" in text
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_valid_request_registers_exactly_one_online_case_and_shows_and_sends_the_codes(
    client, site, reference, texts, center, django_capture_on_commit_callbacks
):
    data = form_data(client, site, reference)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(site.request.url, data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert case.center == center
    assert case.source.code == "online"
    assert case.registered_by is None
    assert case.kind == "dispute"
    assert case.category.code == "homestead"
    assert "方便接听电话的时间：上午" in case.summary
    assert Party.objects.get(case=case).name == "欧阳翠花"
    assert list(CaseEvent.objects.filter(case=case).values_list("action", flat=True)) == ["register"]
    done = client.get(response["Location"])
    text = done.content.decode()
    assert case.code in text and case.query_code in text
    assert "139****0001" in text and "13912340001" not in text
    assert texts == [("13912340001", texts[0][1])]
    assert case.code in texts[0][1] and case.query_code in texts[0][1]


def test_sending_the_same_form_twice_creates_one_case(client, site, reference, texts, django_capture_on_commit_callbacks):
    data = form_data(client, site, reference)

    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(site.request.url, data)
        second = client.post(site.request.url, data)

    assert first.status_code == second.status_code == 302
    assert Case.objects.count() == 1
    assert len(texts) == 1


def test_accusation_is_registered_as_a_petition_of_that_kind(client, site, reference, texts):
    client.post(site.request.url, form_data(client, site, reference, request_type="accusation"))

    case = Case.objects.get()
    assert (case.kind, case.petition_kind.code) == ("petition", "accusation")


def test_private_choice_marks_the_case_not_public(client, site, reference, texts):
    client.post(site.request.url, form_data(client, site, reference, is_private="on"))

    assert Case.objects.get().is_private is True


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "请填写您的姓名"),
        ("phone", "", "请填写联系电话"),
        ("phone", "12345", "号码"),
        ("id_number", "110105194912310021", "身份证号校验位不正确"),
        ("id_number", "abc", "身份证号"),
        ("summary", "太短", "至少"),
        ("summary", "", "请描述"),
        ("people_count", "0", "至少"),
        ("people_count", "很多", "整数"),
        ("category", "", "请选择事项类别"),
        ("category", "999999", "请从列出的类别中选择"),
        ("request_type", "other", "请从列出的选项中选择"),
        ("workstation", "999999", "请从列出的村"),
        ("confirm", None, "请确认"),
        ("token", "not-a-token", None),
        ("summary", "邻居半夜施工噪音扰民\x00已多次协商无果", "内容含有不可见的控制字符（空字符），请删除后重新提交。"),
        ("name", "张\x00三", "空字符"),
    ],
)
def test_each_bad_answer_gets_a_chinese_message_and_saves_nothing(client, site, reference, texts, field, value, message):
    data = form_data(client, site, reference, **{field: value})

    response = client.post(site.request.url, data)

    assert Case.objects.count() == (1 if message is None else 0)
    if message is None:  # a broken token is ignored, the request itself is fine
        return
    assert response.status_code == 400
    errors = response.context["form"].errors[field]
    assert any(message in str(error) for error in errors), errors
    assert message in response.content.decode()
    assert texts == []


def test_answers_are_kept_when_the_form_comes_back_with_errors(client, site, reference):
    response = client.post(site.request.url, form_data(client, site, reference, phone="12"))

    text = response.content.decode()
    assert "邻居翻建房屋占用了我家宅基地" in text
    assert 'value="欧阳翠花"' in text


def test_honeypot_filled_by_a_bot_creates_nothing(client, site, reference, texts):
    response = client.post(site.request.url, form_data(client, site, reference, website="http://spam.example"))

    assert response.status_code == 400
    assert Case.objects.count() == 0


def test_csrf_token_is_required(site, reference):
    client = Client(enforce_csrf_checks=True)
    data = form_data(client, site, reference)

    response = client.post(site.request.url, data)

    assert response.status_code == 403
    assert Case.objects.count() == 0


def test_requests_from_one_address_are_rate_limited(client, site, reference, texts, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"online_request": (2, 3600)}
    for n in range(2):
        assert client.post(site.request.url, form_data(client, site, reference, phone=f"1391234000{n}")).status_code == 302

    response = client.post(site.request.url, form_data(client, site, reference, phone="13912340009"))

    assert response.status_code == 429
    assert Case.objects.count() == 2
    assert "提交过于频繁" in response.content.decode()
    other_client = Client(REMOTE_ADDR="10.0.0.8")
    assert other_client.post(site.request.url, form_data(other_client, site, reference)).status_code == 302


def test_a_failure_inside_registration_leaves_nothing_half_saved(client, site, reference, texts, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Party.objects, "bulk_create", broken)
    client.raise_request_exception = False

    response = client.post(site.request.url, form_data(client, site, reference))

    assert response.status_code == 500
    assert Case.objects.count() == 0
    assert CaseEvent.objects.count() == 0
    assert texts == []


def test_done_page_without_a_submission_goes_back_to_the_form(client, site):
    response = client.get(site.request.url + "done/")

    assert response.status_code == 302
    assert response["Location"] == site.request.url
    assert DONE_SESSION_KEY not in client.session


def test_rate_limit_counts_per_client_address(rf, settings):
    settings.ZONGZHI_PUBLIC_RATE_LIMITS = {"lookup": (2, 60)}
    a, b = rf.get("/", REMOTE_ADDR="10.0.0.1"), rf.get("/", REMOTE_ADDR="10.0.0.2")

    assert [ratelimit.hit("lookup", a) for _ in range(3)] == [True, True, False]
    assert ratelimit.hit("lookup", b) is True
