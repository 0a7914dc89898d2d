"""governance.institutions.services.meetings and .tasks: monthly meetings created ahead, the agenda
proposed from the records, attendance, minutes, decisions that become tasks, every task lifecycle,
and the sweep's urges."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from governance.institutions.models import AgendaItem, JointMeeting, MeetingAttendance, MeetingTask
from governance.institutions.rules import flows
from governance.institutions.services import meetings as services
from governance.institutions.services import notices as notice_services
from governance.institutions.services import tasks as task_services
from governance.institutions.services.sweep import run_institutions_sweep
from governance.models import AuditEvent, Case, Notification
from governance.services import cases as case_services
from tests.factories import register  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(town, director, clock):
    return services.meeting_create(center=town, actor=director, kind=JointMeeting.Kind.AD_HOC, scheduled_on=clock.today, title="专题联席会议")


def held(meeting, director, clock, present=None):
    services.meeting_hold(pk=meeting.pk, actor=director, held_on=clock.today, chair="主任", recorder="专干")
    rows = {a.department_id: (MeetingAttendance.Status.PRESENT, "参会人") for a in meeting.attendance.all()}
    services.meeting_record_attendance(pk=meeting.pk, actor=director, rows=rows)
    return JointMeeting.objects.get(pk=meeting.pk)


def test_monthly_meetings_are_created_ahead_once_per_month(town, clock):
    assert services.ensure_monthly_meetings(center=town, today=clock.today) == 2  # September and October 2026
    assert services.ensure_monthly_meetings(center=town, today=clock.today) == 0
    months = list(JointMeeting.objects.filter(center=town).order_by("month").values_list("month", "scheduled_on", "status"))
    assert months == [(date(2026, 9, 1), date(2026, 9, 5), flows.PLANNED), (date(2026, 10, 1), date(2026, 10, 5), flows.PLANNED)]
    meeting = JointMeeting.objects.get(center=town, month=date(2026, 10, 1))
    assert meeting.attendance.count() == town.departments.count()
    assert AuditEvent.objects.filter(action="meeting.create", object_id=str(meeting.pk), actor__isnull=True).exists()


def test_monthly_meeting_day_falls_back_to_the_end_of_february(town, clock):
    from governance.institutions.models import InstitutionSettings

    InstitutionSettings.objects.create(center=town, monthly_meeting_day=31)
    clock.today = date(2027, 1, 20)
    services.ensure_monthly_meetings(center=town, today=clock.today)
    assert JointMeeting.objects.get(center=town, month=date(2027, 2, 1)).scheduled_on == date(2027, 2, 28)


def test_a_second_monthly_meeting_for_the_same_month_is_refused(town, director, clock):
    services.meeting_create(center=town, actor=director, kind=JointMeeting.Kind.MONTHLY, scheduled_on=date(2026, 10, 8))
    with pytest.raises(ValidationError):
        services.meeting_create(center=town, actor=director, kind=JointMeeting.Kind.MONTHLY, scheduled_on=date(2026, 10, 20))


def test_the_agenda_is_proposed_from_the_records(town, director, departments, reference, clock):
    clock.today = date(2026, 8, 3)
    overdue = register(town, director, reference, kind="dispute", category="neighbour")
    case_services.case_accept(case_id=overdue.pk, actor=director, notice_date=clock.today)
    case_services.case_route(case_id=overdue.pk, actor=director, lead_department=departments["派出所"])
    group = register(town, director, reference, kind="petition", category="labour", people_count=12)
    high_risk = register(town, director, reference, kind="dispute", category="land", risk_id=reference.pk("risk", "high"))
    quiet = register(town, director, reference)
    notice = notice_services.notice_create(
        center=town,
        actor=director,
        data=notice_services.NoticeData(
            recipient_id=departments["派出所"].pk,
            problem="护栏缺失",
            place="村口桥",
            basis="公路安全保护条例",
            measures="补设护栏",
            responsible_person="张三",
            funds="财政",
            deadline=date(2026, 10, 1),
            contingency_plan="设警示牌",
        ),
    )
    notice_services.notice_issue(pk=notice.pk, actor=director)
    clock.today = date(2026, 9, 28)
    meeting = services.meeting_create(center=town, actor=director, scheduled_on=clock.today, title="月度会议")
    items = list(meeting.agenda.order_by("order"))
    by_source = {item.source: item for item in items}
    assert by_source[AgendaItem.Source.OVERDUE_CASE].case_id == overdue.pk
    assert by_source[AgendaItem.Source.GROUP_CASE].case_id == group.pk
    assert by_source[AgendaItem.Source.HIGH_RISK].case_id == high_risk.pk
    assert by_source[AgendaItem.Source.NOTICE_DUE].notice_id == notice.pk
    assert quiet.pk not in {item.case_id for item in items}
    assert overdue.code in by_source[AgendaItem.Source.OVERDUE_CASE].title

    services.meeting_add_agenda_item(pk=meeting.pk, actor=director, title="通报上月工作")
    Case.objects.filter(pk=group.pk).update(people_count=3)
    meeting, count = services.meeting_propose_agenda(pk=meeting.pk, actor=director)
    sources = list(meeting.agenda.order_by("order").values_list("source", flat=True))
    assert AgendaItem.Source.GROUP_CASE not in sources
    assert sources[-1] == AgendaItem.Source.MANUAL  # the item added by hand stays, at the end
    assert count == len(sources) - 1


def test_late_tasks_of_earlier_meetings_are_on_the_next_agenda(meeting, director, departments, clock):
    meeting = held(meeting, director, clock)
    task = services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="排查出租屋", owner=departments["派出所"], deadline=clock.today + timedelta(days=3)
    )
    clock.today += timedelta(days=10)
    later = services.meeting_create(center=meeting.center, actor=director, scheduled_on=clock.today, title="下次会议")
    assert later.agenda.filter(source=AgendaItem.Source.TASK_OVERDUE, task=task).exists()


def test_meeting_lifecycle_attendance_minutes_decisions_close(meeting, director, police, departments, clock):
    with pytest.raises(flows.MoveNotAllowed):
        services.meeting_add_decision(pk=meeting.pk, actor=director, decision="x", owner=departments["派出所"], deadline=clock.today)  # not held yet
    services.meeting_hold(pk=meeting.pk, actor=director, held_on=clock.today, chair="主任", recorder="专干")
    with pytest.raises(ValidationError):
        services.meeting_close(pk=meeting.pk, actor=director)  # no minutes, attendance not recorded
    rows = {a.department_id: (MeetingAttendance.Status.PRESENT, "参会人") for a in meeting.attendance.all()}
    rows[departments["甲镇卫生院"].pk] = (MeetingAttendance.Status.ABSENT, "")
    services.meeting_record_attendance(pk=meeting.pk, actor=director, rows=rows)
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(pk=meeting.pk, actor=director, rows={departments["派出所"].pk: (MeetingAttendance.Status.PRESENT, "")})
    services.meeting_record_minutes(pk=meeting.pk, actor=director, minutes="会议研究了重点案件。")
    task = services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="开展出租屋消防检查", owner=departments["派出所"], deadline=clock.today + timedelta(days=10)
    )
    assert (task.number, task.status, task.center_id) == (1, flows.ASSIGNED, meeting.center_id)
    assert Notification.objects.filter(recipient=police, kind="task", body="开展出租屋消防检查").exists()
    closed = services.meeting_close(pk=meeting.pk, actor=director)
    assert closed.status == flows.CLOSED
    with pytest.raises(flows.MoveNotAllowed):
        services.meeting_record_minutes(pk=meeting.pk, actor=director, minutes="改写")
    actions = list(AuditEvent.objects.filter(object_type="jointmeeting", object_id=str(meeting.pk)).order_by("pk").values_list("action", flat=True))
    assert actions == ["meeting.create", "meeting.hold", "meeting.attendance", "meeting.minutes", "meeting.decision", "meeting.close"]


def test_a_planned_meeting_is_cancelled_with_a_reason(meeting, director):
    with pytest.raises(ValidationError):
        services.meeting_cancel(pk=meeting.pk, actor=director, reason=" ")
    assert services.meeting_cancel(pk=meeting.pk, actor=director, reason="改期").status == flows.CANCELLED


def test_department_handlers_do_not_run_meetings(meeting, police, clock):
    with pytest.raises(flows.MoveNotAllowed):
        services.meeting_hold(pk=meeting.pk, actor=police, held_on=clock.today)


# --- tasks -----------------------------------------------------------------------------------------------------


@pytest.fixture
def task(meeting, director, departments, clock):
    meeting = held(meeting, director, clock)
    return services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="开展出租屋消防检查", owner=departments["派出所"], deadline=clock.today + timedelta(days=10)
    )


def test_task_lifecycle_start_report_confirm(task, police, director, clock):
    assert task_services.task_start(pk=task.pk, actor=police).status == flows.IN_PROGRESS
    clock.today += timedelta(days=3)
    reported = task_services.task_report(pk=task.pk, actor=police, note="已检查32户。")
    assert (reported.status, reported.reported_on) == (flows.REPORTED, clock.today)
    assert Notification.objects.filter(recipient=director, kind="task", body="已检查32户。").exists()
    done = task_services.task_confirm(pk=task.pk, actor=director)
    assert (done.status, done.done_on) == (flows.DONE, clock.today)


def test_task_sent_back_then_done(task, police, director):
    task_services.task_report(pk=task.pk, actor=police, note="已检查。")
    back = task_services.task_reject(pk=task.pk, actor=director, reason="缺少检查台账。")
    assert back.status == flows.IN_PROGRESS and back.reported_on is None
    assert Notification.objects.filter(recipient=police, body="缺少检查台账。").exists()
    task_services.task_report(pk=task.pk, actor=police, note="台账已补齐。")
    assert task_services.task_confirm(pk=task.pk, actor=director).status == flows.DONE


def test_task_extended_urged_and_cancelled(task, director, police, county_user):
    with pytest.raises(ValidationError):
        task_services.task_extend(pk=task.pk, actor=director, deadline=task.deadline, reason="x")
    extended = task_services.task_extend(pk=task.pk, actor=director, deadline=task.deadline + timedelta(days=7), reason="涉及户数多")
    assert extended.deadline == task.deadline + timedelta(days=7)
    task_services.task_urge(pk=task.pk, actor=county_user, text="请加快进度")
    assert Notification.objects.filter(recipient=police, kind="urge").exists()
    assert task_services.task_cancel(pk=task.pk, actor=director, reason="已由专项行动覆盖").status == flows.CANCELLED


def test_only_the_owner_department_reports_and_only_the_center_confirms(task, clinic, police):
    with pytest.raises(flows.MoveNotAllowed):
        task_services.task_start(pk=task.pk, actor=clinic)
    task_services.task_report(pk=task.pk, actor=police, note="完成")
    with pytest.raises(flows.MoveNotAllowed):
        task_services.task_confirm(pk=task.pk, actor=police)


def test_sweep_urges_tasks_once_when_due_soon_and_once_when_overdue(task, police, clock):
    assert run_institutions_sweep().task_urges == 0
    clock.today = task.deadline - timedelta(days=1)
    assert run_institutions_sweep().task_urges == 1
    assert run_institutions_sweep().task_urges == 0
    clock.today = task.deadline + timedelta(days=1)
    assert run_institutions_sweep().task_urges == 1
    assert run_institutions_sweep().task_urges == 0
    levels = [e.data["level"] for e in AuditEvent.objects.filter(action="task.urge", object_id=str(task.pk)).order_by("pk")]
    assert levels == ["due_soon", "overdue"]
    assert Notification.objects.filter(recipient=police, kind="urge").count() == 2
    task_services.task_report(pk=task.pk, actor=police, note="完成")
    clock.today += timedelta(days=5)
    assert run_institutions_sweep().task_urges == 0  # reported: no more urges
    assert MeetingTask.objects.get(pk=task.pk).status == flows.REPORTED
