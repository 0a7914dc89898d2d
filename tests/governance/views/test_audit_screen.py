"""The audit screen (governance.views.audit): a director reads their own center's entries, county
staff every center's, others are refused; filters by person, action, record, case code and dates;
the xlsx export holds the filtered rows and is itself audited."""

import io
from datetime import timedelta

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from governance.audit_guard import rewriting_audit
from governance.models import AuditEvent, CaseEvent
from governance.services.audit import audit
from tests.factories import DepartmentFactory, clock, make_staff, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, other_town, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
URL = reverse("governance_audit")
EXPORT = reverse("governance_audit_export")


@pytest.fixture
def trail(town, other_town, director, reference, clock):
    """Entries in both centers: a registration (timeline) and an export (audit log) in each."""
    neighbour = make_staff("director", other_town, username="neighbour")
    ours = register(town, director, reference)
    theirs = register(other_town, neighbour, reference)
    audit("export", actor=director, center_id=town.pk, register="disputes")
    audit("export", actor=neighbour, center_id=other_town.pk, register="disputes")
    return {"ours": ours, "theirs": theirs, "neighbour": neighbour}


def rows(response):
    return response.context["entries"]


def test_a_director_sees_only_their_centers_entries(client, director, trail):
    client.force_login(director)
    response = client.get(URL)
    assert response.status_code == 200
    shown = rows(response)
    assert {row["center_name"] for row in shown} == {"示范镇综治中心"}
    assert {row["case_code"] for row in shown if row["case_code"]} == {trail["ours"].code}
    assert "neighbour" not in {row["who_username"] for row in shown}
    assert "审计日志" in response.content.decode()


def test_county_staff_see_every_centers_entries(client, trail):
    county = make_staff("county", username="county")
    client.force_login(county)
    shown = rows(client.get(URL))
    assert {row["case_code"] for row in shown if row["case_code"]} == {trail["ours"].code, trail["theirs"].code}
    assert {"director", "neighbour"} <= {row["who_username"] for row in shown}


@pytest.mark.parametrize("role", ["department", "editor", "staff"])
def test_others_are_refused_and_see_no_menu_item(client, town, trail, role):
    user = make_staff(role, town, department=DepartmentFactory(center=town) if role == "department" else None)
    client.force_login(user)
    home = reverse("wagtailadmin_home")
    for url in (URL, EXPORT):  # Wagtail turns the PermissionDenied into a redirect home with a message
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, home)
    assert not AuditEvent.objects.filter(action="export", data__register="audit").exists()
    assert URL not in client.get(home).content.decode()


def test_the_menu_item_is_shown_to_a_director(client, director, trail):
    client.force_login(director)
    assert URL in client.get(reverse("wagtailadmin_home")).content.decode()


def test_filters_by_action_person_record_case_code_and_dates(client, director, trail, town):
    clerk = make_staff("staff", town, username="clerk", first_name="赵", last_name="六")
    audit("login", actor=clerk, center_id=town.pk, obj=clerk)
    old = audit("export", actor=director, center_id=town.pk, register="petitions")
    with rewriting_audit():
        AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    client.force_login(director)

    by_action = rows(client.get(URL, {"action": "login"}))
    assert {(row["act"], row["who_username"]) for row in by_action} == {("login", "clerk"), ("login", "director")}  # force_login logs in
    assert [row["act"] for row in rows(client.get(URL, {"action": "case.register"}))] == ["case.register"]
    assert {row["who_username"] for row in rows(client.get(URL, {"person": "赵"}))} == {"clerk"}
    by_record = rows(client.get(URL, {"record_type": "user", "record_id": str(clerk.pk)}))
    assert [row["act"] for row in by_record] == ["login"]
    by_code = rows(client.get(URL, {"case_code": trail["ours"].code}))
    assert [(row["act"], row["case_code"]) for row in by_code] == [("case.register", trail["ours"].code)]
    assert rows(client.get(URL, {"case_code": trail["theirs"].code})) == []  # another center's case: nothing
    today = timezone.localdate().isoformat()
    recent = rows(client.get(URL, {"date_from": today}))
    assert old.pk not in {row["row_id"] for row in recent if row["row_kind"] == "audit"}
    earlier = rows(client.get(URL, {"date_to": (timezone.localdate() - timedelta(days=30)).isoformat()}))
    assert [(row["row_kind"], row["row_id"]) for row in earlier] == [("audit", old.pk)]


def test_the_list_is_paginated(client, director, trail, town):
    for _ in range(60):
        audit("notice.issue", actor=director, center_id=town.pk)
    client.force_login(director)
    first = client.get(URL, {"action": "notice.issue"})
    assert len(rows(first)) == 50 and first.context["page"].paginator.count == 60
    second = client.get(URL, {"action": "notice.issue", "page": 2})
    assert len(rows(second)) == 10
    assert not {row["row_id"] for row in rows(first)} & {row["row_id"] for row in rows(second)}


def test_the_xlsx_export_holds_the_filtered_rows_and_is_audited(client, director, trail, town):
    client.force_login(director)
    response = client.get(EXPORT, {"action": "case.register"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("时间", "操作人", "用户名", "操作")
    assert [(row[2], row[3], row[7]) for row in values[1:]] == [("director", "case.register", trail["ours"].code)]

    logged = AuditEvent.objects.filter(action="export", actor=director, data__register="audit").get()
    assert logged.data["filters"] == {"action": "case.register"} and logged.data["rows"] == 1
    assert logged.center_id == town.pk and logged.actor_username == "director"


def test_the_export_stays_within_the_directors_center(client, director, trail):
    client.force_login(director)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(EXPORT).content)).active
    codes = {row[7] for row in sheet.iter_rows(min_row=2, values_only=True) if row[7]}
    assert codes == {trail["ours"].code}
    assert CaseEvent.objects.filter(case=trail["theirs"]).exists()  # it was there to leak
