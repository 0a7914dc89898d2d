"""The prevention screens: lists and pages per center (another center's records 404), masked
members and the logged reveal, a patrol recorded through the form, a finding registered as a case
from its page, the monthly figures page, and the menu group."""

import pytest
from django.urls import reverse

from governance.models import AuditEvent, Case
from governance.prevention.models import Patrol
from tests.governance.prevention.conftest import ID_NUMBER, PHONE
from tests.test_i18n import sidebar_labels

pytestmark = pytest.mark.django_db


def test_the_team_page_masks_members(client, team, staff):
    client.force_login(staff)
    html = client.get(reverse("prevention_team", args=[team.pk])).content.decode()
    assert "甲镇巡防队" in html and "刘强" in html
    assert ID_NUMBER not in html and PHONE not in html
    assert reverse("prevention_member_reveal", args=[team.members.first().pk]) not in html  # staff may not reveal


def test_the_director_reveals_through_a_logged_post(client, team, director):
    client.force_login(director)
    member = team.members.get(role="leader")
    url = reverse("prevention_member_reveal", args=[member.pk])
    assert url in client.get(reverse("prevention_team", args=[team.pk])).content.decode()
    assert client.get(url).status_code == 405
    html = client.post(url).content.decode()
    assert ID_NUMBER in html and PHONE in html
    assert AuditEvent.objects.filter(action="team.reveal", actor=director).count() == 1


def test_another_center_gets_404(client, team, patrol, other_director):
    client.force_login(other_director)
    member = team.members.first()
    for url in (
        reverse("prevention_team", args=[team.pk]),
        reverse("prevention_team_move", args=[team.pk, "suspend"]),
        reverse("prevention_patrol", args=[patrol.pk]),
        reverse("prevention_finding_case", args=[patrol.findings.get().pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("prevention_member_reveal", args=[member.pk])).status_code == 404
    assert "甲镇巡防队" not in client.get("/admin/prevention/team/").content.decode()


def test_the_county_reads_but_does_not_act(client, team, patrol, county_user):
    client.force_login(county_user)
    assert client.get(reverse("prevention_team", args=[team.pk])).status_code == 200
    assert client.get(reverse("prevention_patrol", args=[patrol.pk])).status_code == 200
    # Refused: Wagtail sends a refused user back to the dashboard.
    assert client.get(reverse("prevention_team_move", args=[team.pk, "suspend"])).status_code in (302, 403)
    assert client.get(reverse("prevention_finding_case", args=[patrol.findings.get().pk])).status_code in (302, 403)
    assert client.post(reverse("prevention_team_move", args=[team.pk, "suspend"]), {"reason": "x"}).status_code in (302, 403)
    team.refresh_from_db()
    assert team.status == "active"
    assert client.get("/admin/prevention/patrol/create/").status_code in (302, 403)


def test_a_patrol_is_recorded_through_the_form(client, team, staff, clock):
    client.force_login(staff)
    url = "/admin/prevention/patrol/create/"
    assert client.get(url).status_code == 200
    data = {
        "patrol_date": "2026-09-27",
        "start_time": "19:00",
        "end_time": "21:30",
        "teams": [team.pk],
        "route": "夜巡：集贸市场",
        "people_count": "3",
        "hours": "2.5",
        "finding": "市场消防通道被占用",
        "finding_kind": "hazard",
        "finding_place": "集贸市场",
    }
    response = client.post(url, data)
    patrol = Patrol.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("prevention_patrol", args=[patrol.pk])
    assert patrol.findings.get().description == "市场消防通道被占用"
    errors = client.post(url, {**data, "hours": "30"}).content.decode()
    assert "24" in errors


def test_a_finding_is_registered_from_its_page_and_the_case_is_linked(client, patrol, staff, reference):
    client.force_login(staff)
    finding = patrol.findings.get()
    url = reverse("prevention_finding_case", args=[finding.pk])
    assert url in client.get(reverse("prevention_patrol", args=[patrol.pk])).content.decode()
    response = client.post(url, {"case_kind": "hazard", "category": reference("category", "safety").pk, "people_count": "1"})
    assert response.status_code == 302
    case = Case.objects.get()
    page = client.get(reverse("prevention_patrol", args=[patrol.pk])).content.decode()
    assert case.code in page and reverse("governance_case_inspect", args=[case.pk]) in page
    case_page = client.get(reverse("governance_case_inspect", args=[case.pk])).content.decode()
    assert f"#{patrol.pk}" in case_page  # the registration entry names the patrol


def test_moves_and_the_monthly_page(client, patrol, director):
    client.force_login(director)
    url = reverse("prevention_patrol_move", args=[patrol.pk, "review"])
    assert client.get(url).status_code == 200
    assert client.post(url, {"version": patrol.version}).status_code == 302
    assert Patrol.objects.get(pk=patrol.pk).status == "reviewed"
    html = client.get(reverse("prevention_monthly"), {"month": "2026-09"}).content.decode()
    assert "甲镇巡防队" in html
    assert client.get(reverse("prevention_monthly"), {"month": "bad"}).status_code == 200


def test_the_menu_group_is_shown_to_center_staff(client, staff):
    client.force_login(staff)
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert "联防：群防群治" in labels and "群防群治队伍" in labels


def test_the_timelines_name_their_notes_in_chinese(client, team, patrol, director):
    client.force_login(director)
    client.post(reverse("prevention_member_reveal", args=[team.members.get(role="leader").pk]))

    team_page = client.get(reverse("prevention_team", args=[team.pk])).content.decode()
    patrol_page = client.get(reverse("prevention_patrol", args=[patrol.pk])).content.decode()

    assert "查看完整个人信息" in team_page and ">reveal<" not in team_page
    for code in ("member_add", "member_leave", "finding_case"):
        assert f">{code}<" not in team_page + patrol_page


def test_the_team_kinds_list_says_yes_or_no(client, team, county_user):
    client.force_login(county_user)

    html = client.get("/admin/prevention/teamkind/").content.decode()

    assert 'alt="True"' not in html and 'alt="False"' not in html
    assert ">是<" in html.replace(" ", "").replace("\n", "") or ">否<" in html.replace(" ", "").replace("\n", "")
