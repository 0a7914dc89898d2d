"""The incident and key-work screens: per role, another center's records 404, the county reads but
does not act, people masked and the logged reveal, the log added through its form and shown in time
order, opening from an urgent report, the closing report's PDF, the dashboard panel, the menu group."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.incidents.models import Incident
from governance.incidents.services import incidents
from governance.models import AuditEvent
from tests.governance.incidents.conftest import ID_NUMBER, PHONE
from tests.test_i18n import sidebar_labels

pytestmark = pytest.mark.django_db


def test_the_incident_page_masks_people_and_staff_may_not_reveal(client, incident, staff):
    client.force_login(staff)
    html = client.get(reverse("incidents_incident", args=[incident.pk])).content.decode()
    assert "甲村土地补偿苗头" in html and "李四" in html
    assert ID_NUMBER not in html and PHONE not in html
    assert reverse("incidents_person_reveal", args=[incident.people.get().pk]) not in html
    assert client.post(reverse("incidents_person_reveal", args=[incident.people.get().pk])).status_code in (302, 403)


def test_the_director_reveals_through_a_logged_post(client, incident, director):
    client.force_login(director)
    url = reverse("incidents_person_reveal", args=[incident.people.get().pk])
    assert url in client.get(reverse("incidents_incident", args=[incident.pk])).content.decode()
    assert client.get(url).status_code == 405
    html = client.post(url).content.decode()
    assert ID_NUMBER in html and PHONE in html
    assert AuditEvent.objects.filter(action="incident.reveal", actor=director).count() == 1


def test_another_center_gets_404(client, incident, work, task, other_director):
    client.force_login(other_director)
    for url in (
        reverse("incidents_incident", args=[incident.pk]),
        reverse("incidents_incident_move", args=[incident.pk, "log_action"]),
        reverse("incidents_incident_pdf", args=[incident.pk]),
        reverse("incidents_keywork", args=[work.pk]),
        reverse("incidents_task_move", args=[task.pk, "cancel"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("incidents_person_reveal", args=[incident.people.get().pk])).status_code == 404
    assert "甲村土地补偿苗头" not in client.get("/admin/incidents/incident/").content.decode()


def test_the_county_reads_but_does_not_act(client, incident, work, task, county_user):
    client.force_login(county_user)
    page = client.get(reverse("incidents_incident", args=[incident.pk])).content.decode()
    assert "甲村土地补偿苗头" in page and reverse("incidents_incident_move", args=[incident.pk, "log_action"]) not in page
    assert ID_NUMBER not in page
    assert client.get(reverse("incidents_keywork", args=[work.pk])).status_code == 200
    assert client.get(reverse("incidents_incident_pdf", args=[incident.pk])).status_code == 200
    for url in (
        reverse("incidents_incident_move", args=[incident.pk, "log_action"]),
        reverse("incidents_incident_edit", args=[incident.pk]),
        reverse("incidents_task_move", args=[task.pk, "cancel"]),
        "/admin/incidents/incident/create/",
    ):
        assert client.get(url).status_code in (302, 403), url
    response = client.post(reverse("incidents_incident_move", args=[incident.pk, "control"]), {"reason": "x", "version": incident.version})
    assert response.status_code in (302, 403)
    assert Incident.objects.get(pk=incident.pk).status == "open"


def test_a_department_sees_its_key_work_and_tasks_only(client, incident, work, task, police, health):
    client.force_login(police)
    assert client.get(reverse("incidents_incident", args=[incident.pk])).status_code in (302, 403, 404)
    assert "排查重点场所" in client.get(reverse("incidents_keywork", args=[work.pk])).content.decode()
    assert client.get(reverse("incidents_task_move", args=[task.pk, "progress"])).status_code == 200
    client.force_login(health)
    assert client.get(reverse("incidents_keywork", args=[work.pk])).status_code == 404


def test_a_log_entry_is_added_through_its_form(client, incident, staff, departments):
    client.force_login(staff)
    url = reverse("incidents_incident_move", args=[incident.pk, "log_deploy"])
    assert client.get(url).status_code == 200
    when = timezone.localtime(incident.opened_at + timedelta(minutes=15)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, {"occurred_at": when, "content": "调派民警两名到场", "departments": [departments["派出所"].pk], "people": ""})
    assert response.status_code == 302
    bad = client.post(reverse("incidents_incident_move", args=[incident.pk, "log_report"]), {"occurred_at": when, "content": "报告"})
    assert "报告对象" in bad.content.decode()
    page = client.get(reverse("incidents_incident", args=[incident.pk])).content.decode()
    assert "调派民警两名到场" in page and "派出所" in page


def test_opening_from_an_urgent_report_prefills_the_form(client, staff, urgent_report, county_user):
    client.force_login(staff)
    url = "/admin/incidents/incident/create/"
    html = client.get(url, {"report": urgent_report.pk}).content.decode()
    assert "二十余名村民聚集村委会讨要土地补偿款。" in html
    data = {
        "source": "report",
        "report": urgent_report.pk,
        "kind": "group_event",
        "title": "甲村村民聚集",
        "summary": "聚集",
        "opened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "estimated_people": "22",
        "lead_official": "王副镇长",
    }
    response = client.post(url, data)
    made = Incident.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("incidents_incident", args=[made.pk])
    assert made.screening_report == urgent_report
    page = client.get(response["Location"]).content.decode()
    assert reverse("institutions_report", args=[urgent_report.pk]) in page


def test_the_closing_report_renders_as_pdf(client, incident, director):
    incidents.incident_close(pk=incident.pk, actor=director, closing_report="诉求已解决，群众情绪稳定。")
    client.force_login(director)
    response = client.get(reverse("incidents_incident_pdf", args=[incident.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_the_dashboard_lists_active_incidents_across_centers_for_the_county(client, incident, county_user, other_center, other_director):
    from tests.governance.incidents.conftest import incident_data

    other = incidents.incident_open(center=other_center, actor=other_director, data=incident_data(title="乙乡讨薪苗头"))
    client.force_login(county_user)
    home = client.get("/admin/").content.decode()
    assert "甲村土地补偿苗头" in home and "乙乡讨薪苗头" in home and reverse("incidents_panel") in home
    incidents.incident_move(pk=other.pk, action="cancel", actor=other_director, reason="误报")
    body = client.get(reverse("incidents_panel")).content.decode()
    assert "甲村土地补偿苗头" in body and "乙乡讨薪苗头" not in body


def test_the_menu_group_is_shown_to_center_staff(client, staff):
    client.force_login(staff)
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert "联动：突发事件与重点工作" in labels and "突发事件" in labels and "阶段性重点工作" in labels


def test_the_timeline_names_the_log_entries_in_chinese(client, incident, director):
    incidents.log_add(pk=incident.pk, actor=director, kind="action", occurred_at=timezone.now(), content="劝导")
    client.force_login(director)
    client.post(reverse("incidents_person_reveal", args=[incident.people.get().pk]))
    html = client.get(reverse("incidents_incident", args=[incident.pk])).content.decode()
    for label in ("记录处置", "登记涉事人员", "查看个人信息"):
        assert label in html


def test_the_source_pages_can_link_back_to_their_incidents(rf, town, staff, urgent_report, group_case, other_director, county_user):
    from django.template import Context, Template

    from tests.governance.incidents.conftest import incident_data

    template = Template("{% load incidents_links %}{% incidents_for record %}")
    request = rf.get("/")
    request.user = staff
    create = reverse("incidents_incident_modeladmin_create")
    assert f"{create}?report={urgent_report.pk}" in template.render(Context({"request": request, "record": urgent_report}))
    made = incidents.incident_open(center=town, actor=staff, data=incident_data(source="case", case_id=group_case.pk))
    html = template.render(Context({"request": request, "record": group_case}))
    assert reverse("incidents_incident", args=[made.pk]) in html and "已立为突发事件" in html and f"{create}?case=" not in html
    request.user = county_user
    html = template.render(Context({"request": request, "record": urgent_report}))
    assert create not in html
    request.user = other_director
    assert "已立为突发事件" not in template.render(Context({"request": request, "record": group_case}))
