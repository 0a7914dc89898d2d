"""A department officer who returns a misrouted case (退回) can no longer see it: they land on their
case list with a message, not on a 404. Whoever still sees the case lands on its page."""

import pytest
from django.utils import timezone

from governance.models import Case
from governance.services import cases as services
from tests.factories import make_staff, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)
from tests.governance.views.test_case_views import LIST_URL, inspect_url, move_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def routed_case(town, director, justice, reference):
    case = register(town, director, reference)
    services.case_accept(case_id=case.pk, actor=director, notice_date=timezone.localdate())
    return services.case_route(case_id=case.pk, actor=director, lead_department=justice)


def test_the_officer_who_returned_the_case_lands_on_their_list_with_a_message(client, handler, routed_case):
    client.force_login(handler)

    response = client.post(move_url(routed_case, "return"), {"version": routed_case.version, "reason": "属于派出所职责"}, follow=True)

    assert Case.objects.get(pk=routed_case.pk).status == "accepted"
    assert response.redirect_chain == [(LIST_URL, 302)]
    assert response.status_code == 200
    assert f"案件 {routed_case.code} 已退回综治中心" in response.content.decode()


def test_who_still_sees_the_case_lands_on_its_page(client, town, director, routed_case):
    client.force_login(director)

    response = client.post(move_url(routed_case, "urge"), {"text": "请尽快办理"})

    assert response.status_code == 302
    assert response["Location"] == inspect_url(routed_case)
