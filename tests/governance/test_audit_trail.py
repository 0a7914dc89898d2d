"""The audit trail holds: every entry keeps who did it as they were named then, a user in the trail
is deactivated rather than deleted, an edit records old → new values (personal ones masked), and on
PostgreSQL the audit tables refuse UPDATE and DELETE (governance 0007, governance.audit_guard)."""

import importlib
import json
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.urls import reverse

from governance.audit_guard import rewriting_audit
from governance.flow import engine, timeline
from governance.institutions.views.common import history
from governance.models import AuditEvent, Case, CaseEvent
from governance.services import cases as services
from governance.services.audit import audit
from governance.services.case_lifecycle import CASE
from tests.factories import clock, make_staff, reference  # noqa: F401  (fixtures)
from tests.governance.org import director, handler, justice, town  # noqa: F401  (fixtures)
from tests.governance.services.test_cases import flow  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def named_director(director):
    director.first_name, director.last_name = "王", "建国"
    director.save()
    return director


def _rename(user):
    user.username, user.first_name, user.last_name = "renamed", "李", "后来"
    user.save()


# --- the snapshot ------------------------------------------------------------------------------------


def test_a_move_and_a_note_keep_the_actors_username_and_name_of_the_time(flow, named_director):
    case = flow.accepted()  # register (engine.note) then accept (engine.perform)
    _rename(named_director)

    rows = list(CaseEvent.objects.filter(case=case).order_by("pk").values_list("action", "actor_username", "actor_name"))
    assert rows == [("register", "director", "王 建国"), ("accept", "director", "王 建国")]
    assert CaseEvent.objects.filter(case=case).first().actor_label == "王 建国"


def test_the_batch_path_keeps_the_snapshot_too(flow, named_director):
    case = flow.handling()
    engine.perform_batch(CASE, [case.pk], "supervise", named_director, prepare=lambda records: {r.pk: engine.Step(reason="督办") for r in records})
    _rename(named_director)

    entry = CaseEvent.objects.get(case=case, action="supervise")
    assert (entry.actor_username, entry.actor_name) == ("director", "王 建国")


def test_audit_rows_and_other_records_timelines_keep_the_snapshot(flow, named_director):
    case = flow.register()
    row = audit("export", actor=named_director, center_id=case.center_id, obj=case)
    other = timeline.write(SimpleNamespace(case_timeline=False, subject="notice"), case, "issue", named_director, "draft")
    system = audit("login_failed", username="nobody")
    _rename(named_director)

    for event in (row, other):
        event.refresh_from_db()
        assert (event.actor_username, event.actor_name, event.actor_label) == ("director", "王 建国", "王 建国")
    assert (system.actor_username, system.actor_name, str(system.actor_label)) == ("", "", "系统")


def test_screens_show_the_snapshot_after_a_rename(flow, named_director, client):
    case = flow.accepted()
    audit("notice.issue", actor=named_director, center_id=case.center_id, obj=case)
    _rename(named_director)

    assert history(case)[0]["actor"] == "王 建国"
    client.force_login(named_director)
    page = client.get(reverse("governance_case_inspect", args=[case.pk])).content.decode()
    assert "王 建国" in page and "李 后来" not in page


def test_the_data_migration_fills_existing_rows_from_the_current_user(flow, named_director):
    case = flow.register()
    row = audit("export", actor=named_director, center_id=case.center_id)
    with rewriting_audit():
        CaseEvent.objects.filter(case=case).update(actor_username="", actor_name="")
        AuditEvent.objects.filter(pk=row.pk).update(actor_username="", actor_name="")

    with rewriting_audit():  # 0006 runs before 0007 installs the trigger; here the trigger is in place
        importlib.import_module("governance.migrations.0006_audit_actor_snapshot").fill_snapshots(apps, None)

    assert set(CaseEvent.objects.filter(case=case).values_list("actor_username", "actor_name")) == {("director", "王 建国")}
    assert AuditEvent.objects.filter(pk=row.pk, actor_username="director", actor_name="王 建国").exists()


# --- deactivate, not delete -------------------------------------------------------------------------


def test_a_user_in_the_trail_cannot_be_deleted_at_the_model_level(flow, director, town):
    flow.register()
    with pytest.raises(ProtectedError):
        with transaction.atomic():
            director.delete()
    clerk = make_staff("staff", town, username="clerk")
    audit("login", actor=clerk)
    with pytest.raises(ProtectedError):
        with transaction.atomic():
            clerk.delete()


def test_the_wagtail_delete_view_refuses_and_offers_deactivation(flow, director, town, client, django_user_model):
    flow.register()
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("wagtailusers_users:delete", args=[director.pk])

    for response in (client.get(url), client.post(url)):
        assert response.status_code == 302
        assert response["Location"] == reverse("wagtailusers_users:edit", args=[director.pk])
    assert django_user_model.objects.filter(pk=director.pk).exists()
    shown = [str(m) for m in response.wsgi_request._messages]
    assert any("不能删除" in text and "停用" in text for text in shown), shown

    newcomer = make_staff("staff", town, username="newcomer")  # nothing in the trail: deleted as usual
    client.post(reverse("wagtailusers_users:delete", args=[newcomer.pk]))
    assert not django_user_model.objects.filter(pk=newcomer.pk).exists()


def test_the_users_bulk_delete_is_refused_for_users_in_the_trail(flow, director, client, django_user_model):
    flow.register()
    admin = django_user_model.objects.create_superuser("root", password="x")
    client.force_login(admin)
    url = reverse("wagtail_bulk_action", args=["auth", "user", "delete"]) + f"?id={director.pk}"
    response = client.post(url)
    assert response.status_code == 302
    assert django_user_model.objects.filter(pk=director.pk).exists()


# --- old → new ------------------------------------------------------------------------------------


def test_an_edit_records_old_and_new_values_with_personal_fields_masked(flow, director):
    case = flow.register(place="示范镇甲村3组12号")
    services.case_update_details(
        case_id=case.pk, actor=director, expected_version=case.version, place="示范镇乙村5组8号", responsible_person="张三丰", people_count=3
    )

    changed = CaseEvent.objects.get(case=case, action="edit").data["changed"]
    assert changed == {"place": ["示范镇甲村", "示范镇乙村"], "responsible_person": ["", "张某"], "people_count": [1, 3]}
    stored = json.dumps(changed, ensure_ascii=False)
    assert "3组12号" not in stored and "张三丰" not in stored
    assert Case.objects.get(pk=case.pk).place == "示范镇乙村5组8号"  # the record itself keeps the real value


# --- append-only on PostgreSQL ------------------------------------------------------------------------


@pytest.mark.postgres
def test_postgres_refuses_update_and_delete_of_audit_rows(flow, director):
    case = flow.register()
    row = audit("export", actor=director, center_id=case.center_id)
    entry = CaseEvent.objects.get(case=case)
    attempts = (
        lambda: AuditEvent.objects.filter(pk=row.pk).update(action="tampered"),
        lambda: AuditEvent.objects.filter(pk=row.pk).delete(),
        lambda: CaseEvent.objects.filter(pk=entry.pk).update(reason="tampered"),
        lambda: CaseEvent.objects.filter(pk=entry.pk).delete(),
        lambda: Case.objects.filter(pk=case.pk).delete(),  # the cascade to its timeline is refused too
    )
    for attempt in attempts:
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic():
                attempt()
    assert AuditEvent.objects.get(pk=row.pk).action == "export"
    assert CaseEvent.objects.get(pk=entry.pk).reason == entry.reason

    with rewriting_audit():  # the documented way for test set-up and maintenance
        AuditEvent.objects.filter(pk=row.pk).update(action="rewritten")
    assert AuditEvent.objects.get(pk=row.pk).action == "rewritten"
    with pytest.raises(DatabaseError):  # and only inside that block
        with transaction.atomic():
            AuditEvent.objects.filter(pk=row.pk).delete()


@pytest.mark.postgres
def test_the_triggers_are_installed_on_both_tables():
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname LIKE '%%_append_only' ORDER BY 1")
        assert [name for (name,) in cursor.fetchall()] == ["governance_auditevent", "governance_caseevent"]


def test_no_application_code_lifts_the_guard():
    users = []
    for folder in ("governance", "pages", "site", "deploy"):
        for path in (ROOT / folder).rglob("*.py"):
            if (
                path.name != "audit_guard.py"
                and "migrations" not in path.parts
                and re.search(r"\brewriting_audit\b|zongzhi\.audit_rewrite", path.read_text(encoding="utf-8"))
            ):
                users.append(str(path.relative_to(ROOT)))
    assert users == []
