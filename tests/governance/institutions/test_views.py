"""The working-system screens: who sees what (departments their own notices and tasks, workstations
their own reports, other centers' object URLs 404), the moves through the pages, the dashboard."""

from datetime import date, timedelta

import pytest

from governance.institutions.models import CaseTag, MeetingAttendance, RectificationNotice
from governance.institutions.rules import flows
from governance.institutions.services import assessments as assessment_services
from governance.institutions.services import meetings as meeting_services
from governance.institutions.services import notices as notice_services
from governance.institutions.services import screening as screening_services
from governance.institutions.services import tags as tag_services
from tests.factories import register  # noqa: F401

pytestmark = pytest.mark.django_db


def notice_for(center, actor, recipient, today, issue=True):
    notice = notice_services.notice_create(
        center=center,
        actor=actor,
        data=notice_services.NoticeData(
            recipient_id=recipient.pk,
            problem="护栏缺失",
            place="村口桥",
            basis="公路安全保护条例",
            measures="补设护栏",
            responsible_person="张三",
            funds="财政",
            deadline=today + timedelta(days=10),
            contingency_plan="设警示牌",
        ),
    )
    return notice_services.notice_issue(pk=notice.pk, actor=actor) if issue else notice


@pytest.fixture
def records(town, other_center, departments, station, director, other_director, reporter, clock):
    """Each center's notices, a meeting with a task per department, reports and an assessment."""
    mine_police = notice_for(town, director, departments["派出所"], clock.today)
    mine_clinic = notice_for(town, director, departments["甲镇卫生院"], clock.today)
    mine_draft = notice_for(town, director, departments["派出所"], clock.today, issue=False)
    theirs = notice_for(other_center, other_director, other_center.departments.first(), clock.today)
    meeting = meeting_services.meeting_create(center=town, actor=director, scheduled_on=clock.today, title="专题会议")
    meeting_services.meeting_hold(pk=meeting.pk, actor=director, held_on=clock.today)
    task_police = meeting_services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="巡查", owner=departments["派出所"], deadline=clock.today + timedelta(days=5)
    )
    task_clinic = meeting_services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="体检", owner=departments["甲镇卫生院"], deadline=clock.today + timedelta(days=5)
    )
    their_meeting = meeting_services.meeting_create(center=other_center, actor=other_director, scheduled_on=clock.today, title="乙乡会议")
    second = town.workstations.create(name="乙组")
    my_report = screening_services.screening_file(workstation=station, actor=reporter, period_start=date(2026, 9, 16), zero=True)
    other_report = screening_services.screening_file(workstation=second, actor=director, period_start=date(2026, 9, 16), zero=True)
    their_assessment = assessment_services.assessment_create(
        actor=other_director, center=other_center, kind="quarterly", subject="departments", year=2026, number=2
    )
    return dict(
        mine_police=mine_police,
        mine_clinic=mine_clinic,
        mine_draft=mine_draft,
        theirs=theirs,
        meeting=meeting,
        task_police=task_police,
        task_clinic=task_clinic,
        their_meeting=their_meeting,
        my_report=my_report,
        other_report=other_report,
        their_assessment=their_assessment,
    )


def listed(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return set(response.context["object_list"])


def test_a_department_handler_sees_only_its_own_issued_notices_and_tasks(client, police, records):
    client.force_login(police)
    assert listed(client, "/admin/institutions/rectificationnotice/") == {records["mine_police"]}
    assert listed(client, "/admin/institutions/meetingtask/") == {records["task_police"]}
    assert client.get(f"/admin/institutions/notices/{records['mine_police'].pk}/").status_code == 200
    for url in (
        f"/admin/institutions/notices/{records['mine_clinic'].pk}/",
        f"/admin/institutions/notices/{records['mine_draft'].pk}/",
        f"/admin/institutions/notices/{records['mine_clinic'].pk}/pdf/",
        f"/admin/institutions/tasks/{records['task_clinic'].pk}/",
        f"/admin/institutions/rectificationnotice/inspect/{records['mine_clinic'].pk}/",
    ):
        assert client.get(url).status_code in (404, 302), url
        if client.get(url).status_code == 302:
            assert client.get(url, follow=True).status_code == 404


def test_a_workstation_reporter_sees_only_its_own_reports(client, reporter, records):
    client.force_login(reporter)
    assert listed(client, "/admin/institutions/screeningreport/") == {records["my_report"]}
    assert client.get(f"/admin/institutions/reports/{records['other_report'].pk}/").status_code == 404
    assert client.get("/admin/institutions/rectificationnotice/").status_code in (302, 403)


@pytest.mark.parametrize(
    "url",
    [
        "/admin/institutions/notices/{theirs}/",
        "/admin/institutions/notices/{theirs}/pdf/",
        "/admin/institutions/notices/{theirs}/do/urge/",
        "/admin/institutions/meetings/{their_meeting}/",
        "/admin/institutions/meetings/{their_meeting}/pdf/",
        "/admin/institutions/meetings/{their_meeting}/do/hold/",
        "/admin/institutions/assessments/{their_assessment}/",
        "/admin/institutions/assessments/{their_assessment}/xlsx/",
    ],
)
def test_other_centers_object_urls_answer_404(client, director, records, url):
    client.force_login(director)
    ids = {key: value.pk for key, value in records.items()}
    assert client.get(url.format(**ids)).status_code == 404


def test_the_county_sees_every_center(client, county_user, records):
    client.force_login(county_user)
    notices = listed(client, "/admin/institutions/rectificationnotice/")
    assert {records["mine_police"], records["theirs"], records["mine_draft"]} <= notices
    assert client.get(f"/admin/institutions/notices/{records['theirs'].pk}/").status_code == 200
    assert client.get(f"/admin/institutions/assessments/{records['their_assessment'].pk}/").status_code == 200


def test_moves_through_the_pages(client, director, police, records, clock):
    notice = records["mine_police"]
    client.force_login(police)
    page = client.get(f"/admin/institutions/notices/{notice.pk}/")
    assert [m.action for m in page.context["moves"]] == ["receipt"]
    receipt_form = client.get(f"/admin/institutions/notices/{notice.pk}/do/receipt/").content.decode()
    assert "回执日期" in receipt_form and "受理登记日期" not in receipt_form  # not the case forms' label
    denied = client.get(f"/admin/institutions/notices/{notice.pk}/do/issue/")  # Wagtail turns a refusal into a redirect home
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")
    response = client.post(
        f"/admin/institutions/notices/{notice.pk}/do/receipt/", {"received_on": clock.today.isoformat(), "signer": "许海涛", "note": ""}
    )
    assert response.status_code == 302
    assert RectificationNotice.objects.get(pk=notice.pk).status == flows.RECEIVED
    response = client.post(f"/admin/institutions/notices/{notice.pk}/do/rectified/", {"rectified_on": clock.today.isoformat(), "note": "已整改"})
    assert response.status_code == 200  # no evidence attached: the form comes back with the service's error
    assert response.context["form"].non_field_errors()


def test_a_director_drafts_a_notice_through_the_form(client, director, departments, clock):
    client.force_login(director)
    response = client.post(
        "/admin/institutions/rectificationnotice/create/",
        {
            "recipient": departments["综治办"].pk,
            "problem": "路灯损坏",
            "place": "东街",
            "basis": "城市照明管理规定",
            "measures": "更换灯具",
            "responsible_person": "李四",
            "funds": "500元",
            "deadline": (clock.today + timedelta(days=7)).isoformat(),
            "contingency_plan": "设置警示",
        },
    )
    assert response.status_code == 302
    notice = RectificationNotice.objects.get(problem="路灯损坏")
    assert notice.status == flows.DRAFT and notice.created_by == director


def test_meeting_attendance_form(client, director, records):
    meeting = records["meeting"]
    client.force_login(director)
    rows = list(meeting.attendance.all())
    data = {}
    for row in rows:
        data[f"status_{row.department_id}"] = "present"
        data[f"attendee_{row.department_id}"] = "某某"
    assert client.post(f"/admin/institutions/meetings/{meeting.pk}/do/attendance/", data).status_code == 302
    assert set(MeetingAttendance.objects.filter(meeting=meeting).values_list("status", flat=True)) == {"present"}


# --- the dashboard and the special work -----------------------------------------------------------------------------


def test_dashboard_shows_the_situation_and_the_working_systems_to_the_director(client, director, records, reference, clock):
    register(records["meeting"].center, director, reference, kind="petition", category="labour", people_count=12)
    client.force_login(director)
    response = client.get("/admin/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<svg class="zz-chart"') == 5
    assert "institutions-situation-title" in html and "institutions-todo-title" in html
    assert "/admin/institutions/situation/cases/?kind=group" in html


def test_dashboard_has_no_situation_for_a_workstation_reporter(client, reporter, records):
    client.force_login(reporter)
    html = client.get("/admin/").content.decode()
    assert "institutions-situation-title" not in html
    denied = client.get("/admin/institutions/situation/")
    assert (denied.status_code, denied["Location"]) == (302, "/admin/")


def test_special_work_tags_and_the_case_list_filter(client, director, town, reference, rf):
    from governance.institutions.filters import SpecialWorkFilter
    from governance.models import Case

    tagged = register(town, director, reference)
    other = register(town, director, reference)
    client.force_login(director)
    response = client.post("/admin/institutions/special-work/", {"code": tagged.code, "tag": "key_youth"})
    assert response.status_code == 302
    assert CaseTag.objects.get().case == tagged
    tag_services.case_tag_add(case_id=tagged.pk, actor=director, tag="key_youth")  # again: nothing new
    assert CaseTag.objects.count() == 1
    page = client.get("/admin/institutions/special-work/?tag=key_youth")
    assert [t.case for t in page.context["tags"]] == [tagged]
    request = rf.get("/", {"special_work": "key_youth"})
    request.user = director
    found = SpecialWorkFilter(request, {"special_work": ["key_youth"]}, Case, None).queryset(request, Case.objects.all())
    assert list(found) == [tagged] and other not in found
