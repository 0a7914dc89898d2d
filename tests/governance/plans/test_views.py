"""The plans screens: per center (another center's records 404), the county reads but does not act,
a workstation sees and reports on its own village's plan only, the forms drive the lifecycle, the
summary page and the menu group."""

import pytest
from django.urls import reverse

from governance.plans.models import CommunityPlan, Milestone, TechPoint
from tests.test_i18n import sidebar_labels

pytestmark = pytest.mark.django_db


def test_another_center_gets_404(client, approved, point, village_milestone, other_director):
    client.force_login(other_director)
    for url in (
        reverse("plans_plan", args=[approved.pk]),
        reverse("plans_plan_edit", args=[approved.pk]),
        reverse("plans_plan_move", args=[approved.pk, "approve"]),
        reverse("plans_milestone_move", args=[village_milestone.pk, "confirm"]),
        reverse("plans_techpoint", args=[point.pk]),
        reverse("plans_techpoint_move", args=[point.pk, "fault"]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("plans_milestone_remove", args=[village_milestone.pk])).status_code == 404
    assert "甲村" not in client.get("/admin/plans/communityplan/").content.decode()


def test_the_county_reads_but_does_not_act(client, plan, point, county_user, staff):
    client.force_login(county_user)
    assert client.get(reverse("plans_plan", args=[plan.pk])).status_code == 200
    assert client.get(reverse("plans_techpoint", args=[point.pk])).status_code == 200
    assert "甲村" in client.get("/admin/plans/communityplan/").content.decode()
    assert client.get(reverse("plans_summary")).status_code == 200
    for url in (reverse("plans_plan_move", args=[plan.pk, "submit"]), reverse("plans_techpoint_move", args=[point.pk, "fault"])):
        assert client.get(url).status_code in (302, 403)
        assert client.post(url, {"reason": "x"}).status_code in (302, 403)
    assert client.get(reverse("plans_plan_edit", args=[plan.pk])).status_code in (302, 403)
    assert client.post(reverse("plans_milestone_add", args=[plan.pk]), {"title": "x", "due_date": "2026-10-01"}).status_code in (302, 403)
    assert client.get("/admin/plans/communityplan/create/").status_code in (302, 403)
    assert CommunityPlan.objects.get().status == "draft" and TechPoint.objects.get().status == "working"


def test_the_workstation_sees_its_own_village_only(client, approved, point, reporter, other_reporter, village_milestone):
    client.force_login(other_reporter)
    assert client.get(reverse("plans_plan", args=[approved.pk])).status_code == 404
    assert client.get(reverse("plans_milestone_move", args=[village_milestone.pk, "report"])).status_code == 404
    client.force_login(reporter)
    page = client.get(reverse("plans_plan", args=[approved.pk])).content.decode()
    report_url = reverse("plans_milestone_move", args=[village_milestone.pk, "report"])
    assert report_url in page
    police_milestone = approved.milestones.exclude(pk=village_milestone.pk).get()
    assert reverse("plans_milestone_move", args=[police_milestone.pk, "report"]) not in page
    assert client.get(reverse("plans_milestone_move", args=[police_milestone.pk, "report"])).status_code in (302, 403)
    response = client.post(report_url, {"version": village_milestone.version, "done_on": "2026-09-27", "reason": "完成入户宣传"})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=village_milestone.pk).status == "reported"
    assert client.get(reverse("plans_techpoint", args=[point.pk])).status_code == 200


def test_the_plan_is_drafted_and_approved_through_the_forms(client, town, station, staff, director, police_station):
    client.force_login(staff)
    url = "/admin/plans/communityplan/create/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"village": station.pk, "year": "2026", "measures": "夜间巡逻", "responsible_people": "王建国—书记"})
    plan = CommunityPlan.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("plans_plan", args=[plan.pk])
    again = client.post(url, {"village": station.pk, "year": "2026", "measures": "x", "responsible_people": "y"}).content.decode()
    assert "已有" in again  # one plan per village and year, said in Chinese
    add = reverse("plans_milestone_add", args=[plan.pk])
    client.post(add, {"title": "监控联网", "due_date": "2026-11-30", "owner_department": police_station.pk, "version": plan.version})
    assert plan.milestones.get().owner_department == police_station
    submit = reverse("plans_plan_move", args=[plan.pk, "submit"])
    assert client.post(submit, {"version": CommunityPlan.objects.get().version}).status_code == 302
    client.force_login(director)
    approve = reverse("plans_plan_move", args=[plan.pk, "approve"])
    assert client.get(approve).status_code == 200
    assert client.post(approve, {"version": CommunityPlan.objects.get().version}).status_code == 302
    assert CommunityPlan.objects.get().status == "approved"
    page = client.get(reverse("plans_plan", args=[plan.pk])).content.decode()
    assert "已批准" in page or "批准" in page


def test_a_point_is_added_checked_and_faulted_through_the_forms(client, town, station, staff):
    from governance.plans.models import TechKind

    client.force_login(staff)
    url = "/admin/plans/techpoint/create/"
    response = client.post(url, {"village": station.pk, "kind": TechKind.objects.get(code="camera").pk, "location": "桥头"})
    point = TechPoint.objects.get()
    assert response.status_code == 302
    fault = reverse("plans_techpoint_move", args=[point.pk, "fault"])
    assert client.post(fault, {"version": point.version, "reason": ""}).status_code == 200  # the reason is required
    assert client.post(fault, {"version": point.version, "reason": "无信号"}).status_code == 302
    assert TechPoint.objects.get().status == "faulty"
    assert "无信号" in client.get(reverse("plans_techpoint", args=[point.pk])).content.decode()


def test_the_summary_and_the_menu_group(client, approved, point, staff):
    client.force_login(staff)
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert any("联防" in label and "计划" in label for label in labels)
    html = client.get(reverse("plans_summary"), {"year": "2026"}).content.decode()
    assert "甲村" in html and reverse("plans_plan", args=[approved.pk]) in html
    assert client.get(reverse("plans_summary"), {"year": "bad"}).status_code == 200
