"""Repeat petitioners at intake: the selector finds the center's earlier cases of the people typed
(ID number by its keyed hash, else name and phone), case_register links them, and the repeat-filer
thresholds come from the center's settings."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance.institutions.models import InstitutionSettings
from governance.models import Case
from governance.selectors.repeat import earlier_cases, repeat_hint
from tests.factories import VALID_ID_NUMBER, clock, make_staff, party, reference, register, valid_id_number  # noqa: F401  (fixtures)
from tests.governance.org import director, other_town, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

OTHER_ID = valid_id_number("11010519800101001")


def codes(found):
    return [earlier.code for earlier in found]


def test_an_earlier_case_is_found_by_id_number_even_under_another_name_and_phone(town, director, reference, clock):
    earlier = register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, "13812345678")])
    register(town, director, reference, parties=[party("李四", OTHER_ID, "13900001111")])

    found = earlier_cases(town.pk, [party("张叁", VALID_ID_NUMBER, "13700000000")])

    assert codes(found) == [earlier.code]
    assert found[0].matched == ["张叁"]  # only what the clerk typed
    assert (found[0].status_label, found[0].received_on) == ("已登记", earlier.received_on)


def test_without_an_id_number_name_and_phone_together_match(town, director, reference, clock):
    earlier = register(town, director, reference, parties=[party("王五", "", "13700001234")])
    register(town, director, reference, parties=[party("王五", "", "13700009999")])  # another 王五

    assert codes(earlier_cases(town.pk, [party("王五", "", "13700001234")])) == [earlier.code]
    assert earlier_cases(town.pk, [party("王六", "", "13700001234")]) == []
    assert earlier_cases(town.pk, [party("王五", "", "")]) == []


def test_different_id_numbers_are_different_people_even_with_the_same_name_and_phone(town, director, reference, clock):
    register(town, director, reference, parties=[party("张三", VALID_ID_NUMBER, "13812345678")])

    assert earlier_cases(town.pk, [party("张三", OTHER_ID, "13812345678")]) == []


def test_another_centers_cases_are_never_matched(town, other_town, director, reference, clock):
    other_director = make_staff("director", other_town)
    register(other_town, other_director, reference, parties=[party("张三", VALID_ID_NUMBER, "13812345678")])

    assert earlier_cases(town.pk, [party("张三", VALID_ID_NUMBER, "13812345678")]) == []


def test_registration_links_the_earlier_cases_and_notes_them_on_the_timeline(town, director, reference, clock):
    first = register(town, director, reference, parties=[party()])
    second = register(town, director, reference, parties=[party()])
    found = earlier_cases(town.pk, [party()])

    case = register_with(town, director, reference, [e.pk for e in found])

    assert codes(found) == [second.code, first.code]  # the newest first
    assert set(case.earlier_cases.all()) == {first, second}
    assert set(first.later_cases.all()) == {case}
    assert case.events.get(action="register").data == {"earlier_cases": [first.code, second.code]}


def test_an_earlier_case_of_another_center_is_refused_and_nothing_is_saved(town, other_town, director, reference, clock):
    foreign = register(other_town, make_staff("director", other_town), reference)
    before = Case.objects.count()

    with pytest.raises(ValidationError) as error:
        register_with(town, director, reference, [foreign.pk])

    assert "earlier_cases" in error.value.message_dict
    assert Case.objects.count() == before


def test_the_new_case_itself_is_excluded(town, director, reference, clock):
    case = register(town, director, reference, parties=[party()])

    assert earlier_cases(town.pk, [party()], exclude_case_id=case.pk) == []


@pytest.mark.parametrize(
    ("threshold", "days", "reached"),
    [(3, 90, True), (4, 90, False), (3, 20, False), (2, 20, True)],
)
def test_repeat_filer_thresholds_come_from_the_centers_settings(town, director, reference, clock, threshold, days, reached):
    for received in (clock.today - timedelta(days=40), clock.today - timedelta(days=10)):
        register(town, director, reference, received_on=received, parties=[party()])
    InstitutionSettings.objects.create(center=town, repeat_filer_threshold=threshold, repeat_filer_days=days)

    hint = repeat_hint(town.pk, [party()], clock.today)

    assert len(hint.cases) == 2
    assert (hint.count.reached, hint.count.threshold, hint.count.days) == (reached, threshold, days)


def test_a_center_without_a_settings_row_uses_the_defaults(town, director, reference, clock):
    clock.today = date(2026, 9, 28)
    register(town, director, reference, received_on=date(2026, 9, 1), parties=[party()])

    hint = repeat_hint(town.pk, [party()], clock.today)

    assert (hint.count.threshold, hint.count.days, hint.count.recent, hint.count.reached) == (3, 90, 1, False)


def register_with(center, actor, reference, earlier_ids):
    from governance.services import cases as services
    from tests.factories import make_intake

    return services.case_register(center=center, actor=actor, intake=make_intake(reference, parties=[party()]), earlier_case_ids=earlier_ids)
