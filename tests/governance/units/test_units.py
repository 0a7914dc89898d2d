"""The unit registry: creation and edits by the center's staff with every input checked (errors in
Chinese), the lead's phone masked, revealed to an allowed user only and logged, and the unit's
status moved through the engine."""

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import AuditEvent
from governance.units.models import Unit
from governance.units.services import units
from tests.governance.units.conftest import CREDIT_CODE, PHONE, unit_data

pytestmark = pytest.mark.django_db


def test_a_unit_is_created_active_with_a_timeline_entry(unit, staff, station):
    assert unit.status == "active" and unit.village == station and unit.credit_code == CREDIT_CODE
    event = AuditEvent.objects.get(action="unit.create", object_id=str(unit.pk))
    assert event.actor == staff and event.center_id == unit.center_id


def test_every_bad_field_is_named_in_chinese(town, staff):
    data = units.UnitData(kind_id=None, name=" ", address="", lead_name="", lead_phone="12", credit_code="91350100M000100Y44")
    with pytest.raises(ValidationError) as error:
        units.unit_create(center=town, actor=staff, data=data)
    messages = error.value.message_dict
    assert set(messages) == {"kind", "name", "address", "lead_name", "lead_phone", "credit_code"}
    assert "统一社会信用代码校验位不正确" in messages["credit_code"][0]
    assert "请选择" in messages["kind"][0] or "类别" in messages["kind"][0]
    assert not Unit.objects.exists()


@pytest.mark.parametrize(("code", "words"), [("123", "应为18位"), ("91350100M0001O0Y43", "不允许的字符")])
def test_credit_code_errors_are_in_chinese(town, staff, school_kind, code, words):
    with pytest.raises(ValidationError) as error:
        units.unit_create(center=town, actor=staff, data=unit_data(school_kind, credit_code=code))
    assert words in error.value.message_dict["credit_code"][0]


def test_names_and_credit_codes_are_unique_within_the_center(town, staff, unit, school_kind, other_center, make_user):
    with pytest.raises(ValidationError) as error:
        units.unit_create(center=town, actor=staff, data=unit_data(school_kind))
    assert set(error.value.message_dict) == {"name", "credit_code"}
    other_staff = make_user("staff", other_center)
    assert units.unit_create(center=other_center, actor=other_staff, data=unit_data(school_kind)).pk  # another center may


def test_a_village_of_another_center_is_refused(town, staff, school_kind, other_center):
    with pytest.raises(ValidationError) as error:
        units.unit_create(center=town, actor=staff, data=unit_data(school_kind, village_id=other_center.workstations.first().pk))
    assert "village" in error.value.message_dict


@pytest.mark.parametrize("who", ["police", "reporter", "county_user", "other_director"])
def test_only_the_centers_staff_add_units(request, town, school_kind, who):
    with pytest.raises(MoveNotAllowed):
        units.unit_create(center=town, actor=request.getfixturevalue(who), data=unit_data(school_kind))


def test_an_edit_keeps_old_and_new_with_the_phone_masked_and_refuses_a_stale_version(unit, staff, school_kind):
    data = unit_data(school_kind, name="甲镇第一小学", lead_phone="13900139000")
    units.unit_update(pk=unit.pk, actor=staff, data=data, expected_version=unit.version)
    changed = AuditEvent.objects.get(action="unit.edit", object_id=str(unit.pk)).data["changed"]
    assert changed["name"] == ["甲镇中心小学", "甲镇第一小学"]
    assert PHONE not in str(changed) and "13900139000" not in str(changed) and "*" in changed["lead_phone"][0]
    with pytest.raises(StaleEdit):
        units.unit_update(pk=unit.pk, actor=staff, data=data, expected_version=unit.version)


def test_close_and_reopen_go_through_the_engine(unit, director, staff):
    with pytest.raises(ValidationError):
        units.unit_move(pk=unit.pk, action="close", actor=director)
    with pytest.raises(MoveNotAllowed):  # staff may not close units
        units.unit_move(pk=unit.pk, action="close", actor=staff, reason="停业")
    closed = units.unit_move(pk=unit.pk, action="close", actor=director, reason="停业搬迁")
    assert closed.status == "closed"
    event = AuditEvent.objects.get(action="unit.close", object_id=str(unit.pk))
    assert event.data["from"] == "active" and event.data["to"] == "closed"
    with pytest.raises(MoveNotAllowed):  # a closed unit is read-only
        units.unit_update(pk=unit.pk, actor=director, data=unit_data(unit.kind), expected_version=closed.version)
    assert units.unit_move(pk=unit.pk, action="reopen", actor=director).status == "active"


def test_the_phone_is_masked(unit):
    masked = units.masked_phone(unit)
    assert PHONE not in masked and masked.startswith("138") and "*" in masked


def test_the_director_reveals_and_the_reveal_is_logged(unit, director):
    assert units.lead_reveal(unit=unit, actor=director) == {"lead_phone": PHONE}
    event = AuditEvent.objects.get(action="unit.reveal", object_id=str(unit.pk))
    assert event.actor == director and PHONE not in str(event.data)


@pytest.mark.parametrize("who", ["staff", "police", "county_user", "other_director"])
def test_others_may_not_reveal(request, unit, who):
    with pytest.raises(MoveNotAllowed):
        units.lead_reveal(unit=unit, actor=request.getfixturevalue(who))
    assert not AuditEvent.objects.filter(action="unit.reveal").exists()
