"""Re-imports (issue 16): rows already in the system never block a file; identical rows are "already
imported"; differing rows are listed (column: stored → sheet) and left as they are; and the
register's own export, over every state a case can be in, re-imports with no problem and creates
nothing."""

import io

import pytest

from governance.ledgers import messages as msg
from governance.ledgers.importing import plan_import
from governance.ledgers.registers import DISPUTES, HAZARDS, PETITIONS
from governance.ledgers.services import ledger_export, ledger_import_commit
from governance.models import Case, FollowUp
from governance.services import cases as services
from tests.factories import party, register
from tests.governance.ledgers.conftest import DISPUTE_HEADER, good_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _outcome(reference, code):
    return reference("outcome", code)


@pytest.fixture
def every_state(ledger_center, director, police_user, reference, clock):
    """One dispute and one petition in each state a case can be in, reached through the services."""
    police = ledger_center.departments.get(name="派出所")
    made = {}
    for kind in ("dispute", "petition"):

        def new(name, kind=kind):
            case = register(
                ledger_center, director, reference, kind=kind, summary=f"{kind}：{name}", parties=[party(f"{name}甲"), party(f"{name}乙")]
            )
            made[(kind, name)] = case
            return case.pk

        def accept(pk):
            services.case_accept(case_id=pk, actor=director, notice_date=clock.today)

        def route(pk):
            accept(pk)
            services.case_route(case_id=pk, actor=director, lead_department=police, responsible_person="王警官")

        def start(pk):
            route(pk)
            services.case_start(case_id=pk, actor=police_user)

        def resolve(pk, kind=kind):
            start(pk)
            services.case_resolve(
                case_id=pk, actor=police_user, outcome=_outcome(reference, "mediated" if kind == "dispute" else "replied"), note="已办结。"
            )

        def feed_back(pk):
            resolve(pk)
            services.case_feedback(case_id=pk, actor=police_user, told_on=clock.today)

        new("已登记")
        accept(new("已受理"))
        route(new("已分流"))
        start(new("办理中"))
        pk = new("已中止")
        start(pk)
        services.case_suspend(case_id=pk, actor=director, reason="等待鉴定结论。")
        pk = new("已延期")
        start(pk)
        services.case_extend(case_id=pk, actor=director, days=10, reason="案情复杂。", party_told_on=clock.today)
        pk = new("已退回")
        route(pk)
        services.case_return(case_id=pk, actor=police_user, reason="不属于本单位职责。")
        resolve(new("已办结"))
        feed_back(new("已反馈"))
        pk = new("已回访")
        feed_back(pk)
        services.case_follow_up(case_id=pk, actor=director, result=FollowUp.Result.SATISFIED, note="满意。")
        pk = new("重新办理")
        feed_back(pk)
        services.case_follow_up(case_id=pk, actor=director, result=FollowUp.Result.NOT_RESOLVED, note="当事人不满意。")
        pk = new("已归档")
        feed_back(pk)
        services.case_follow_up(case_id=pk, actor=director, result=FollowUp.Result.SATISFIED, note="满意。")
        services.case_archive(case_id=pk, actor=director, archive_number="归-1", retention_years=10)
    return made


def exported(register_, director, center, fmt="xlsx"):
    stream = io.BytesIO()
    queryset = Case.objects.filter(center=center, kind=register_.case_kind)
    ledger_export(user=director, register=register_, queryset=queryset, fmt=fmt, stream=stream, title=f"{center.name}{register_.title}")
    return stream.getvalue()


@pytest.mark.parametrize("register_", [DISPUTES, PETITIONS], ids=["disputes", "petitions"])
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_registers_own_export_of_every_state_reimports_with_no_problem_and_creates_nothing(every_state, ledger_center, director, register_, fmt):
    data = exported(register_, director, ledger_center, fmt)
    before = Case.objects.count()
    reopened = every_state[(register_.case_kind, "重新办理")]
    reopened.refresh_from_db()
    assert reopened.status == "handling" and reopened.resolved_on is None  # the state that used to block

    plan = plan_import(data, f"台账.{fmt}", register_, ledger_center)

    assert [p.as_list() for p in plan.problems] == []
    assert plan.differences == []
    assert (len(plan.cases), len(plan.skipped)) == (0, 12)
    result = ledger_import_commit(plan=plan, actor=director, file_name=f"台账.{fmt}")
    assert (result.created, result.skipped) == (0, 12)
    assert Case.objects.count() == before


def test_a_row_already_in_the_system_never_blocks_the_new_rows_of_a_file(every_state, ledger_center, director):
    code = every_state[("dispute", "重新办理")].code
    header = [*DISPUTE_HEADER, "编号"]
    # As a clerk would keep it: the reopened case with its unsatisfied follow-up and no closing date.
    kept = [*good_row(1, 办结日期=None, 是否化解=None, 回访情况="不满意"), code]

    plan = plan_import(xlsx_bytes([header, kept, [*good_row(2), ""]], title="台账"), "台账.xlsx", DISPUTES, ledger_center)

    assert plan.problems == []
    assert [c.line for c in plan.cases] == [4]
    assert [line for line, _code, _found, _changes in plan.differences] == [3]


def test_a_row_that_differs_lists_each_difference_as_stored_and_sheet_and_is_never_overwritten(every_state, ledger_center, director):
    data = exported(DISPUTES, director, ledger_center)
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    target = every_state[("dispute", "已办结")]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[header.index("编号")].value == target.code)
    row[header.index("简要情况")].value = "改过的简要情况"
    row[header.index("责任人")].value = "李调解员"
    row[header.index("登记日期")].value = "2026/9/28"  # the same day, written another way
    stream = io.BytesIO()
    book.save(stream)

    plan = plan_import(stream.getvalue(), "台账.xlsx", DISPUTES, ledger_center)

    assert plan.problems == [] and plan.cases == []
    [(line, code, found, changes)] = plan.differences
    assert code == target.code
    assert changes == {"summary": "改过的简要情况", "responsible_person": "李调解员"}
    assert found == [("简要情况", "dispute：已办结", "改过的简要情况", ""), ("责任人", "王警官", "李调解员", "")]
    summary = plan.summary()
    assert (summary["new"], summary["skipped"], summary["different"]) == (0, 11, 1)
    ledger_import_commit(plan=plan, actor=director, file_name="台账.xlsx")
    target.refresh_from_db()
    assert (target.summary, target.responsible_person) == ("dispute：已办结", "王警官")


def test_the_preview_page_lists_the_differences_and_offers_no_overwrite(client, every_state, ledger_center, director):
    from openpyxl import load_workbook

    from tests.governance.ledgers.conftest import upload

    book = load_workbook(io.BytesIO(exported(DISPUTES, director, ledger_center)))
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[header.index("编号")].value == every_state[("dispute", "已登记")].code)
    row[header.index("简要情况")].value = "改过的简要情况"
    stream = io.BytesIO()
    book.save(stream)
    client.force_login(director)

    response = client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(stream.getvalue())})
    page = client.get(response["Location"]).content.decode()

    assert "简要情况：dispute：已登记 → 改过的简要情况" in page
    assert "已在系统中但内容不同</dt><dd>1</dd>" in page
    assert "可导入</dt><dd>0</dd>" in page
    assert "11 行已经导入过" in page


def _changed_export(every_state, director, center, changes):
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(exported(DISPUTES, director, center)))
    sheet = book.active
    header = [cell.value for cell in sheet[2]]
    for name, column, value in changes:
        row = next(r for r in sheet.iter_rows(min_row=3) if r[header.index("编号")].value == every_state[("dispute", name)].code)
        row[header.index(column)].value = value
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


def test_an_accepted_difference_edits_the_case_details_with_a_timeline_entry_and_the_rest_stay(client, every_state, ledger_center, director):
    from governance.ledgers.models import ImportJob
    from governance.models import CaseEvent
    from tests.governance.ledgers.conftest import upload

    data = _changed_export(
        every_state,
        director,
        ledger_center,
        [("已办结", "简要情况", "改过的简要情况"), ("已受理", "简要情况", "不接受的改动"), ("已反馈", "办结日期", "2026-09-01")],
    )
    client.force_login(director)
    response = client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data)})
    job = ImportJob.objects.get()
    page = client.get(response["Location"]).content.decode()
    accepted, refused, dated = (every_state[("dispute", n)] for n in ("已办结", "已受理", "已反馈"))
    assert (job.preview["different"], job.preview["acceptable"]) == (3, 2)
    assert f'name="accept" value="{accepted.code}"' in page and f'name="accept" value="{dated.code}"' not in page
    assert "应用已接受的差异" in page

    client.post(f"/admin/ledgers/imports/{job.pk}/confirm/", {"accept": [accepted.code, dated.code]})

    job.refresh_from_db()
    assert job.result == {"created": 0, "skipped": 12, "accepted": 1}
    for case in (accepted, refused, dated):
        case.refresh_from_db()
    assert (accepted.summary, refused.summary, dated.resolved_on.isoformat()) == ("改过的简要情况", "dispute：已受理", "2026-09-28")
    assert CaseEvent.objects.filter(case=accepted, action="edit", actor=director).exists()


def test_an_unknown_name_in_a_row_already_in_the_system_is_a_difference_not_a_name_to_map(every_state, ledger_center, director):
    data = _changed_export(every_state, director, ledger_center, [("已分流", "责任单位", "水利站")])

    plan = plan_import(data, "台账.xlsx", DISPUTES, ledger_center)

    assert plan.problems == [] and plan.summary()["unknown"] == []
    [(_line, _code, found, changes)] = plan.differences
    assert found == [("责任单位", "派出所", "水利站", msg.DIFF_DEPARTMENTS)] and changes is None


def test_every_listed_difference_is_acceptable_or_says_why_not_and_where_to_change_it(every_state, ledger_center, director):
    changed = [
        ("办理中", column, value)
        for column, value in (
            ("简要情况", "改过的简要情况"),
            ("登记日期", "2026-09-01"),
            ("来源", "来电"),
            ("当事人", "王五、赵六"),
            ("责任单位", "综治办"),
            ("时限", "2026-12-31"),
            ("办理状态", "已办结"),
            ("办结日期", "2026-09-20"),
            ("是否化解", "是"),
            ("回访情况", "满意"),
            ("发生地点", ""),
        )
    ]
    plan = plan_import(_changed_export(every_state, director, ledger_center, changed), "台账.xlsx", DISPUTES, ledger_center)

    assert plan.problems == []
    [(_line, _code, found, changes)] = plan.differences
    reasons = {header: reason for header, _stored, _sheet, reason in found}
    assert reasons == {
        "简要情况": "",
        "登记日期": msg.DIFF_RECEIVED_ON,
        "来源": msg.DIFF_SOURCE,
        "当事人": msg.DIFF_PARTIES,
        "责任单位": msg.DIFF_DEPARTMENTS,
        "时限": msg.DIFF_DUE_DATE,
        "办理状态": msg.DIFF_STATUS,
        "办结日期": msg.DIFF_RESOLVED,
        "是否化解": msg.DIFF_RESOLVED,
        "回访情况": msg.DIFF_FOLLOW_UP,
    }
    assert changes == {"summary": "改过的简要情况"}  # the rest stays as the case's own moves left it


def test_an_emptied_detail_or_an_unknown_name_is_not_accepted_and_says_why(every_state, ledger_center, director):
    data = _changed_export(every_state, director, ledger_center, [("已分流", "责任人", ""), ("已分流", "类别", "外星人纠纷")])

    plan = plan_import(data, "台账.xlsx", DISPUTES, ledger_center)

    [(_line, _code, found, changes)] = plan.differences
    assert {header: reason for header, _s, _t, reason in found} == {
        "责任人": msg.DIFF_EMPTY,
        "类别": msg.DIFF_UNREADABLE.format(value="外星人纠纷"),
    }
    assert changes is None


def test_an_archived_cases_differences_are_never_acceptable(every_state, ledger_center, director):
    data = _changed_export(every_state, director, ledger_center, [("已归档", "简要情况", "改过的简要情况")])

    plan = plan_import(data, "台账.xlsx", DISPUTES, ledger_center)

    [(_line, _code, found, changes)] = plan.differences
    assert found == [("简要情况", "dispute：已归档", "改过的简要情况", msg.DIFF_ARCHIVED)] and changes is None


def test_accepting_a_row_applies_its_details_only_never_its_state_or_dates(client, every_state, ledger_center, director):
    from governance.ledgers.models import ImportJob
    from governance.models import CaseEvent
    from tests.governance.ledgers.conftest import upload

    target = every_state[("dispute", "办理中")]
    data = _changed_export(
        every_state,
        director,
        ledger_center,
        [
            ("办理中", "简要情况", "改过的简要情况"),
            ("办理中", "办理状态", "已办结"),
            ("办理中", "办结日期", "2026-09-20"),
            ("办理中", "是否化解", "是"),
        ],
    )
    client.force_login(director)
    response = client.post("/admin/ledgers/disputes/import/", {"resource": "0", "import_file": upload(data)})
    page = client.get(response["Location"]).content.decode()
    assert msg.DIFF_STATUS in page and msg.DIFF_RESOLVED in page
    assert f'name="accept" value="{target.code}"' in page
    events = CaseEvent.objects.filter(case=target).count()

    client.post(f"/admin/ledgers/imports/{ImportJob.objects.get().pk}/confirm/", {"accept": [target.code]})

    assert "已按接受的差异修改 1 件案件的登记信息" in client.get(f"/admin/ledgers/imports/{ImportJob.objects.get().pk}/").content.decode()
    target.refresh_from_db()
    assert (target.summary, target.status, target.resolved_on) == ("改过的简要情况", "handling", None)
    assert list(CaseEvent.objects.filter(case=target).order_by("pk").values_list("action", flat=True))[events:] == ["edit"]


@pytest.mark.parametrize("register_", [DISPUTES, PETITIONS, HAZARDS], ids=["disputes", "petitions", "hazards"])
def test_the_demo_countys_registers_reimport_with_no_problem_and_create_nothing(demo_county, django_user_model, register_):
    from governance.models import Center

    admin = django_user_model.objects.create_superuser("ledger-roundtrip", password="x")
    checked = 0
    for center in Center.objects.filter(cases__kind=register_.case_kind).distinct():
        data = exported(register_, admin, center)
        before = Case.objects.count()

        plan = plan_import(data, "台账.xlsx", register_, center)

        assert [p.as_list() for p in plan.problems] == []
        assert plan.differences == [] and plan.cases == []
        assert len(plan.skipped) == Case.objects.filter(center=center, kind=register_.case_kind).count()
        result = ledger_import_commit(plan=plan, actor=admin, file_name="台账.xlsx")
        assert result.created == 0 and Case.objects.count() == before
        checked += len(plan.skipped)
    assert checked
