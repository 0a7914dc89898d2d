"""Unit checks: drafted with a result per checklist item, edited while a draft, completed or
cancelled through the engine; a non-compliant item of a completed check becomes a rectification
notice through the notice services exactly once, and the unit lists its notices."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.institutions.models import RectificationNotice
from governance.institutions.services.notices import NoticeData
from governance.models import AuditEvent
from governance.units.models import CheckResult
from governance.units.services import checks, units
from tests.governance.units.conftest import check_data, results

pytestmark = pytest.mark.django_db


def notice_data(town, result, **changes):
    values = dict(
        recipient_id=town.departments.get(name="派出所").pk,
        funds="单位自筹",
        deadline=date(2026, 10, 20),
        contingency_plan="每日巡查",
        **checks.notice_defaults(result),
    )
    values.update(changes)
    return NoticeData(**values)


def test_a_check_is_drafted_with_its_results(draft_check, unit, staff):
    assert draft_check.status == "draft" and draft_check.unit == unit
    fire = draft_check.results.get(item__code="fire")
    assert fire.result == "non_compliant" and fire.note == "灭火器3具过期"
    assert draft_check.results.filter(result="compliant").count() == draft_check.results.count() - 1
    assert AuditEvent.objects.filter(action="unitcheck.create", object_id=str(draft_check.pk), actor=staff).exists()


def test_bad_input_is_refused_in_chinese_and_nothing_is_saved(town, staff, unit, clock):
    bad = check_data(unit, check_date=date(2026, 10, 1), inspectors=" ", results=results(fire=("non_compliant", "")))
    with pytest.raises(ValidationError) as error:
        checks.check_create(center=town, actor=staff, data=bad)
    messages = error.value.message_dict
    assert {"check_date", "inspectors"} <= set(messages)
    assert any(key.startswith("note_") for key in messages)
    assert not CheckResult.objects.exists()


def test_a_closed_or_foreign_unit_is_not_checked(town, staff, director, unit, other_center):
    units.unit_move(pk=unit.pk, action="close", actor=director, reason="停业")
    with pytest.raises(ValidationError) as error:
        checks.check_create(center=town, actor=staff, data=check_data(unit))
    assert "unit" in error.value.message_dict
    with pytest.raises(ValidationError):
        checks.check_create(center=other_center, actor=None, data=check_data(unit))


def test_a_draft_is_edited_then_completed_and_final(draft_check, staff):
    data = check_data(draft_check.unit, inspectors="王伟", results=results())
    checks.check_update(pk=draft_check.pk, actor=staff, data=data, expected_version=draft_check.version)
    assert not draft_check.results.filter(result="non_compliant").exists()
    with pytest.raises(StaleEdit):
        checks.check_update(pk=draft_check.pk, actor=staff, data=data, expected_version=draft_check.version)
    done = checks.check_move(pk=draft_check.pk, action="complete", actor=staff)
    assert done.status == "completed"
    assert AuditEvent.objects.get(action="unitcheck.complete", object_id=str(done.pk)).data["to"] == "completed"
    with pytest.raises(MoveNotAllowed):
        checks.check_update(pk=done.pk, actor=staff, data=data, expected_version=done.version)
    with pytest.raises(MoveNotAllowed):
        checks.check_move(pk=done.pk, action="cancel", actor=staff, reason="重复")


def test_a_cancel_needs_a_reason(draft_check, staff):
    with pytest.raises(ValidationError):
        checks.check_move(pk=draft_check.pk, action="cancel", actor=staff)
    assert checks.check_move(pk=draft_check.pk, action="cancel", actor=staff, reason="录入重复").status == "cancelled"


def test_a_check_without_results_does_not_complete(town, staff, unit):
    empty = checks.check_create(center=town, actor=staff, data=check_data(unit, results=[]))
    with pytest.raises(ValidationError):
        checks.check_move(pk=empty.pk, action="complete", actor=staff)


@pytest.mark.parametrize("who", ["police", "reporter", "county_user", "other_director"])
def test_only_the_centers_staff_record_and_complete_checks(request, town, unit, draft_check, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(MoveNotAllowed):
        checks.check_create(center=town, actor=actor, data=check_data(unit))
    with pytest.raises(MoveNotAllowed):
        checks.check_move(pk=draft_check.pk, action="complete", actor=actor)


def test_a_finding_becomes_an_issued_notice_exactly_once(town, completed_check, staff, unit):
    fire = completed_check.results.get(item__code="fire")
    notice = checks.result_to_notice(result_id=fire.pk, actor=staff, data=notice_data(town, fire))
    assert notice.status == "issued" and notice.number and notice.recipient.name == "派出所"
    assert "甲镇中心小学" in notice.problem and "消防设施" in notice.problem and notice.responsible_person == "高文军"
    fire.refresh_from_db()
    assert fire.notice == notice
    assert list(checks.unit_notices(unit)) == [notice]
    assert AuditEvent.objects.filter(action="unitcheck.notice", object_id=str(completed_check.pk)).count() == 1
    with pytest.raises(MoveNotAllowed, match=notice.number):
        checks.result_to_notice(result_id=fire.pk, actor=staff, data=notice_data(town, fire))
    assert RectificationNotice.objects.count() == 1


def test_a_notice_can_stay_a_draft(town, completed_check, staff):
    fire = completed_check.results.get(item__code="fire")
    assert checks.result_to_notice(result_id=fire.pk, actor=staff, data=notice_data(town, fire), issue=False).status == "draft"


def test_only_non_compliant_items_of_completed_checks_become_notices(town, draft_check, staff):
    fire = draft_check.results.get(item__code="fire")
    with pytest.raises(MoveNotAllowed):
        checks.result_to_notice(result_id=fire.pk, actor=staff, data=notice_data(town, fire))
    checks.check_move(pk=draft_check.pk, action="complete", actor=staff)
    gate = draft_check.results.get(item__code="gate")
    with pytest.raises(MoveNotAllowed):
        checks.result_to_notice(result_id=gate.pk, actor=staff, data=notice_data(town, gate))
    assert not RectificationNotice.objects.exists()


def test_a_bad_notice_leaves_nothing_half_written(town, completed_check, staff):
    fire = completed_check.results.get(item__code="fire")
    with pytest.raises(ValidationError) as error:
        checks.result_to_notice(result_id=fire.pk, actor=staff, data=notice_data(town, fire, deadline=date(2026, 9, 1), funds=""))
    assert {"deadline", "funds"} <= set(error.value.message_dict)
    fire.refresh_from_db()
    assert fire.notice is None and not RectificationNotice.objects.exists()


@pytest.mark.parametrize("who", ["police", "county_user", "other_director"])
def test_others_do_not_turn_findings_into_notices(request, town, completed_check, who):
    fire = completed_check.results.get(item__code="fire")
    with pytest.raises(MoveNotAllowed):
        checks.result_to_notice(result_id=fire.pk, actor=request.getfixturevalue(who), data=notice_data(town, fire))
