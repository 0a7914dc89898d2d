"""The group size (群体性) is the center's setting (InstitutionSettings.group_size, default 5), not a
constant: the case page's badge, the situation warnings (each case by its own center's setting), the
agenda proposals; the settings form offers it and the new-case notice choice."""

import pytest

from governance.institutions.models import InstitutionSettings
from governance.institutions.selectors.agenda import propose_agenda
from governance.institutions.selectors.situation import group_sized
from governance.models import Case
from governance.services import cases as services
from tests.factories import make_intake, make_staff

pytestmark = pytest.mark.django_db


def register(center, actor, reference, people):
    return services.case_register(center=center, actor=actor, intake=make_intake(reference, people_count=people))


def test_the_group_size_comes_from_the_centers_settings(town, other_center, director, reference, clock):
    four = register(town, director, reference, 4)
    other_four = register(other_center, make_staff("director", other_center), reference, 4)

    assert not four.is_group_case
    assert set(group_sized(Case.objects.all())) == set()

    InstitutionSettings.objects.create(center=town, group_size=3)
    four = Case.objects.get(pk=four.pk)

    assert four.is_group_case
    assert set(group_sized(Case.objects.all())) == {four}  # the other center keeps the default 5
    assert not Case.objects.get(pk=other_four.pk).is_group_case
    assert any(item.case_id == four.pk for item in propose_agenda(town.pk, clock.today))


def test_the_settings_form_offers_the_group_size_and_the_new_case_notice(client, director):
    client.force_login(director)

    text = client.get("/admin/institutions/institutionsettings/create/").content.decode()

    assert 'name="group_size"' in text
    assert 'name="notify_new_cases"' in text and 'value="all_staff"' in text
