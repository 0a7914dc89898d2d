"""Key work: deployed by the center across its departments, tasks of the lead or cooperating
departments with a deadline (a date, or days counted by the one period function), progress,
completion reported by the department and confirmed by the center, the item completed."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed
from governance.incidents.services import keywork
from governance.models import AuditEvent, Notification
from tests.governance.incidents.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_a_key_work_item_needs_its_period_and_own_departments(town, director, other_center, departments):
    data = keywork.KeyWorkData(
        title="", description="", period_start=TODAY, period_end=TODAY - timedelta(days=1), lead_department_id=other_center.departments.first().pk
    )
    with pytest.raises(ValidationError) as error:
        keywork.keywork_create(center=town, actor=director, data=data)
    assert set(error.value.message_dict) == {"title", "description", "period_end", "lead_department"}


@pytest.mark.parametrize("who", ["police", "county_user", "other_director"])
def test_only_the_centers_staff_deploy_key_work(request, town, departments, who):
    data = keywork.KeyWorkData(title="t", description="d", period_start=TODAY, period_end=TODAY, lead_department_id=departments["综治办"].pk)
    with pytest.raises(MoveNotAllowed):
        keywork.keywork_create(center=town, actor=request.getfixturevalue(who), data=data)


def test_a_task_goes_to_a_department_of_the_work_and_tells_it(police, work, task, director, departments):
    assert task.status == "assigned" and task.center_id == work.center_id
    assert Notification.objects.filter(recipient=police, kind="task").exists()
    data = keywork.TaskData(owner_id=departments["甲镇卫生院"].pk, description="x", deadline=TODAY)
    with pytest.raises(ValidationError) as error:
        keywork.task_add(work=work, actor=director, data=data)
    assert "owner" in error.value.message_dict


def test_a_deadline_in_days_is_counted_on_the_work_calendar(work, director, departments):
    data = keywork.TaskData(owner_id=departments["派出所"].pk, description="x", days=5, unit="working")
    made = keywork.task_add(work=work, actor=director, data=data)
    assert made.deadline == date(2026, 10, 10)  # 5 working days from 2026-09-28: past the holiday, to a make-up Saturday
    with pytest.raises(ValidationError):
        keywork.task_add(work=work, actor=director, data=keywork.TaskData(owner_id=departments["派出所"].pk, description="x"))
    with pytest.raises(ValidationError):
        keywork.task_add(
            work=work, actor=director, data=keywork.TaskData(owner_id=departments["派出所"].pk, description="x", deadline=TODAY - timedelta(days=1))
        )


def test_the_department_reports_and_the_center_confirms(director, work, task, police, health, staff):
    with pytest.raises(MoveNotAllowed):
        keywork.task_move(pk=task.pk, action="progress", actor=health, reason="x", progress=10)
    with pytest.raises(ValidationError):
        keywork.task_move(pk=task.pk, action="progress", actor=police, reason="x", progress=120)
    moved = keywork.task_move(pk=task.pk, action="progress", actor=police, reason="已排查3处", progress=40)
    assert (moved.status, moved.progress) == ("in_progress", 40)
    moved = keywork.task_move(pk=task.pk, action="report", actor=police, reason="全部完成")
    assert (moved.status, moved.progress) == ("reported", 100)
    assert Notification.objects.filter(recipient=director, kind="task").exists()
    with pytest.raises(MoveNotAllowed):
        keywork.task_move(pk=task.pk, action="confirm", actor=police)
    assert keywork.task_move(pk=task.pk, action="confirm", actor=staff).status == "done"
    actions = set(AuditEvent.objects.filter(object_type="keyworktask").values_list("action", flat=True))
    assert {"keywork_task.create", "keywork_task.progress", "keywork_task.report", "keywork_task.confirm"} <= actions


def test_the_work_is_summarised_and_completed_by_the_director(work, staff, director):
    keywork.keywork_move(pk=work.pk, action="progress", actor=staff, reason="排查过半")
    with pytest.raises(MoveNotAllowed):
        keywork.keywork_move(pk=work.pk, action="complete", actor=staff, reason="完成")
    done = keywork.keywork_move(pk=work.pk, action="complete", actor=director, reason="全部完成")
    assert done.status == "completed" and done.progress_summary == "全部完成"
    with pytest.raises(MoveNotAllowed):
        keywork.task_add(work=done, actor=director, data=keywork.TaskData(owner_id=work.lead_department_id, description="x", deadline=TODAY))
