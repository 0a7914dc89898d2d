"""The unit screens: lists and pages per center (another center's records 404), the county reads
but does not act, the masked phone and its logged reveal, a unit and a check recorded through the
forms with errors in Chinese, a finding turned into a notice from the check's page (listed on the
unit's page), and the menu group."""

import pytest
from django.urls import reverse

from governance.institutions.models import RectificationNotice
from governance.models import AuditEvent
from governance.units.models import ChecklistItem, Unit, UnitCheck
from tests.governance.units.conftest import PHONE
from tests.test_i18n import sidebar_labels

pytestmark = pytest.mark.django_db


def test_the_unit_page_masks_the_phone(client, unit, staff):
    client.force_login(staff)
    html = client.get(reverse("units_unit", args=[unit.pk])).content.decode()
    assert "甲镇中心小学" in html and "高文军" in html
    assert PHONE not in html and "138" in html
    assert reverse("units_unit_reveal", args=[unit.pk]) not in html  # staff may not reveal


def test_the_director_reveals_through_a_logged_post(client, unit, director):
    client.force_login(director)
    url = reverse("units_unit_reveal", args=[unit.pk])
    assert url in client.get(reverse("units_unit", args=[unit.pk])).content.decode()
    assert client.get(url).status_code == 405
    assert PHONE in client.post(url).content.decode()
    assert AuditEvent.objects.filter(action="unit.reveal", actor=director).count() == 1
    assert "查看完整个人信息" in client.get(reverse("units_unit", args=[unit.pk])).content.decode()


def test_staff_reveal_is_refused_and_not_logged(client, unit, staff):
    client.force_login(staff)
    assert client.post(reverse("units_unit_reveal", args=[unit.pk])).status_code in (302, 403)
    assert not AuditEvent.objects.filter(action="unit.reveal").exists()


def test_another_center_gets_404(client, unit, completed_check, other_director):
    client.force_login(other_director)
    result = completed_check.results.get(item__code="fire")
    for url in (
        reverse("units_unit", args=[unit.pk]),
        reverse("units_unit_edit", args=[unit.pk]),
        reverse("units_unit_move", args=[unit.pk, "close"]),
        reverse("units_check", args=[completed_check.pk]),
        reverse("units_check_move", args=[completed_check.pk, "cancel"]),
        reverse("units_result_notice", args=[result.pk]),
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(reverse("units_unit_reveal", args=[unit.pk])).status_code == 404
    assert "甲镇中心小学" not in client.get("/admin/units/unit/").content.decode()
    assert "甲镇中心小学" not in client.get("/admin/units/unitcheck/").content.decode()


def test_the_county_reads_but_does_not_act(client, unit, completed_check, county_user):
    client.force_login(county_user)
    assert "甲镇中心小学" in client.get("/admin/units/unit/").content.decode()
    assert client.get(reverse("units_unit", args=[unit.pk])).status_code == 200
    assert client.get(reverse("units_check", args=[completed_check.pk])).status_code == 200
    result = completed_check.results.get(item__code="fire")
    for url in (
        reverse("units_unit_move", args=[unit.pk, "close"]),
        reverse("units_unit_edit", args=[unit.pk]),
        reverse("units_result_notice", args=[result.pk]),
        "/admin/units/unit/create/",
        "/admin/units/unitcheck/create/",
    ):
        assert client.get(url).status_code in (302, 403), url
    assert client.post(reverse("units_unit_move", args=[unit.pk, "close"]), {"reason": "x"}).status_code in (302, 403)
    assert client.post(reverse("units_unit_reveal", args=[unit.pk])).status_code in (302, 403)
    assert Unit.objects.get(pk=unit.pk).status == "active"


def test_a_unit_is_added_through_the_form_with_chinese_errors(client, staff, school_kind, clock):
    client.force_login(staff)
    url = "/admin/units/unit/create/"
    assert client.get(url).status_code == 200
    data = {
        "name": "甲镇卫生院",
        "kind": school_kind.pk,
        "address": "甲镇健康街6号",
        "lead_name": "邵丽娟",
        "lead_phone": "139",
        "credit_code": "123",
    }
    html = client.post(url, data).content.decode()
    assert "统一社会信用代码应为18位" in html and not Unit.objects.exists()
    response = client.post(url, {**data, "lead_phone": "13904596102", "credit_code": ""})
    unit = Unit.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("units_unit", args=[unit.pk])


def test_a_check_is_recorded_through_the_form_and_completed(client, staff, unit, clock):
    client.force_login(staff)
    url = f"/admin/units/unitcheck/create/?unit={unit.pk}"
    assert "门卫制度" in client.get(url).content.decode()
    data = {"check_date": "2026-09-27", "inspectors": "王伟、李娜", "findings": "消防通道堵塞"}
    for item in ChecklistItem.objects.all():
        data[f"result_{item.pk}"] = "compliant"
    fire = ChecklistItem.objects.get(code="fire")
    data[f"result_{fire.pk}"] = "non_compliant"
    html = client.post(url, data).content.decode()
    assert "消防设施" in html and not UnitCheck.objects.exists()  # a non-compliant item needs its note
    data[f"note_{fire.pk}"] = "消防通道堆放杂物"
    response = client.post(url, data)
    check = UnitCheck.objects.get()
    assert response.status_code == 302 and check.unit == unit
    move = reverse("units_check_move", args=[check.pk, "complete"])
    assert move in client.get(reverse("units_check", args=[check.pk])).content.decode()
    assert client.post(move, {"version": check.version}).status_code == 302
    assert UnitCheck.objects.get(pk=check.pk).status == "completed"


def test_a_finding_becomes_a_notice_from_the_check_page(client, staff, unit, completed_check, town):
    client.force_login(staff)
    result = completed_check.results.get(item__code="fire")
    url = reverse("units_result_notice", args=[result.pk])
    assert url in client.get(reverse("units_check", args=[completed_check.pk])).content.decode()
    form = client.get(url).content.decode()
    assert "高文军" in form and "甲镇中心小学" in form
    data = {
        "recipient": town.departments.get(name="派出所").pk,
        "problem": "灭火器过期",
        "place": "甲镇新华路18号",
        "basis": "消防法",
        "measures": "更换灭火器",
        "responsible_person": "高文军",
        "funds": "单位自筹",
        "deadline": "2026-10-20",
        "contingency_plan": "每日巡查",
        "issue": "on",
    }
    assert client.post(url, data).status_code == 302
    notice = RectificationNotice.objects.get()
    assert notice.status == "issued"
    page = client.get(reverse("units_unit", args=[unit.pk])).content.decode()
    assert notice.number in page and reverse("institutions_notice", args=[notice.pk]) in page
    again = client.get(url)  # once only: back to the check with a message
    assert again.status_code == 302 and RectificationNotice.objects.count() == 1


def test_the_menu_group_is_shown_to_center_staff(client, staff):
    client.force_login(staff)
    labels = sidebar_labels(client.get("/admin/").content.decode())
    assert "联防：单位内部安全" in labels and "单位名录" in labels


def test_the_lists_show_the_centers_units_and_checks(client, staff, unit, completed_check):
    client.force_login(staff)
    units_list = client.get("/admin/units/unit/").content.decode()
    assert "甲镇中心小学" in units_list and "高文军" in units_list and "138" not in units_list
    checks_list = client.get("/admin/units/unitcheck/").content.decode()
    assert "甲镇中心小学" in checks_list and "王伟、李娜" in checks_list and "已完成" in checks_list


@pytest.mark.parametrize("role", ["police", "reporter"])
def test_departments_and_workstations_see_no_units(request, client, unit, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("units_unit", args=[unit.pk])).status_code == 404
    assert client.get("/admin/units/unit/").status_code in (302, 403)
