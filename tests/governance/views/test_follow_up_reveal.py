"""The follow-up visit (回访): the center staff who record it may reveal the party's phone, and only the
phone, only while the visit is due; each reveal is on the timeline like every other."""

import pytest
from django.utils import timezone

from governance.models import CaseEvent
from governance.services import cases as services
from tests.factories import VALID_ID_NUMBER, VALID_PHONE, make_staff, party, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, other_town, police, staff, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def reveal_url(party_obj):
    return f"/admin/governance/cases/party/{party_obj.pk}/reveal/"


def inspect_url(case):
    return f"/admin/governance/cases/{case.pk}/"


@pytest.fixture
def resolved_case(town, director, police, reference):
    case = register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, VALID_PHONE)])
    today = timezone.localdate()
    services.case_accept(case_id=case.pk, actor=director, notice_date=today)
    services.case_route(case_id=case.pk, actor=director, lead_department=police)
    services.case_start(case_id=case.pk, actor=director)
    return services.case_resolve(case_id=case.pk, actor=director, outcome=reference("outcome", "mediated"), note="调解成功")


def test_staff_sees_the_phone_only_once_the_party_was_informed(client, staff, director, resolved_case):
    client.force_login(staff)
    the_party = resolved_case.parties.get()

    assert reveal_url(the_party) not in client.get(inspect_url(resolved_case)).content.decode()
    refused = client.post(reveal_url(the_party))
    assert refused.status_code == 302 and VALID_PHONE not in refused.content.decode()  # Wagtail: back, with a message
    assert not CaseEvent.objects.filter(case=resolved_case, action="reveal").exists()

    services.case_feedback(case_id=resolved_case.pk, actor=director, told_on=timezone.localdate())
    page = client.get(inspect_url(resolved_case)).content.decode()
    assert reveal_url(the_party) in page
    response = client.post(reveal_url(the_party))

    assert response.status_code == 200
    text = response.content.decode()
    assert VALID_PHONE in text
    assert VALID_ID_NUMBER not in text
    event = CaseEvent.objects.get(case=resolved_case, action="reveal")
    assert event.actor == staff
    assert event.data["fields"] == ["phone"] and event.data["purpose"] == "follow_up"


def test_after_the_visit_the_phone_is_masked_again_for_staff(client, staff, director, resolved_case):
    services.case_feedback(case_id=resolved_case.pk, actor=director, told_on=timezone.localdate())
    services.case_follow_up(case_id=resolved_case.pk, actor=staff, result="satisfied")
    client.force_login(staff)

    assert client.post(reveal_url(resolved_case.parties.get())).status_code == 302  # refused, back with a message
    assert not CaseEvent.objects.filter(case=resolved_case, action="reveal").exists()


def test_staff_of_another_center_cannot_reveal(client, other_town, director, resolved_case):
    services.case_feedback(case_id=resolved_case.pk, actor=director, told_on=timezone.localdate())
    client.force_login(make_staff("staff", other_town))

    assert client.post(reveal_url(resolved_case.parties.get())).status_code == 404


def test_the_director_still_reveals_everything(client, director, resolved_case):
    services.case_feedback(case_id=resolved_case.pk, actor=director, told_on=timezone.localdate())
    client.force_login(director)

    text = client.post(reveal_url(resolved_case.parties.get())).content.decode()

    assert VALID_PHONE in text and VALID_ID_NUMBER in text
