"""governance.plans.services.techpoints: points registered by the center's staff, their state and
checks through the engine (a timeline per point), the per-village summary."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import AuditEvent
from governance.plans.models import TechKind, TechPoint
from governance.plans.selectors import points_visible_to, village_summary
from governance.plans.services import techpoints

pytestmark = pytest.mark.django_db


def test_a_point_needs_a_village_of_the_center_a_kind_and_a_location(town, other_center, staff):
    data = techpoints.PointData(village_id=other_center.workstations.first().pk, kind_id=0, location=" ", installed_on=date(2027, 1, 1))
    with pytest.raises(ValidationError) as error:
        techpoints.point_create(center=town, actor=staff, data=data)
    assert set(error.value.message_dict) == {"village", "kind", "location", "installed_on"}
    assert not TechPoint.objects.exists()


def test_only_the_centers_staff_register_points(town, station, reporter, county_user):
    data = techpoints.PointData(village_id=station.pk, kind_id=TechKind.objects.get(code="alarm").pk, location="卫生室")
    for actor in (reporter, county_user):
        with pytest.raises(MoveNotAllowed):
            techpoints.point_create(center=town, actor=actor, data=data)


def test_fault_repair_check_and_removal_leave_a_timeline(point, staff, clock):
    with pytest.raises(ValidationError):
        techpoints.point_move(pk=point.pk, action="fault", actor=staff)
    techpoints.point_move(pk=point.pk, action="fault", actor=staff, reason="无信号")
    repaired = techpoints.point_move(pk=point.pk, action="repair", actor=staff)
    assert repaired.status == "working" and repaired.last_checked_on == date(2026, 9, 28)
    checked = techpoints.point_move(pk=point.pk, action="check", actor=staff, checked_on=date(2026, 9, 1))
    assert checked.last_checked_on == date(2026, 9, 1) and checked.status == "working"
    removed = techpoints.point_move(pk=point.pk, action="remove", actor=staff, reason="拆除")
    assert removed.status == "removed"
    with pytest.raises(MoveNotAllowed):
        techpoints.point_move(pk=point.pk, action="check", actor=staff)
    with pytest.raises(MoveNotAllowed):
        techpoints.point_update(
            pk=point.pk, actor=staff, data=techpoints.PointData(point.village_id, point.kind_id, "x"), expected_version=removed.version
        )
    actions = list(AuditEvent.objects.filter(object_type="techpoint").order_by("pk").values_list("action", flat=True))
    assert actions == ["techpoint.create", "techpoint.fault", "techpoint.repair", "techpoint.check", "techpoint.remove"]


def test_the_county_and_the_workstation_do_not_move_points(point, county_user, reporter):
    for actor in (county_user, reporter):
        with pytest.raises(MoveNotAllowed):
            techpoints.point_move(pk=point.pk, action="fault", actor=actor, reason="x")


def test_edits_are_versioned(point, staff):
    data = techpoints.PointData(point.village_id, point.kind_id, "村委会东侧", point.installed_on)
    saved = techpoints.point_update(pk=point.pk, actor=staff, data=data, expected_version=point.version)
    assert saved.location == "村委会东侧"
    with pytest.raises(StaleEdit):
        techpoints.point_update(pk=point.pk, actor=staff, data=data, expected_version=point.version)


def test_who_sees_which_points(point, staff, reporter, other_reporter, police, county_user, other_director):
    assert list(points_visible_to(staff)) == [point]
    assert list(points_visible_to(reporter)) == [point]  # its own village
    assert list(points_visible_to(county_user)) == [point]
    for user in (other_reporter, police, other_director):
        assert not points_visible_to(user).exists()


def test_the_summary_counts_points_per_village_and_kind(point, approved, staff, other_station):
    kinds, rows = village_summary(staff, 2026)
    by_village = {row["village"].name: row for row in rows}
    assert set(by_village) == {"甲村", "丙村"}
    assert by_village["甲村"]["working"] == 1 and by_village["甲村"]["plan"] == approved
    camera = next(cell for cell in by_village["甲村"]["kinds"] if cell["kind"].code == "camera")
    assert camera["working"] == 1 and camera["faulty"] == 0
    assert by_village["丙村"]["plan"] is None and by_village["丙村"]["working"] == 0
