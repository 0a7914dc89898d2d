"""governance.plans.services.plans: a plan per village and year, drafted and submitted by the
center's staff, approved or returned by the director; its milestones reported by their owner (the
village's own workstation, or a department) and confirmed or sent back by the center."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import AuditEvent, Notification
from governance.plans.models import CommunityPlan, Milestone
from governance.plans.selectors import plans_on_time
from governance.plans.services import plans
from tests.governance.plans.conftest import PLAN_DATA

pytestmark = pytest.mark.django_db


def test_one_plan_per_village_and_year(plan, town, station, staff):
    with pytest.raises(ValidationError) as error:
        plans.plan_create(center=town, actor=staff, village_id=station.pk, year=2026, data=PLAN_DATA)
    assert "year" in error.value.message_dict
    assert plans.plan_create(center=town, actor=staff, village_id=station.pk, year=2027, data=PLAN_DATA).status == "draft"


def test_a_plan_needs_measures_people_and_a_village_of_the_center(town, other_center, staff):
    foreign = other_center.workstations.first()
    with pytest.raises(ValidationError) as error:
        plans.plan_create(center=town, actor=staff, village_id=foreign.pk, year=2026, data=plans.PlanData(measures=" ", responsible_people=""))
    assert set(error.value.message_dict) == {"village", "measures", "responsible_people"}
    assert not CommunityPlan.objects.exists()


def test_only_the_centers_own_staff_draft_plans(town, station, reporter, police, county_user, other_director):
    for actor in (reporter, police, county_user, other_director):
        with pytest.raises(MoveNotAllowed):
            plans.plan_create(center=town, actor=actor, village_id=station.pk, year=2026, data=PLAN_DATA)


def test_the_lifecycle_submit_return_edit_resubmit_approve(plan, staff, director):
    plans.plan_move(pk=plan.pk, action="submit", actor=staff)
    with pytest.raises(MoveNotAllowed):
        plans.plan_move(pk=plan.pk, action="approve", actor=staff)
    with pytest.raises(ValidationError):
        plans.plan_move(pk=plan.pk, action="return", actor=director)
    with pytest.raises(MoveNotAllowed):  # submitted: no edits
        plans.plan_update(pk=plan.pk, actor=staff, data=PLAN_DATA, expected_version=CommunityPlan.objects.get().version)
    plans.plan_move(pk=plan.pk, action="return", actor=director, reason="措施不具体")
    current = CommunityPlan.objects.get()
    plans.plan_update(pk=plan.pk, actor=staff, data=plans.PlanData("每晚巡逻两次", "王建国—书记"), expected_version=current.version)
    plans.plan_move(pk=plan.pk, action="submit", actor=staff)
    approved = plans.plan_move(pk=plan.pk, action="approve", actor=director)
    assert approved.status == "approved" and approved.measures == "每晚巡逻两次"
    actions = list(AuditEvent.objects.filter(object_type="communityplan").order_by("pk").values_list("action", flat=True))
    assert actions[0] == "plan.create" and actions[-1] == "plan.approve" and "plan.return" in actions and "plan.edit" in actions


def test_a_stale_edit_is_refused(plan, staff):
    with pytest.raises(StaleEdit):
        plans.plan_update(pk=plan.pk, actor=staff, data=PLAN_DATA, expected_version=plan.version - 1)


def test_a_plan_without_milestones_cannot_be_submitted(town, station, staff):
    made = plans.plan_create(center=town, actor=staff, village_id=station.pk, year=2025, data=PLAN_DATA)
    with pytest.raises(ValidationError):
        plans.plan_move(pk=made.pk, action="submit", actor=staff)
    assert CommunityPlan.objects.get(pk=made.pk).status == "draft"


def test_milestones_fall_in_the_plans_year_and_are_added_only_to_an_editable_plan(plan, approved, staff, other_center):
    with pytest.raises(MoveNotAllowed):
        plans.milestone_add(plan_id=plan.pk, actor=staff, data=plans.MilestoneData(title="x", due_date=date(2026, 10, 1)))


def test_milestone_input_is_checked(town, station, staff, other_center):
    made = plans.plan_create(center=town, actor=staff, village_id=station.pk, year=2025, data=PLAN_DATA)
    foreign = other_center.departments.first()
    with pytest.raises(ValidationError) as error:
        plans.milestone_add(
            plan_id=made.pk, actor=staff, data=plans.MilestoneData(title="", due_date=date(2026, 1, 1), owner_department_id=foreign.pk)
        )
    assert set(error.value.message_dict) == {"title", "due_date", "owner_department"}


def test_milestones_move_only_in_an_approved_plan(plan, reporter):
    milestone = plan.milestones.get(owner_department__isnull=True)
    with pytest.raises(MoveNotAllowed):
        plans.milestone_move(pk=milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 1))


def test_the_village_workstation_reports_on_its_own_village_only(village_milestone, reporter, other_reporter, police):
    for stranger in (other_reporter, police):
        with pytest.raises(MoveNotAllowed):
            plans.milestone_move(pk=village_milestone.pk, action="progress", actor=stranger, reason="进展")
    plans.milestone_move(pk=village_milestone.pk, action="progress", actor=reporter, reason="已入户30户")
    moved = plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 20), reason="完成")
    assert moved.status == "reported" and moved.done_on == date(2026, 9, 20) and moved.progress_note == "完成"


def test_a_department_reports_on_its_own_milestones_only(village_milestone, police_milestone, police, reporter):
    with pytest.raises(MoveNotAllowed):
        plans.milestone_move(pk=police_milestone.pk, action="report", actor=reporter, done_on=date(2026, 6, 1))
    with pytest.raises(MoveNotAllowed):
        plans.milestone_move(pk=village_milestone.pk, action="report", actor=police, done_on=date(2026, 6, 1))
    assert plans.milestone_move(pk=police_milestone.pk, action="report", actor=police, done_on=date(2026, 6, 1)).status == "reported"


def test_the_report_needs_a_past_date_and_progress_needs_words(village_milestone, reporter):
    with pytest.raises(ValidationError):
        plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter)
    with pytest.raises(ValidationError):
        plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 10, 1))
    with pytest.raises(ValidationError):
        plans.milestone_move(pk=village_milestone.pk, action="progress", actor=reporter, reason=" ")
    assert Milestone.objects.get(pk=village_milestone.pk).status == "open"


def test_the_center_confirms_or_sends_back(village_milestone, police_milestone, reporter, police, staff, director):
    plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 20))
    with pytest.raises(MoveNotAllowed):  # the reporter does not confirm its own work, nor do the staff
        plans.milestone_move(pk=village_milestone.pk, action="confirm", actor=reporter)
    with pytest.raises(MoveNotAllowed):
        plans.milestone_move(pk=village_milestone.pk, action="confirm", actor=staff)
    with pytest.raises(ValidationError):
        plans.milestone_move(pk=village_milestone.pk, action="send_back", actor=director)
    plans.milestone_move(pk=village_milestone.pk, action="send_back", actor=director, reason="缺少台账")
    plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 25))
    confirmed = plans.milestone_move(pk=village_milestone.pk, action="confirm", actor=director)
    assert confirmed.status == "confirmed" and confirmed.confirmed_on == date(2026, 9, 28)
    actions = list(
        AuditEvent.objects.filter(object_type="milestone", object_id=str(village_milestone.pk)).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["milestone.create", "milestone.report", "milestone.send_back", "milestone.report", "milestone.confirm"]


def test_plans_on_time_counts_the_approved_plans_milestones(village_milestone, police_milestone, reporter, police, director, town):
    # The police milestone (due 2026-06-30) is overdue and open; the village's is done on time and confirmed.
    assert (plans_on_time(town, 2026).counted, plans_on_time(town, 2026).on_time) == (1, 0)
    plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 20))
    plans.milestone_move(pk=village_milestone.pk, action="confirm", actor=director)
    result = plans_on_time(town, 2026)
    assert (result.counted, result.on_time, result.percent) == (2, 1, 50.0)
    assert plans_on_time(town, 2025).counted == 0


def test_a_milestone_is_removed_from_an_editable_plan_only(plan, approved, staff):
    milestone = approved.milestones.first()
    with pytest.raises(MoveNotAllowed):
        plans.milestone_remove(milestone_id=milestone.pk, actor=staff)


def test_the_reviewers_hear_of_a_done_report_and_the_owner_of_a_send_back(village_milestone, reporter, director, staff):
    plans.milestone_move(pk=village_milestone.pk, action="report", actor=reporter, done_on=date(2026, 9, 20))
    told = Notification.objects.filter(kind="plan_milestone")
    assert list(told.values_list("recipient", flat=True)) == [director.pk]  # who may confirm, not the staff
    plans.milestone_move(pk=village_milestone.pk, action="send_back", actor=director, reason="缺少台账")
    assert told.filter(recipient=reporter).count() == 1 and "甲村" in told.get(recipient=reporter).title


def test_who_sees_which_plans(plan, staff, police, reporter, other_reporter, county_user, other_director):
    from governance.plans.selectors import milestones_visible_to, plans_visible_to

    for user in (staff, police, reporter, county_user):  # a department reads every plan of its center
        assert list(plans_visible_to(user)) == [plan]
    for user in (other_reporter, other_director):
        assert not plans_visible_to(user).exists() and not milestones_visible_to(user).exists()
    assert milestones_visible_to(reporter).count() == 2
