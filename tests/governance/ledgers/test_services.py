"""governance.ledgers.services: the confirmed import (codes, states, audit, counters, one screen
refresh, idempotence) and the round trip export → import into an empty database → export."""

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from governance.audit_guard import rewriting_audit
from governance.ledgers import pipeline
from governance.ledgers.cases import CASE_SOURCE
from governance.ledgers.importing import plan_import
from governance.ledgers.models import ImportedRow, ImportJob, ImportStatus
from governance.ledgers.registers import DISPUTES, PETITIONS
from governance.ledgers.services import ImportRejected, ledger_export, ledger_import_commit
from governance.models import AuditEvent, Case, CaseCodeCounter, CaseEvent, FollowUp, Party
from governance.services import cases as services
from tests.factories import VALID_ID_NUMBER, make_intake, party, register
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

CODED_HEADER = [*DISPUTE_HEADER, "编号"]


def commit(center, rows, actor, register=DISPUTES, name="历史台账.xlsx"):
    plan = plan_import(xlsx_bytes(rows, title="甲镇台账"), name, register, center)
    assert [p.message for p in plan.problems] == []
    return ledger_import_commit(plan=plan, actor=actor, file_name=name)


def test_imported_cases_keep_their_codes_and_get_the_state_the_sheet_implies(ledger_center, director):
    rows = [
        CODED_HEADER,
        [*good_row(1), "甲镇综治〔2025〕0042号"],  # resolved, fed back? no: visited (回访情况 满意)
        [*good_row(2, 办结日期=None, 是否化解=None, 回访情况=None), "GZ-2019-001"],  # routed to 综治办 → handling
        [*good_row(3, 办结日期=None, 是否化解=None, 回访情况=None, 责任单位=None), ""],  # registered
        [*good_row(4, 回访情况=None), ""],  # resolved
    ]

    result = commit(ledger_center, rows, director)

    assert result.created == 4
    cases = {c.summary[:3]: c for c in Case.objects.filter(center=ledger_center)}
    first, second, third, fourth = cases["第1起"], cases["第2起"], cases["第3起"], cases["第4起"]
    assert (first.code, first.year, first.sequence, first.status) == ("甲镇综治〔2025〕0042号", 2025, 42, "visited")
    assert first.outcome.code == "mediated" and first.resolved_on == date(2026, 3, 20)
    assert FollowUp.objects.get(case=first).result == "satisfied"
    assert (second.code, second.status, second.lead_department.name) == ("GZ-2019-001", "handling", "综治办")
    assert third.status == "registered" and third.code == f"甲镇综治〔2026〕{third.sequence:04d}号"
    assert fourth.status == "resolved"
    assert [p.role for p in first.parties.order_by("pk")] == [Party.Role.APPLICANT, Party.Role.RESPONDENT]
    assert first.parties.order_by("pk").first().id_number == VALID_ID_NUMBER


def test_every_imported_case_has_an_audit_row_naming_the_file_and_the_importer(ledger_center, director):
    commit(ledger_center, [DISPUTE_HEADER, good_row(1), good_row(2)], director, name="2019年纠纷台账.xlsx")

    events = CaseEvent.objects.filter(action="import")
    assert events.count() == 2
    for event in events:
        assert event.actor == director
        assert event.data["file"] == "2019年纠纷台账.xlsx"
        assert event.data["register"] == "disputes" and event.data["row"] in (3, 4)
        assert (event.from_status, event.to_status) == ("", event.case.status)
    audit = AuditEvent.objects.get(action="import")
    assert (audit.actor, audit.center_id, audit.data["rows"], audit.data["file"]) == (director, ledger_center.pk, 2, "2019年纠纷台账.xlsx")


def test_the_counter_ends_above_imported_numbers_so_new_registrations_never_collide(ledger_center, director, reference):
    commit(ledger_center, [CODED_HEADER, [*good_row(1), "甲镇综治〔2026〕0100号"], [*good_row(2), ""]], director)

    assert CaseCodeCounter.objects.get(center=ledger_center, year=2026).last == 101
    allocated = Case.objects.get(summary__startswith="第2起")
    assert allocated.sequence == 101
    case = register(ledger_center, director, reference)
    assert case.sequence == 102 and case.code == "甲镇综治〔2026〕0102号"


def test_the_counter_also_moves_past_kept_numbers_when_nothing_is_allocated(ledger_center, director, reference):
    commit(ledger_center, [CODED_HEADER, [*good_row(1), "甲镇综治〔2026〕0100号"]], director)

    assert CaseCodeCounter.objects.get(center=ledger_center, year=2026).last == 100
    assert register(ledger_center, director, reference).sequence == 101


def test_allocated_numbers_continue_after_numbers_cases_hold_beyond_the_counter(ledger_center, director, reference):
    held = register(ledger_center, director, reference)
    Case.objects.filter(pk=held.pk).update(sequence=50, code="甲镇综治〔2026〕0050号")  # e.g. a case entered before the counter

    commit(ledger_center, [DISPUTE_HEADER, good_row(1), good_row(2)], director)

    assert sorted(Case.objects.exclude(pk=held.pk).values_list("sequence", flat=True)) == [51, 52]
    assert CaseCodeCounter.objects.get(center=ledger_center, year=2026).last == 52


def test_imports_after_registrations_continue_the_same_numbering(ledger_center, director, reference):
    registered = register(ledger_center, director, reference)

    commit(ledger_center, [DISPUTE_HEADER, good_row(1)], director)

    imported = Case.objects.exclude(pk=registered.pk).get()
    assert imported.sequence == registered.sequence + 1


def test_an_import_sends_one_screen_refresh_after_commit_not_one_per_row(
    ledger_center, director, live_sends, django_capture_on_commit_callbacks, monkeypatch
):
    from governance.ledgers import services as ledger_services

    monkeypatch.setattr(ledger_services, "WRITE_BATCH", 7)  # several write batches: still one refresh
    rows = [DISPUTE_HEADER, *[good_row(n) for n in range(1, 31)]]

    with django_capture_on_commit_callbacks(execute=True):
        commit(ledger_center, rows, director)

    assert Case.objects.count() == 30
    # The engine's refresh for cases ("case": the same lobby sections an "import" refresh had).
    assert live_sends.calls == [(ledger_center.pk, "case")]


def test_imported_deadlines_warn_as_the_handling_rule_says(ledger_center, director):
    from governance.calendar import load_work_calendar
    from governance.models import DeadlineRule, DeadlineStage
    from governance.rules.deadlines import compute_deadline
    from governance.services.case_deadlines import find_rule

    rule = find_rule(DeadlineStage.HANDLING, Case(center=ledger_center, kind="dispute"))
    DeadlineRule.objects.filter(pk=rule.pk).update(yellow_days=5)
    open_row = {"办结日期": None, "是否化解": None, "回访情况": None}
    rows = [
        [*DISPUTE_HEADER, "时限"],
        [*good_row(1, **open_row), "2026-04-30"],
        [*good_row(2, **open_row), "30天"],
        [*good_row(3, **open_row), None],
    ]

    commit(ledger_center, rows, director)

    cases = {c.summary[:3]: c for c in Case.objects.filter(center=ledger_center)}
    dated, counted, undated = cases["第1起"], cases["第2起"], cases["第3起"]
    assert (dated.due_date, dated.warn_on, dated.yellow_days) == (date(2026, 4, 30), date(2026, 4, 25), 5)
    due = compute_deadline(date(2026, 3, 5), 30, "calendar", load_work_calendar()).due
    assert (counted.due_date, counted.warn_on) == (due, due - timedelta(days=5))
    assert (undated.due_date, undated.warn_on) == (None, None)


def test_reimporting_the_same_file_creates_no_duplicates(ledger_center, director):
    rows = [CODED_HEADER, [*good_row(1), "甲镇综治〔2026〕0001号"], [*good_row(2), ""], [*good_row(3), "LEGACY-7"]]
    data = xlsx_bytes(rows, title="甲镇台账")

    first = pipeline.start_import(user=director, register=DISPUTES, center=ledger_center, uploaded=upload(data))
    assert pipeline.confirm_import(ImportJob.objects.get(pk=first.pk))
    second = pipeline.start_import(user=director, register=DISPUTES, center=ledger_center, uploaded=upload(data))
    second.refresh_from_db()

    assert ImportJob.objects.get(pk=first.pk).result == {"created": 3, "skipped": 0}
    assert (second.preview["new"], second.preview["skipped"], second.preview["problem_count"]) == (0, 3, 0)
    assert "3 行已经导入过（编号或内容相同），不会重复导入。" in second.preview["notes"]
    assert not second.is_valid or second.preview["new"] == 0
    assert Case.objects.count() == 3 and Party.objects.count() == 6 and ImportedRow.objects.count() == 1


def test_a_commit_rechecks_the_database_and_writes_nothing_if_a_code_appeared_since_the_preview(ledger_center, director, other_center, reference):
    plan = plan_import(xlsx_bytes([CODED_HEADER, [*good_row(1), ""], [*good_row(2), "SHARED-1"]]), "a.xlsx", DISPUTES, ledger_center)
    assert plan.ok
    # Meanwhile another center imports a case with the same (foreign-format) code.
    other = plan_import(xlsx_bytes([CODED_HEADER, [*good_row(9, 责任单位="派出所"), "SHARED-1"]]), "b.xlsx", DISPUTES, other_center)
    ledger_import_commit(plan=other, actor=None, file_name="b.xlsx")

    with pytest.raises(ImportRejected) as rejected:
        ledger_import_commit(plan=plan, actor=director, file_name="a.xlsx")

    assert [p.message for p in rejected.value.plan.problems] == ["编号“SHARED-1”已被乙乡综治中心使用。"]
    assert Case.objects.filter(center=ledger_center).count() == 0


def test_preview_and_commit_read_the_same_stored_file_from_the_shared_storage(ledger_center, director, settings, tmp_path):
    from django.core.cache import cache
    from django.core.files.storage import default_storage

    data = xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2)], title="甲镇台账")
    job = pipeline.start_import(user=director, register=DISPUTES, center=ledger_center, uploaded=upload(data))
    job.refresh_from_db()
    assert default_storage.exists(job.file.name) and job.file.name.startswith("ledgers/imports/")
    assert default_storage.path(job.file.name).startswith(str(settings.MEDIA_ROOT))

    cache.clear()  # another worker: nothing of this process's memory is there
    assert pipeline.confirm_import(ImportJob.objects.get(pk=job.pk))

    assert ImportJob.objects.get(pk=job.pk).status == ImportStatus.COMMITTED
    assert Case.objects.count() == 2


def test_a_file_replaced_in_storage_after_the_preview_is_not_imported(ledger_center, director):
    from django.core.files.storage import default_storage

    job = pipeline.start_import(user=director, register=DISPUTES, center=ledger_center, uploaded=upload(xlsx_bytes([DISPUTE_HEADER, good_row(1)])))
    job.refresh_from_db()
    with default_storage.open(job.file.name, "wb") as handle:
        handle.write(xlsx_bytes([DISPUTE_HEADER, good_row(1), good_row(2)]))

    pipeline.confirm_import(job)

    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and job.message == "文件在预览后被更换，请重新上传并预览。"
    assert Case.objects.count() == 0


# --- round trip ------------------------------------------------------------------------------------


def _export_rows(user, register, fmt="xlsx"):
    stream = io.BytesIO()
    ledger_export(user=user, register=register, queryset=CASE_SOURCE.queryset(user, register), fmt=fmt, stream=stream)
    if fmt == "csv":
        import csv

        return list(csv.reader(io.StringIO(stream.getvalue().decode("utf-8-sig")))), stream.getvalue()
    sheet = load_workbook(io.BytesIO(stream.getvalue())).active
    return [[cell for cell in row] for row in sheet.iter_rows(values_only=True)], stream.getvalue()


def _make_history(center, director, reference, clock):
    """Cases at several stages made through the services, with awkward values."""
    police = center.departments.get(name="派出所")
    other = center.departments.get(name="综治办")
    clock.today = date(2026, 3, 1)
    resolved = services.case_register(
        center=center,
        actor=director,
        intake=make_intake(
            reference,
            summary="=邻里纠纷，双方，协商",
            place="甲村3组",
            people_count=3,
            parties=[party("张三", address="甲镇甲村3组5号"), party("李四", id_number="", phone="0451-12345678", role="respondent")],
        ),
    )
    services.case_accept(case_id=resolved.pk, actor=director, notice_date=clock.today)
    services.case_route(case_id=resolved.pk, actor=director, lead_department=police, cooperating=[other], responsible_person="王警官")
    services.case_start(case_id=resolved.pk, actor=director)
    services.case_resolve(case_id=resolved.pk, actor=director, outcome=reference("outcome", "mediated"), note="调解成功，签订协议。")
    services.case_feedback(case_id=resolved.pk, actor=director, told_on=clock.today)
    services.case_follow_up(case_id=resolved.pk, actor=director, result="satisfied")
    clock.today = date(2026, 3, 9)
    services.case_register(center=center, actor=director, intake=make_intake(reference, summary="+86 开头的说明", parties=[party("王五", phone="")]))
    services.case_register(
        center=center,
        actor=director,
        intake=make_intake(reference, kind="petition", category="labour", summary="讨薪", parties=[party("赵六"), party("钱七", id_number="")]),
    )
    clock.today = date(2026, 9, 28)


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_round_trip_export_import_into_an_empty_database_export_gives_identical_data(ledger_center, director, reference, clock, fmt):
    _make_history(ledger_center, director, reference, clock)
    before = {}
    files = {}
    for ledger in (DISPUTES, PETITIONS):
        before[ledger.slug], files[ledger.slug] = _export_rows(director, ledger, fmt)
    assert len(before["disputes"]) == 3 and len(before["petitions"]) == 2  # header + rows

    # An empty database (for cases): the reference data, the center and its people stay.
    with rewriting_audit():  # the timeline goes too: the PostgreSQL trigger allows that only so
        for model in (FollowUp, CaseEvent, Party, ImportedRow):
            model.objects.all().delete()
        Case.objects.all().delete()
    CaseCodeCounter.objects.all().delete()

    for ledger in (DISPUTES, PETITIONS):
        plan = plan_import(files[ledger.slug], f"export.{fmt}", ledger, ledger_center)
        assert [p.message for p in plan.problems] == []
        ledger_import_commit(plan=plan, actor=director, file_name=f"export.{fmt}")
        after, _data = _export_rows(director, ledger, fmt)
        assert after == before[ledger.slug]
    # The awkward values came through: the formula-like text, several parties, a landline.
    disputes = before["disputes"]
    assert any(cell == ("'=邻里纠纷，双方，协商" if fmt == "csv" else "=邻里纠纷，双方，协商") for row in disputes for cell in row)
    assert Case.objects.get(summary="=邻里纠纷，双方，协商").cooperating_departments.get().name == "综治办"
