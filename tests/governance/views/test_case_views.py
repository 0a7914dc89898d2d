"""governance.views.cases and the case list: registration, scope, masks, reveal, moves, filters."""

from datetime import timedelta

import pytest
from django.utils import timezone

from governance.models import Case, CaseEvent, Party
from governance.services import cases as services
from tests.factories import (  # noqa: F401  (fixtures)
    BAD_CHECK_DIGIT_ID_NUMBER,
    VALID_ID_NUMBER,
    VALID_PHONE,
    DepartmentFactory,
    make_staff,
    party,
    reference,
    register,
)
from tests.governance.org import director, handler, justice, other_town, police, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/governance/case/"
REGISTER_URL = "/admin/governance/cases/register/"
MASKED_PHONE = "138****5678"
MASKED_ID = "110105********002X"


def inspect_url(case):
    return f"/admin/governance/cases/{case.pk}/"


def edit_url(case):
    return f"/admin/governance/cases/{case.pk}/edit/"


def move_url(case, action):
    return f"/admin/governance/cases/{case.pk}/do/{action}/"


def reveal_url(party_obj):
    return f"/admin/governance/cases/party/{party_obj.pk}/reveal/"


def today():
    return timezone.localdate()


def listed(response):
    assert response.status_code == 200
    return list(response.context["object_list"])


# --- cases (the organisation: tests.governance.org) ---------------------------------------------------------------------


def routed(center, director, department, reference, **intake):
    case = register(center, director, reference, **intake)
    services.case_accept(case_id=case.pk, actor=director, notice_date=today())
    return services.case_route(case_id=case.pk, actor=director, lead_department=department)


@pytest.fixture
def cases(town, other_town, director, justice, police, reference):
    """Ours (routed to 司法所), the neighbour's (routed to 派出所), one not yet routed, and another center's."""
    other_director = make_staff("director", other_town)
    other_justice = DepartmentFactory(center=other_town, name="司法所")
    return {
        "ours": routed(town, director, justice, reference, parties=[party("王小明", phone="13900001111")]),
        "police": routed(town, director, police, reference, parties=[party("赵大力", phone="13900002222")]),
        "unrouted": register(town, director, reference, parties=[party("钱多多", phone="13900003333")]),
        "foreign": routed(other_town, other_director, other_justice, reference, parties=[party("孙悟空", phone="13900004444")]),
    }


# --- registration -------------------------------------------------------------------------------------


def registration_data(reference, **fields):
    data = {
        "kind": "dispute",
        "source": reference.pk("source", "walk_in"),
        "category": reference.pk("category", "neighbour"),
        "petition_kind": "",
        "tier": "",
        "risk": "",
        "received_on": today().isoformat(),
        "summary": "两户村民因院墙滴水问题发生争执，要求调解。",
        "place": "东村",
        "people_count": "2",
        "workstation": "",
        "party-TOTAL_FORMS": "3",
        "party-INITIAL_FORMS": "0",
        "party-MIN_NUM_FORMS": "0",
        "party-MAX_NUM_FORMS": "10",
        "party-0-role": "applicant",
        "party-0-name": "张三",
        "party-0-id_number": VALID_ID_NUMBER,
        "party-0-phone": VALID_PHONE,
        "party-0-address": "示范镇东村3组",
        "party-1-role": "respondent",
        "party-1-name": "李四",
        "party-1-id_number": "",
        "party-1-phone": "",
        "party-1-address": "",
        "party-2-role": "",
        "party-2-name": "",
        "party-2-id_number": "",
        "party-2-phone": "",
        "party-2-address": "",
    }
    data.update(fields)
    return data


def test_register_form_opens_for_a_director(client, director, reference):
    client.force_login(director)

    response = client.get(REGISTER_URL)

    assert response.status_code == 200
    assert 'name="party-TOTAL_FORMS"' in response.content.decode()


def test_director_registers_a_case_and_lands_on_its_page(client, director, town, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference))

    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(case)
    assert case.code == f"示范镇综治〔{today().year}〕0001号"
    assert (case.center, case.registered_by, case.status) == (town, director, "registered")
    assert list(case.parties.order_by("pk").values_list("name", "role", "id_number", "phone")) == [
        ("张三", "applicant", VALID_ID_NUMBER, VALID_PHONE),
        ("李四", "respondent", "", ""),
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert case.query_code in page.content.decode()  # the query code is shown once, for the party


def test_invalid_id_number_re_renders_with_a_chinese_message_and_creates_nothing(client, director, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference, **{"party-0-id_number": BAD_CHECK_DIGIT_ID_NUMBER}))

    assert response.status_code == 200
    page = response.content.decode()
    assert "身份证号校验位不正确" in page
    assert "两户村民因院墙滴水问题发生争执" in page  # the user's input is kept
    assert Case.objects.count() == Party.objects.count() == CaseEvent.objects.count() == 0


def test_missing_required_field_re_renders_and_creates_nothing(client, director, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference, summary=""))

    assert response.status_code == 200
    assert "summary" in response.context["form"].errors
    assert Case.objects.count() == 0


def refused(response):
    """Wagtail's admin turns PermissionDenied into a redirect to the dashboard with an error message."""
    return response.status_code == 302 and response["Location"] == "/admin/"


def test_department_handler_cannot_open_the_register_form(client, handler):
    client.force_login(handler)

    assert refused(client.get(REGISTER_URL))
    assert refused(client.post(REGISTER_URL, {}))
    assert Case.objects.count() == 0


# --- scope ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["police", "unrouted", "foreign"])
def test_department_handler_gets_404_for_cases_not_routed_to_them(client, handler, cases, which):
    case = cases[which]
    client.force_login(handler)

    assert case.code not in client.get(LIST_URL).content.decode()
    assert client.get(inspect_url(case)).status_code == 404
    assert client.get(edit_url(case)).status_code == 404
    assert client.get(move_url(case, "start")).status_code == 404
    assert client.post(move_url(case, "start"), {"version": case.version}).status_code == 404
    assert client.post(reveal_url(case.parties.get())).status_code == 404
    assert not CaseEvent.objects.filter(case=case, action__in=["start", "reveal"]).exists()


def test_department_handler_sees_and_opens_their_own_case(client, handler, cases):
    client.force_login(handler)

    assert [c.code for c in listed(client.get(LIST_URL))] == [cases["ours"].code]
    assert client.get(inspect_url(cases["ours"])).status_code == 200


def test_department_handler_search_does_not_reach_other_cases(client, handler, cases):
    client.force_login(handler)

    assert listed(client.get(LIST_URL, {"q": "赵大力"})) == []
    assert listed(client.get(LIST_URL, {"q": cases["foreign"].code})) == []


@pytest.mark.parametrize("url", [inspect_url, edit_url, lambda case: move_url(case, "urge")])
def test_director_gets_404_for_another_centers_case(client, director, cases, url):
    case = cases["foreign"]
    client.force_login(director)

    assert client.get(url(case)).status_code == 404
    assert client.post(reveal_url(case.parties.get())).status_code == 404
    assert case.code not in client.get(LIST_URL).content.decode()


def test_modeladmin_object_urls_lead_to_the_scoped_case_pages(client, handler, cases):
    client.force_login(handler)

    for action in ("inspect", "edit"):
        response = client.get(f"/admin/governance/case/{action}/{cases['police'].pk}/", follow=True)
        assert response.status_code == 404, action


@pytest.mark.parametrize("which", ["police", "foreign"])
def test_modeladmin_history_of_a_case_out_of_scope_is_404(client, handler, cases, which):
    client.force_login(handler)

    response = client.get(f"/admin/governance/case/history/{cases[which].pk}/")

    assert response.status_code == 404
    assert cases[which].code not in response.content.decode()


# --- masks and reveal ----------------------------------------------------------------------------


@pytest.fixture
def zhang_case(town, director, reference):
    return register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, VALID_PHONE), party("李四", "", "", role="respondent")])


def test_list_shows_masked_applicant_and_never_phone_or_id(client, director, zhang_case):
    client.force_login(director)

    page = client.get(LIST_URL).content.decode()

    assert zhang_case.code in page
    assert "张某" in page
    assert "张三" not in page
    for secret in (VALID_PHONE, VALID_ID_NUMBER, MASKED_PHONE, MASKED_ID):
        assert secret not in page


def test_inspect_page_masks_phone_and_id(client, director, zhang_case):
    client.force_login(director)

    page = client.get(inspect_url(zhang_case)).content.decode()

    assert MASKED_PHONE in page
    assert MASKED_ID in page
    assert VALID_PHONE not in page
    assert VALID_ID_NUMBER not in page
    assert reveal_url(zhang_case.parties.get(name="张三")) in page  # the director may reveal


def test_reveal_post_shows_full_values_and_logs_it(client, director, zhang_case):
    applicant = zhang_case.parties.get(name="张三")
    client.force_login(director)

    response = client.post(reveal_url(applicant))

    assert response.status_code == 200
    page = response.content.decode()
    assert VALID_PHONE in page
    assert VALID_ID_NUMBER in page
    event = CaseEvent.objects.get(case=zhang_case, action="reveal")
    assert (event.actor, event.data) == (director, {"party": applicant.pk})


def test_reveal_needs_a_post(client, director, zhang_case):
    client.force_login(director)

    assert client.get(reveal_url(zhang_case.parties.get(name="张三"))).status_code == 405
    assert not CaseEvent.objects.filter(action="reveal").exists()


def test_staff_without_reveal_right_see_masks_only_and_are_refused(client, town, zhang_case):
    staff = make_staff("staff", town)
    client.force_login(staff)

    page = client.get(inspect_url(zhang_case)).content.decode()
    response = client.post(reveal_url(zhang_case.parties.get(name="张三")))

    assert MASKED_PHONE in page and VALID_PHONE not in page
    assert "/reveal/" not in page
    assert refused(response)
    assert VALID_PHONE not in response.content.decode()
    assert not CaseEvent.objects.filter(action="reveal").exists()


# --- moves ------------------------------------------------------------------------------------------


def test_accept_through_the_action_form(client, director, zhang_case):
    client.force_login(director)

    form_page = client.get(move_url(zhang_case, "accept"))
    response = client.post(
        move_url(zhang_case, "accept"),
        {"version": zhang_case.version, "notice_date": today().isoformat(), "reason": "属于受理范围"},
    )

    assert form_page.status_code == 200
    assert f'name="version" value="{zhang_case.version}"' in form_page.content.decode()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(zhang_case)
    case = Case.objects.get(pk=zhang_case.pk)
    assert (case.status, case.notice_date, case.version) == ("accepted", today(), zhang_case.version + 1)
    event = CaseEvent.objects.get(case=case, action="accept")
    assert (event.actor, event.reason) == (director, "属于受理范围")


def test_stale_action_form_is_refused_and_keeps_the_input(client, director, town, zhang_case):
    colleague = make_staff("staff", town)
    opened_at = zhang_case.version
    services.case_update_details(case_id=zhang_case.pk, actor=colleague, expected_version=opened_at, place="村口")
    client.force_login(director)

    response = client.post(
        move_url(zhang_case, "accept"),
        {"version": opened_at, "notice_date": today().isoformat(), "reason": "我的受理意见：同意受理"},
    )

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert len(errors) == 1
    assert errors[0] in response.content.decode()
    assert "我的受理意见：同意受理" in response.content.decode()
    case = Case.objects.get(pk=zhang_case.pk)
    assert (case.status, case.version) == ("registered", opened_at + 1)
    assert not CaseEvent.objects.filter(case=case, action="accept").exists()


def test_stale_edit_form_is_refused_and_keeps_the_input(client, director, town, zhang_case, reference):
    colleague = make_staff("staff", town)
    opened_at = zhang_case.version
    services.case_update_details(case_id=zhang_case.pk, actor=colleague, expected_version=opened_at, place="村口")
    client.force_login(director)

    response = client.post(
        edit_url(zhang_case),
        {
            "version": opened_at,
            "category": reference.pk("category", "neighbour"),
            "summary": "我改写的简要情况",
            "place": "东头",
            "people_count": "3",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "我改写的简要情况" in response.content.decode()
    case = Case.objects.get(pk=zhang_case.pk)
    assert (case.place, case.summary) == ("村口", zhang_case.summary)


def test_move_not_allowed_redirects_with_a_message(client, handler, cases):
    client.force_login(handler)

    response = client.post(move_url(cases["ours"], "accept"), {"version": cases["ours"].version, "notice_date": today().isoformat()})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(cases["ours"])
    assert Case.objects.get(pk=cases["ours"].pk).status == "routed"


def test_unknown_action_is_404(client, director, zhang_case):
    client.force_login(director)

    assert client.get(move_url(zhang_case, "delete")).status_code == 404


# --- list filters and search -------------------------------------------------------------------


@pytest.fixture
def coloured(town, director, justice, reference):
    """Open cases that are overdue (red), due soon (yellow) and on time (green), and a closed late one."""
    day = today()

    def with_due(due, warn, **intake):
        case = routed(town, director, justice, reference, **intake)
        Case.objects.filter(pk=case.pk).update(due_date=due, warn_on=warn)
        return case

    red = with_due(day - timedelta(days=1), day - timedelta(days=4))
    yellow = with_due(day + timedelta(days=1), day - timedelta(days=2))
    green = with_due(day + timedelta(days=20), day + timedelta(days=17))
    closed = with_due(day - timedelta(days=5), day - timedelta(days=8))
    Case.objects.filter(pk=closed.pk).update(status="resolved")
    return {"red": red, "yellow": yellow, "green": green, "closed": closed}


@pytest.mark.parametrize("colour", ["red", "yellow", "green"])
def test_warning_filter_returns_the_cases_of_that_colour(client, director, coloured, colour):
    client.force_login(director)

    assert [c.pk for c in listed(client.get(LIST_URL, {"warning": colour}))] == [coloured[colour].pk]


def test_list_without_a_warning_filter_shows_every_case(client, director, coloured):
    client.force_login(director)

    assert {c.pk for c in listed(client.get(LIST_URL))} == {c.pk for c in coloured.values()}


def test_search_by_party_name_finds_the_case(client, director, zhang_case, town, reference):
    other = register(town, director, reference, parties=[party("王五")])
    client.force_login(director)

    assert [c.pk for c in listed(client.get(LIST_URL, {"q": "李四"}))] == [zhang_case.pk]  # the respondent
    assert [c.pk for c in listed(client.get(LIST_URL, {"q": "王五"}))] == [other.pk]
    assert listed(client.get(LIST_URL, {"q": "不存在的人"})) == []


def test_search_by_code_finds_the_case(client, director, zhang_case):
    client.force_login(director)

    assert [c.pk for c in listed(client.get(LIST_URL, {"q": zhang_case.code}))] == [zhang_case.pk]
