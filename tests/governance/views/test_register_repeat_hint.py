"""The registration form and earlier cases of the same person: the first POST shows them and saves
nothing; "Register anyway" saves and links; the case page lists earlier and later cases."""

import pytest
from django.utils import timezone

from governance.models import Case
from tests.factories import VALID_ID_NUMBER, VALID_PHONE, make_staff, party, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, handler, justice, other_town, town  # noqa: F401  (fixtures)
from tests.governance.views.test_case_views import REGISTER_URL, inspect_url, registration_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def earlier(town, director, reference):
    """张三's earlier case (ID number VALID_ID_NUMBER), under another phone and address."""
    return register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, "13900009999", address="老地址")])


def test_first_post_with_a_match_shows_the_earlier_case_and_saves_nothing(client, director, earlier, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference))

    text = response.content.decode()
    assert response.status_code == 200
    assert Case.objects.count() == 1  # only the earlier one
    assert 'id="repeat-hint"' in text
    assert earlier.code in text
    assert "已登记" in text  # its stage
    assert 'name="confirm_repeat"' in text and "仍然登记" in text
    assert f'name="shown_earlier" value="{earlier.pk}"' in text
    # Nothing of the earlier case's personal data beyond what the clerk typed.
    assert "13900009999" not in text and "老地址" not in text


def test_register_anyway_saves_the_case_and_links_the_earlier_one(client, director, earlier, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference, confirm_repeat="1", shown_earlier=[str(earlier.pk)]))

    case = Case.objects.exclude(pk=earlier.pk).get()
    assert response.status_code == 302
    assert response["Location"] == inspect_url(case)
    assert list(case.earlier_cases.all()) == [earlier]
    page = client.get(inspect_url(case)).content.decode()
    assert 'id="same-person-cases"' in page and inspect_url(earlier) in page
    assert inspect_url(case) in client.get(inspect_url(earlier)).content.decode()  # a later case on the earlier one's page


def test_confirming_a_hint_that_did_not_show_every_match_shows_it_again(client, director, earlier, town, reference):
    newer = register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, VALID_PHONE)])
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference, confirm_repeat="1", shown_earlier=[str(earlier.pk)]))

    assert response.status_code == 200
    assert newer.code in response.content.decode()
    assert Case.objects.count() == 2


def test_without_a_match_the_case_is_saved_at_once(client, director, town, reference):
    register(town, director, reference, parties=[party("李四", "", "13700001111")])
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference))

    assert response.status_code == 302
    assert not Case.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1])).earlier_cases.exists()


def test_another_centers_case_of_the_same_person_gives_no_hint(client, director, other_town, reference):
    register(other_town, make_staff("director", other_town), reference, parties=[party("张三", VALID_ID_NUMBER, VALID_PHONE)])
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference))

    assert response.status_code == 302


def test_a_bad_id_number_is_reported_before_any_hint(client, director, earlier, reference):
    client.force_login(director)

    response = client.post(REGISTER_URL, registration_data(reference, **{"party-0-id_number": "110105194912310021"}))

    text = response.content.decode()
    assert response.status_code == 200
    assert 'id="repeat-hint"' not in text
    assert Case.objects.count() == 1


def test_case_page_lists_only_linked_cases_the_user_may_see(client, handler, director, justice, town, reference, earlier):
    from governance.services import cases as services

    later = services.case_register(center=town, actor=director, intake=_intake(reference), earlier_case_ids=[earlier.pk])
    services.case_accept(case_id=later.pk, actor=director, notice_date=timezone.localdate())
    services.case_route(case_id=later.pk, actor=director, lead_department=justice)
    client.force_login(handler)

    page = client.get(inspect_url(later)).content.decode()

    assert earlier.code not in page  # the department does not see the earlier, unrouted case


def _intake(reference):
    from tests.factories import make_intake

    return make_intake(reference, parties=[party()])
