"""governance.services.cases: one service per move, each audited, scoped and broadcast after commit.

"Today" is frozen with the `clock` fixture (it monkeypatches governance.services.cases._today).
"""

from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from governance import access, workflow
from governance.flow.table import StaleEdit
from governance.models import (
    Case,
    CaseCodeCounter,
    CaseEvent,
    CaseOrder,
    DelayReport,
    Extension,
    FollowUp,
    HolidayOverride,
    HolidayYear,
    MediationSession,
    Notification,
    Party,
    Suspension,
)
from governance.models.cases import QUERY_CODE_ALPHABET
from governance.services import cases as services
from governance.services.calendar import recompute_provisional_deadlines
from governance.services.cases import format_case_code
from governance.workflow import MoveNotAllowed
from tests.factories import (  # noqa: F401  (fixtures)
    BAD_CHECK_DIGIT_ID_NUMBER,
    VALID_ID_NUMBER,
    VALID_PHONE,
    DepartmentFactory,
    WorkstationFactory,
    clock,
    committing,
    live_sends,
    make_intake,
    make_staff,
    party,
    reference,
    register,
)
from tests.governance.org import director, handler, justice, other_town, police, police_handler, staff, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

MONDAY = date(2026, 9, 28)  # the domain vector: + 60 calendar days = 2026-11-27


# --- a case on its way (the organisation: tests.governance.org) ---------------------------------------


@pytest.fixture
def flow(town, director, handler, justice, reference, clock):
    return Flow(town, director, handler, justice, reference, clock)


class Flow:
    """Walks a case along the main line with the usual actors."""

    def __init__(self, center, director, handler, department, reference, clock):
        self.center, self.director, self.handler = center, director, handler
        self.department, self.reference, self.clock = department, reference, clock

    def register(self, **intake):
        return register(self.center, self.director, self.reference, **intake)

    def accepted(self, **intake):
        case = self.register(**intake)
        return services.case_accept(case_id=case.pk, actor=self.director, notice_date=self.clock.today)

    def routed(self, **intake):
        case = self.accepted(**intake)
        return services.case_route(case_id=case.pk, actor=self.director, lead_department=self.department)

    def handling(self, **intake):
        case = self.routed(**intake)
        return services.case_start(case_id=case.pk, actor=self.handler)

    def resolve(self, case):
        return services.case_resolve(case_id=case.pk, actor=self.handler, outcome=self.reference("outcome", "replied"), note="已书面答复")

    def feedback(self, case, told_on=None):
        return services.case_feedback(case_id=case.pk, actor=self.handler, told_on=told_on or self.clock.today)

    def fed_back(self, **intake):
        case = self.handling(**intake)
        self.resolve(case)
        return self.feedback(case)


def fresh(case):
    return Case.objects.get(pk=case.pk)


def events(case):
    return list(
        CaseEvent.objects.filter(case=case).order_by("created_at", "pk").values_list("action", "actor_id", "from_status", "to_status", "reason")
    )


def counts():
    return {model.__name__: model.objects.count() for model in (Case, Party, CaseEvent, CaseOrder, Notification, DelayReport, Extension, Suspension)}


# --- the lifecycle ----------------------------------------------------------------------------------


def test_full_lifecycle_leaves_one_audit_row_per_step(flow, director, handler, justice, reference, clock):
    case = register(flow.center, director, reference, summary="院墙滴水纠纷")
    services.case_accept(case_id=case.pk, actor=director, notice_date=MONDAY, reason="属于受理范围")
    services.case_route(case_id=case.pk, actor=director, lead_department=justice, responsible_person="王所长", reason="请司法所调处")
    services.case_start(case_id=case.pk, actor=handler)
    services.case_record_mediation(
        case_id=case.pk,
        actor=handler,
        held_on=MONDAY,
        mediation_type=reference("mediation_type", "people"),
        mediator="李调解员",
        parties_present="张三、李四",
        result="双方达成协议",
        agreement_reached=True,
        agreement_text="李四修缮院墙排水",
    )
    services.case_resolve(case_id=case.pk, actor=handler, outcome=reference("outcome", "mediated"), note="调解成功")
    services.case_feedback(case_id=case.pk, actor=handler, told_on=MONDAY, note="电话告知当事人")
    services.case_follow_up(case_id=case.pk, actor=director, result=FollowUp.Result.SATISFIED, note="当事人满意")
    services.case_archive(case_id=case.pk, actor=director, archive_number="示范镇档〔2026〕1号", retention_years=10)

    case = fresh(case)
    assert case.status == "archived"
    assert events(case) == [
        ("register", director.pk, "", "registered", ""),
        ("accept", director.pk, "registered", "accepted", "属于受理范围"),
        ("route", director.pk, "accepted", "routed", "请司法所调处"),
        ("start", handler.pk, "routed", "handling", ""),
        ("mediate", handler.pk, "handling", "handling", "双方达成协议"),
        ("resolve", handler.pk, "handling", "resolved", "调解成功"),
        ("feedback", handler.pk, "resolved", "fed_back", "电话告知当事人"),
        ("follow_up", director.pk, "fed_back", "visited", "当事人满意"),
        ("archive", director.pk, "visited", "archived", ""),
    ]
    assert case.version == 1 + 8
    assert (case.accepted_on, case.notice_date, case.routed_on) == (MONDAY, MONDAY, MONDAY)
    assert (case.lead_department, case.responsible_person) == (justice, "王所长")
    assert (case.outcome.code, case.outcome_note, case.resolved_on, case.fed_back_on) == ("mediated", "调解成功", MONDAY, MONDAY)
    assert (case.archive_number, case.retention_years, case.archived_on) == ("示范镇档〔2026〕1号", 10, MONDAY)
    session = MediationSession.objects.get(case=case)
    assert (session.agreement_reached, session.recorded_by) == (True, handler)
    assert FollowUp.objects.get(case=case).result == "satisfied"
    assert CaseEvent.objects.get(case=case, action="route").data == {"lead_department": "司法所"}


def test_route_notifies_the_lead_departments_handlers(flow, handler, police_handler):
    case = flow.routed()

    notes = Notification.objects.filter(case=case, kind="route")
    assert [n.recipient for n in notes] == [handler]
    assert case.code in notes[0].title


def test_reject_records_reason_and_notice_date(flow, director, clock):
    case = flow.register()

    services.case_reject(case_id=case.pk, actor=director, reason="不属于本中心受理范围，已告知向法院起诉", notice_date=MONDAY)

    case = fresh(case)
    assert case.status == "rejected"
    assert (case.reject_reason, case.notice_date) == ("不属于本中心受理范围，已告知向法院起诉", MONDAY)
    assert events(case)[-1] == ("reject", director.pk, "registered", "rejected", "不属于本中心受理范围，已告知向法院起诉")


@pytest.mark.parametrize("reason", ["", "   "])
def test_reject_without_a_reason_is_refused_and_changes_nothing(flow, director, reason):
    case = flow.register()

    with pytest.raises(ValidationError) as error:
        services.case_reject(case_id=case.pk, actor=director, reason=reason, notice_date=MONDAY)

    assert "reason" in error.value.message_dict
    assert fresh(case).status == "registered"
    assert [e[0] for e in events(case)] == ["register"]


def test_reject_without_a_notice_date_is_refused(flow, director):
    case = flow.register()

    with pytest.raises(ValidationError) as error:
        services.case_reject(case_id=case.pk, actor=director, reason="不属于受理范围", notice_date=None)

    assert "notice_date" in error.value.message_dict


def test_accept_with_a_notice_date_in_the_future_is_refused(flow, director, clock):
    case = flow.register()

    with pytest.raises(ValidationError):
        services.case_accept(case_id=case.pk, actor=director, notice_date=clock.today + timedelta(days=1))
    assert fresh(case).status == "registered"


def test_staff_without_accept_permission_cannot_accept(flow, town):
    reception = make_staff("reception", town)
    case = flow.register()

    with pytest.raises(MoveNotAllowed):
        services.case_accept(case_id=case.pk, actor=reception, notice_date=MONDAY)


# --- codes ------------------------------------------------------------------------------------------


def test_format_case_code_follows_the_document_number_style(town):
    assert format_case_code(town, 2026, 1) == "示范镇综治〔2026〕0001号"
    assert format_case_code(town, 2026, 123) == "示范镇综治〔2026〕0123号"


def test_codes_are_sequential_per_center_and_independent_between_centers(flow, other_town, reference):
    other_director = make_staff("director", other_town)

    first, second = flow.register(), flow.register()
    elsewhere = register(other_town, other_director, reference)
    third = flow.register()

    assert [c.code for c in (first, second, third)] == [
        "示范镇综治〔2026〕0001号",
        "示范镇综治〔2026〕0002号",
        "示范镇综治〔2026〕0003号",
    ]
    assert [c.sequence for c in (first, second, third)] == [1, 2, 3]
    assert (elsewhere.code, elsewhere.sequence) == ("邻乡综治〔2026〕0001号", 1)


def test_codes_restart_each_year_from_the_date_received(flow):
    this_year = flow.register()
    last_year = flow.register(received_on=date(2025, 12, 30))

    assert this_year.code == "示范镇综治〔2026〕0001号"
    assert (last_year.code, last_year.year) == ("示范镇综治〔2025〕0001号", 2025)


def test_query_code_is_eight_characters_from_the_unambiguous_alphabet(flow):
    codes = {flow.register().query_code for _ in range(5)}

    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(QUERY_CODE_ALPHABET)
        assert not set(code) & set("01OI")
    assert len(codes) > 1


def test_registration_computes_the_acceptance_deadline(flow):
    case = flow.register(received_on=date(2026, 9, 18))

    # domain vector: 15 calendar days from 2026-09-18 ends in the National Day holiday → 2026-10-08
    assert case.acceptance_due == date(2026, 10, 8)


def test_registration_stores_normalised_parties_and_an_audit_row(flow, director):
    case = flow.register(parties=[party("张三", "11010519491231002x", "138 1234 5678"), party("李四", "", "", role="respondent")])

    stored = list(case.parties.order_by("pk").values_list("name", "id_number", "phone", "role"))
    assert stored == [("张三", VALID_ID_NUMBER, VALID_PHONE, "applicant"), ("李四", "", "", "respondent")]
    assert events(case) == [("register", director.pk, "", "registered", "")]
    assert case.registered_by == director


# --- party validation: nothing saved -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("parties", "field", "fragment"),
    [
        ([party(id_number=BAD_CHECK_DIGIT_ID_NUMBER)], "party_1_id_number", "校验位"),
        ([party(phone="12345")], "party_1_phone", "手机号码"),
        ([party(), party("李四", phone="0451-123")], "party_2_phone", "固定电话"),
        ([party(name="  ")], "party_1_name", ""),
        ([], "parties", ""),
    ],
)
def test_invalid_parties_are_refused_by_field_and_nothing_is_saved(flow, town, parties, field, fragment):
    flow.register()  # the counter now stands at 1
    before = counts()

    with pytest.raises(ValidationError) as error:
        flow.register(parties=parties)

    messages = error.value.message_dict
    assert list(messages) == [field]
    assert fragment in messages[field][0]
    assert counts() == before
    assert CaseCodeCounter.objects.get(center=town, year=2026).last == 1
    assert flow.register().code == "示范镇综治〔2026〕0002号"


def test_bad_id_on_the_first_case_of_the_year_creates_no_counter(flow, town):
    with pytest.raises(ValidationError):
        flow.register(parties=[party(id_number=BAD_CHECK_DIGIT_ID_NUMBER)])

    assert not CaseCodeCounter.objects.filter(center=town).exists()
    assert Case.objects.count() == Party.objects.count() == 0


def test_received_date_in_the_future_is_refused(flow, clock):
    with pytest.raises(ValidationError) as error:
        flow.register(received_on=clock.today + timedelta(days=1))

    assert "received_on" in error.value.message_dict
    assert Case.objects.count() == 0


def test_petition_without_its_kind_is_refused(flow, reference):
    case_intake = make_intake(reference, kind="petition")
    case_intake.petition_kind_id = None

    with pytest.raises(ValidationError) as error:
        services.case_register(center=flow.center, actor=flow.director, intake=case_intake)

    assert "petition_kind" in error.value.message_dict


def test_department_handler_cannot_register(flow, handler, reference):
    with pytest.raises(MoveNotAllowed):
        register(flow.center, handler, reference)
    assert Case.objects.count() == 0


def test_director_cannot_register_for_another_center(flow, other_town, director, reference):
    with pytest.raises(MoveNotAllowed):
        register(other_town, director, reference)


# --- route: deadlines from the rules ---------------------------------------------------------------


def test_route_petition_claim_gets_sixty_calendar_days(flow, reference):
    case = flow.routed(kind="petition", petition_kind="claim")

    assert case.deadline_rule == reference.rule("信访事项办理")
    assert case.routed_on == MONDAY
    assert (case.due_date, case.due_provisional) == (date(2026, 11, 27), False)
    assert case.yellow_days == 7
    assert case.warn_on == date(2026, 11, 20)


def test_route_simple_dispute_gets_one_working_day(flow, reference):
    case = flow.routed(kind="dispute", tier="simple")

    assert case.deadline_rule == reference.rule("简易纠纷")
    assert case.due_date == date(2026, 9, 29)


def test_route_simple_dispute_before_national_day_is_due_after_the_holiday(flow, clock):
    clock.today = date(2026, 9, 30)

    case = flow.routed(kind="dispute", tier="simple")

    assert case.due_date == date(2026, 10, 8)


def test_route_dispute_without_tier_uses_the_general_mediation_rule(flow, reference):
    case = flow.routed(kind="dispute")

    assert case.deadline_rule == reference.rule("人民调解（一般为一个月）")
    assert case.due_date == date(2026, 10, 28)


def test_route_to_another_centers_department_is_refused(flow, director, other_town):
    foreign = DepartmentFactory(center=other_town, name="司法所")
    case = flow.accepted()

    due = case.due_date  # counted from acceptance (checked in tests/governance/rules/test_statutory_periods.py)

    with pytest.raises(ValidationError) as error:
        services.case_route(case_id=case.pk, actor=director, lead_department=foreign)

    assert "lead_department" in error.value.message_dict
    case = fresh(case)
    assert (case.status, case.lead_department_id, case.due_date) == ("accepted", None, due)


def test_route_keeps_cooperating_departments_but_not_the_lead_among_them(flow, director, justice, police):
    case = flow.accepted()

    services.case_route(case_id=case.pk, actor=director, lead_department=justice, cooperating=[justice, police])

    assert list(fresh(case).cooperating_departments.all()) == [police]


# --- return (退回) --------------------------------------------------------------------------------


def test_return_on_the_fifth_working_day_is_allowed(flow, handler, director, staff, clock):
    case = flow.routed()
    clock.today = date(2026, 10, 10)  # routed Mon 09-28; the 5th working day is the make-up Saturday 10-10

    services.case_return(case_id=case.pk, actor=handler, reason="属于派出所职责")

    case = fresh(case)
    assert case.status == "accepted"
    # Back with the center; the handling period counts from acceptance (09-28) and runs on.
    assert (case.lead_department_id, case.routed_on, case.due_date) == (None, None, date(2026, 10, 28))
    assert events(case)[-1] == ("return", handler.pk, "routed", "accepted", "属于派出所职责")
    recipients = set(Notification.objects.filter(case=case, kind="return").values_list("recipient__username", flat=True))
    assert recipients == {director.username, staff.username}


def test_return_after_five_working_days_is_refused(flow, handler, clock):
    case = flow.routed()
    clock.today = date(2026, 10, 12)

    with pytest.raises(ValidationError) as error:
        services.case_return(case_id=case.pk, actor=handler, reason="属于派出所职责")

    assert "reason" in error.value.message_dict
    case = fresh(case)
    assert (case.status, case.lead_department) == ("routed", flow.department)


def test_return_needs_a_reason_and_the_lead_relation(flow, handler, director):
    case = flow.routed()

    with pytest.raises(ValidationError):
        services.case_return(case_id=case.pk, actor=handler, reason="")
    with pytest.raises(MoveNotAllowed):
        services.case_return(case_id=case.pk, actor=director, reason="中心不能退回")
    assert fresh(case).status == "routed"


# --- suspend and resume ------------------------------------------------------------------------------


def test_suspension_stops_the_clock_and_resume_moves_the_deadline_later(flow, handler, clock):
    case = flow.handling(kind="petition")
    assert case.due_date == date(2026, 11, 27)

    clock.today = date(2026, 10, 12)
    services.case_suspend(case_id=case.pk, actor=handler, reason="等待伤情鉴定")
    assert fresh(case).status == "suspended"
    assert Suspension.objects.get(case=case).ended_on is None

    clock.today = date(2026, 10, 22)
    services.case_resume(case_id=case.pk, actor=handler, reason="鉴定意见已出具")

    case = fresh(case)
    assert case.status == "handling"
    assert Suspension.objects.get(case=case).ended_on == date(2026, 10, 22)
    # suspended from 10-12 until the resumption on 10-22: at least the ten days 10-12 … 10-21 are added
    assert case.due_date >= date(2026, 11, 27) + timedelta(days=10)
    assert case.warn_on == case.due_date - timedelta(days=7)
    assert [e[0:1] + e[2:4] for e in events(case)][-2:] == [("suspend", "handling", "suspended"), ("resume", "suspended", "handling")]


def test_resume_moves_the_deadline_by_exactly_the_suspended_days(flow, handler, clock):
    case = flow.handling(kind="petition")
    clock.today = date(2026, 10, 12)
    services.case_suspend(case_id=case.pk, actor=handler, reason="等待伤情鉴定")
    clock.today = date(2026, 10, 22)

    services.case_resume(case_id=case.pk, actor=handler)

    assert fresh(case).due_date == date(2026, 11, 27) + timedelta(days=10)  # 2026-12-07, a Monday


def test_suspend_and_resume_on_the_same_day_leave_the_deadline(flow, handler, clock):
    case = flow.handling(kind="petition")
    clock.today = date(2026, 10, 12)
    services.case_suspend(case_id=case.pk, actor=handler, reason="误操作")

    services.case_resume(case_id=case.pk, actor=handler)

    assert fresh(case).due_date == date(2026, 11, 27)


def test_suspend_needs_a_reason(flow, handler):
    case = flow.handling()

    with pytest.raises(ValidationError):
        services.case_suspend(case_id=case.pk, actor=handler, reason=" ")
    assert fresh(case).status == "handling"


# --- extension ------------------------------------------------------------------------------------------


def test_extensions_add_up_to_thirty_days_at_most(flow, director):
    case = flow.handling(kind="dispute")  # 30 calendar days → 2026-10-28
    assert case.due_date == date(2026, 10, 28)

    services.case_extend(case_id=case.pk, actor=director, days=20, reason="需补充调查", party_told_on=MONDAY)
    assert fresh(case).due_date == date(2026, 11, 17)

    with pytest.raises(ValidationError) as error:
        services.case_extend(case_id=case.pk, actor=director, days=11, reason="再延", party_told_on=MONDAY)
    assert "days" in error.value.message_dict

    services.case_extend(case_id=case.pk, actor=director, days=10, reason="双方同意延长调解", party_told_on=MONDAY)
    case = fresh(case)
    assert (case.extension_days, case.due_date) == (30, date(2026, 11, 27))
    assert Extension.objects.filter(case=case).count() == 2
    assert [e[0] for e in events(case)].count("extend") == 2


@pytest.mark.parametrize("days", [0, 31, None])
def test_extension_outside_one_to_thirty_days_is_refused(flow, director, days):
    case = flow.handling()

    with pytest.raises(ValidationError):
        services.case_extend(case_id=case.pk, actor=director, days=days, reason="需补充调查", party_told_on=MONDAY)
    assert not Extension.objects.exists()


def test_petition_may_be_extended_only_once(flow, director):
    case = flow.handling(kind="petition")

    services.case_extend(case_id=case.pk, actor=director, days=30, reason="案情复杂", party_told_on=MONDAY)
    # 2026-11-27 + 30 = 2026-12-27, a Sunday → Monday 2026-12-28
    assert fresh(case).due_date == date(2026, 12, 28)

    with pytest.raises(ValidationError) as error:
        services.case_extend(case_id=case.pk, actor=director, days=1, reason="再延", party_told_on=MONDAY)
    assert "days" in error.value.message_dict
    assert Extension.objects.filter(case=case).count() == 1


def test_extension_into_an_uncovered_year_makes_the_deadline_provisional(flow, director, clock):
    clock.today = date(2026, 11, 20)
    case = flow.handling(kind="dispute")  # 30 calendar days → Sunday 12-20 → Monday 2026-12-21
    assert (case.due_date, case.due_provisional) == (date(2026, 12, 21), False)

    services.case_extend(case_id=case.pk, actor=director, days=30, reason="双方同意延长调解", party_told_on=clock.today)

    # The statutory last day (Sunday 12-20, before its roll) + 30 = Tuesday 2027-01-19, counted once.
    case = fresh(case)
    assert case.due_date == date(2027, 1, 19)
    assert case.due_provisional is True


def test_extension_without_the_date_the_party_was_told_is_refused(flow, director):
    case = flow.handling()

    with pytest.raises(ValidationError) as error:
        services.case_extend(case_id=case.pk, actor=director, days=5, reason="需补充调查", party_told_on=None)

    assert "party_told_on" in error.value.message_dict
    assert fresh(case).extension_days == 0


def test_extension_needs_the_approval_permission(flow, staff, handler):
    case = flow.handling()

    for actor in (staff, handler):
        with pytest.raises(MoveNotAllowed):
            services.case_extend(case_id=case.pk, actor=actor, days=5, reason="需补充调查", party_told_on=MONDAY)


# --- delay report ----------------------------------------------------------------------------------------


def test_delay_report_only_after_the_deadline(flow, handler, clock):
    case = flow.handling(tier="simple")  # due 2026-09-29

    with pytest.raises(ValidationError):
        services.case_file_delay_report(case_id=case.pk, actor=handler, text="情况说明", party_told_on=MONDAY)

    clock.today = date(2026, 10, 9)
    services.case_file_delay_report(case_id=case.pk, actor=handler, text="当事人未到场，调解推迟", party_told_on=date(2026, 10, 9))

    report = DelayReport.objects.get(case=case)
    assert (report.due_date, report.department, report.filed_by) == (date(2026, 9, 29), flow.department, handler)
    assert report.party_told_on == date(2026, 10, 9)


# --- follow-up, review --------------------------------------------------------------------------------


@pytest.mark.parametrize("result", [FollowUp.Result.NOT_RESOLVED, FollowUp.Result.PARTLY])
def test_follow_up_not_resolved_reopens_handling_and_tells_the_department(flow, director, handler, justice, police_handler, result):
    colleague = make_staff("department", department=justice)
    case = flow.fed_back()

    services.case_follow_up(case_id=case.pk, actor=director, result=result, note="当事人反映问题仍未解决")

    case = fresh(case)
    assert case.status == "handling"
    assert (case.resolved_on, case.fed_back_on) == (None, None)
    assert events(case)[-1] == ("follow_up", director.pk, "fed_back", "handling", "当事人反映问题仍未解决")
    notes = Notification.objects.filter(case=case, kind="reopen")
    assert {n.recipient for n in notes} == {handler, colleague}
    assert notes.count() == 2
    assert FollowUp.objects.get(case=case).result == result


def test_follow_up_satisfied_notifies_nobody(flow, director):
    case = flow.fed_back()

    services.case_follow_up(case_id=case.pk, actor=director, result=FollowUp.Result.SATISFIED)

    assert fresh(case).status == "visited"
    assert not Notification.objects.filter(case=case, kind="reopen").exists()


def test_follow_up_with_an_unknown_result_is_refused(flow, director):
    case = flow.fed_back()

    with pytest.raises(ValidationError):
        services.case_follow_up(case_id=case.pk, actor=director, result="maybe")
    assert fresh(case).status == "fed_back"


def test_review_within_thirty_days_of_the_reply_reopens_with_the_review_deadline(flow, director, clock, reference):
    clock.today = date(2026, 10, 9)
    case = flow.fed_back(kind="petition")
    assert fresh(case).fed_back_on == date(2026, 10, 9)
    clock.today = date(2026, 11, 8)

    services.case_request_review(case_id=case.pk, actor=director, reason="对答复不服，申请复查", applied_on=date(2026, 11, 8))

    case = fresh(case)
    assert (case.status, case.review_level) == ("handling", 1)
    assert case.deadline_rule == reference.rule("复查、复核答复")
    assert (case.review_requested_on, case.due_date, case.extension_days) == (date(2026, 11, 8), date(2026, 12, 8), 0)
    assert (case.resolved_on, case.fed_back_on) == (None, None)
    assert events(case)[-1] == ("request_review", director.pk, "fed_back", "handling", "对答复不服，申请复查")


def test_review_deadline_warns_with_the_review_rules_yellow_days(flow, director, clock, reference):
    case = flow.fed_back(kind="petition")

    services.case_request_review(case_id=case.pk, actor=director, reason="申请复查", applied_on=clock.today)

    case = fresh(case)
    rule = reference.rule("复查、复核答复")
    assert case.yellow_days == rule.yellow_days == 3
    assert case.warn_on == case.due_date - timedelta(days=3)


def test_review_after_thirty_days_is_refused(flow, director, clock):
    clock.today = date(2026, 10, 9)
    case = flow.fed_back(kind="petition")
    clock.today = date(2026, 11, 10)

    # Day 30 is Sunday 11-08, so the window runs to Monday 11-09; Tuesday is too late.
    with pytest.raises(ValidationError) as error:
        services.case_request_review(case_id=case.pk, actor=director, reason="申请复查", applied_on=date(2026, 11, 10))

    assert "applied_on" in error.value.message_dict
    assert fresh(case).status == "fed_back"


def test_review_window_ending_on_a_rest_day_runs_to_the_next_working_day(flow, director, clock):
    clock.today = date(2026, 11, 5)
    case = flow.fed_back(kind="petition")
    clock.today = date(2026, 12, 7)

    # Replied Thursday 11-05: day 30 is Saturday 12-05, so Monday 12-07 is still in time.
    services.case_request_review(case_id=case.pk, actor=director, reason="申请复查", applied_on=date(2026, 12, 7))

    assert fresh(case).review_level == 1


def test_review_at_most_twice(flow, director, clock):
    case = flow.fed_back(kind="petition")

    for level in (1, 2):
        services.case_request_review(case_id=case.pk, actor=director, reason=f"第{level}次申请", applied_on=clock.today)
        assert fresh(case).review_level == level
        flow.resolve(case)
        flow.feedback(case)

    with pytest.raises(ValidationError):
        services.case_request_review(case_id=case.pk, actor=director, reason="第三次申请", applied_on=clock.today)
    case = fresh(case)
    assert (case.status, case.review_level) == ("fed_back", 2)


def test_review_is_for_petitions_only(flow, director, clock):
    case = flow.fed_back(kind="dispute")

    with pytest.raises(ValidationError):
        services.case_request_review(case_id=case.pk, actor=director, reason="申请复查", applied_on=clock.today)


# --- archived, stale -------------------------------------------------------------------------------------


@pytest.fixture
def archived(flow, director):
    case = flow.fed_back()
    services.case_follow_up(case_id=case.pk, actor=director, result=FollowUp.Result.SATISFIED)
    return services.case_archive(case_id=case.pk, actor=director, archive_number="A-1", retention_years=30)


def test_archived_case_is_read_only(archived, director, handler, clock):
    before = (fresh(archived).version, counts())

    with pytest.raises(MoveNotAllowed):
        services.case_update_details(case_id=archived.pk, actor=director, expected_version=archived.version, summary="改")
    attempts = [
        lambda: services.case_supervise(case_id=archived.pk, actor=director, text="督办"),
        lambda: services.case_urge(case_id=archived.pk, actor=director, text="催办"),
        lambda: services.case_urge(case_id=archived.pk, actor=None, text="催办", level=CaseOrder.Level.OVERDUE),
        lambda: services.case_follow_up(case_id=archived.pk, actor=director, result=FollowUp.Result.NOT_RESOLVED),
        lambda: services.case_request_review(case_id=archived.pk, actor=director, reason="复查", applied_on=clock.today),
        lambda: services.case_archive(case_id=archived.pk, actor=director, archive_number="A-2", retention_years=30),
        lambda: services.case_start(case_id=archived.pk, actor=handler),
    ]
    for attempt in attempts:
        with pytest.raises(MoveNotAllowed):
            attempt()

    assert (fresh(archived).version, counts()) == before
    assert not access.may_edit_details(director, archived)


def test_update_details_changes_fields_bumps_the_version_and_audits(flow, director):
    case = flow.register()

    services.case_update_details(case_id=case.pk, actor=director, expected_version=case.version, summary="更正后的简要情况", people_count=6)

    updated = fresh(case)
    assert (updated.summary, updated.people_count, updated.version) == ("更正后的简要情况", 6, case.version + 1)
    assert updated.is_group_case
    edit = CaseEvent.objects.get(case=case, action="edit")
    assert (edit.actor, edit.data) == (
        director,
        {"changed": {"people_count": [1, 6], "summary": ["两户村民因院墙滴水问题发生争执。", "更正后的简要情况"]}},
    )


def test_stale_edit_is_refused_and_changes_nothing(flow, director, staff):
    case = flow.register()
    opened_at = case.version
    services.case_update_details(case_id=case.pk, actor=staff, expected_version=opened_at, summary="同事先改了")
    before = counts()

    with pytest.raises(StaleEdit):
        services.case_update_details(case_id=case.pk, actor=director, expected_version=opened_at, summary="我的修改", place="村口")

    case = fresh(case)
    assert (case.summary, case.place, case.version) == ("同事先改了", "", opened_at + 1)
    assert counts() == before


def test_stale_move_is_refused_and_changes_nothing(flow, director, staff):
    case = flow.register()
    services.case_update_details(case_id=case.pk, actor=staff, expected_version=case.version, place="村口")

    with pytest.raises(StaleEdit):
        services.case_accept(case_id=case.pk, actor=director, notice_date=MONDAY, expected_version=case.version)

    assert fresh(case).status == "registered"


def test_update_details_refuses_fields_that_are_not_editable(flow, director):
    case = flow.register()

    with pytest.raises(ValueError):
        services.case_update_details(case_id=case.pk, actor=director, expected_version=case.version, status="archived")


@pytest.mark.parametrize("field", ["category_id", "workstation_id"])
def test_update_details_refuses_references_that_register_would_refuse(flow, director, other_town, reference, field):
    case = flow.register()
    wrong = {
        "category_id": reference.pk("tier", "simple"),
        "workstation_id": WorkstationFactory(center=other_town).pk,
    }[field]

    with pytest.raises(ValidationError):
        services.case_update_details(case_id=case.pk, actor=director, expected_version=case.version, **{field: wrong})
    assert fresh(case).version == case.version


def test_department_handler_cannot_edit_details(flow, handler):
    case = flow.routed()

    with pytest.raises(MoveNotAllowed):
        services.case_update_details(case_id=case.pk, actor=handler, expected_version=case.version, summary="改")


# --- live updates ------------------------------------------------------------------------------------


def test_every_service_schedules_exactly_one_live_update_after_commit(
    flow, town, director, handler, justice, reference, clock, live_sends, committing
):
    def once(service, *args, **kwargs):
        """Run `service` (given the case and the actor first, for short lines) in its own commit."""
        if args:
            kwargs = {"case_id": args[0], "actor": args[1], **kwargs}
        sent = len(live_sends)
        with committing():
            result = service(**kwargs)
            assert len(live_sends) == sent, f"{service.__name__} sent before commit"
        assert live_sends.calls[sent:] == [(town.pk, "case")], service.__name__
        return result

    case = once(services.case_register, center=town, actor=director, intake=make_intake(reference, kind="petition"))
    once(services.case_update_details, case.pk, director, expected_version=case.version, place="村口")
    once(services.case_accept, case.pk, director, notice_date=MONDAY)
    once(services.case_route, case.pk, director, lead_department=justice)
    once(services.case_start, case.pk, handler)
    once(
        services.case_record_mediation,
        case.pk,
        handler,
        held_on=MONDAY,
        mediation_type=reference("mediation_type", "people"),
        mediator="李调解员",
        parties_present="张三",
        result="未达成一致",
    )
    once(services.case_suspend, case.pk, handler, reason="等待鉴定")
    once(services.case_resume, case.pk, handler)
    once(services.case_extend, case.pk, director, days=10, reason="案情复杂", party_told_on=MONDAY)
    once(services.case_supervise, case.pk, director, text="请加快办理")
    once(services.case_urge, case.pk, director, text="请于本周内办结")
    once(services.case_resolve, case.pk, handler, outcome=reference("outcome", "replied"), note="已答复")
    once(services.case_feedback, case.pk, handler, told_on=MONDAY)
    once(services.case_request_review, case.pk, director, reason="申请复查", applied_on=MONDAY)
    flow.resolve(case)
    flow.feedback(case)
    once(services.case_follow_up, case.pk, director, result=FollowUp.Result.SATISFIED)
    once(services.case_archive, case.pk, director, archive_number="A-9", retention_years=10)

    rejected = flow.register()
    once(services.case_reject, rejected.pk, director, reason="不属于受理范围", notice_date=MONDAY)
    returned = flow.routed()
    once(services.case_return, returned.pk, handler, reason="非本部门职责")
    late = flow.handling(tier="simple")
    clock.today = date(2026, 10, 9)
    once(services.case_file_delay_report, late.pk, handler, text="推迟说明", party_told_on=clock.today)


def test_no_live_update_when_a_service_refuses_with_a_validation_error(flow, director, other_town, live_sends, committing):
    case = flow.accepted()
    foreign = DepartmentFactory(center=other_town)

    with committing():
        with pytest.raises(ValidationError):
            services.case_route(case_id=case.pk, actor=director, lead_department=foreign)
        with pytest.raises(ValidationError):
            flow.register(parties=[party(id_number=BAD_CHECK_DIGIT_ID_NUMBER)])

    assert live_sends.calls == []


def test_no_live_update_when_the_surrounding_transaction_rolls_back(flow, director, live_sends, committing):
    case = flow.register()

    with committing() as callbacks:
        with pytest.raises(ValidationError):
            with transaction.atomic():
                services.case_accept(case_id=case.pk, actor=director, notice_date=MONDAY)
                raise ValidationError("后续步骤失败")

    assert callbacks == []
    assert live_sends.calls == []
    assert fresh(case).status == "registered"


# --- reveal ----------------------------------------------------------------------------------------------


def test_reveal_party_returns_full_values_and_logs_a_reveal_event(flow, director):
    case = flow.register(parties=[party(address="示范镇东村3组12号")])
    applicant = case.parties.get()

    revealed = services.reveal_party(party=applicant, actor=director)

    assert revealed == {"id_number": VALID_ID_NUMBER, "phone": VALID_PHONE, "address": "示范镇东村3组12号"}
    event = CaseEvent.objects.get(case=case, action="reveal")
    assert (event.actor, event.from_status, event.to_status, event.data) == (director, "registered", "registered", {"party": applicant.pk})
    assert fresh(case).version == case.version  # revealing changes nothing on the case


def test_reveal_is_refused_without_the_permission_or_outside_the_case(flow, staff, police_handler, other_town):
    case = flow.routed()
    applicant = case.parties.get()
    foreign_director = make_staff("director", other_town)

    for actor in (staff, police_handler, foreign_director):
        with pytest.raises(MoveNotAllowed):
            services.reveal_party(party=applicant, actor=actor)

    assert not CaseEvent.objects.filter(action="reveal").exists()


def test_lead_department_handler_may_reveal_their_case(flow, handler):
    case = flow.routed()

    assert services.reveal_party(party=case.parties.get(), actor=handler)["phone"] == VALID_PHONE
    assert CaseEvent.objects.filter(case=case, action="reveal", actor=handler).count() == 1


# --- department scope --------------------------------------------------------------------------------


def test_department_handler_acts_only_on_cases_routed_to_their_department(flow, handler, police_handler):
    case = flow.routed()

    assert access.relations_to(handler, case) == {workflow.LEAD}
    assert access.relations_to(police_handler, case) == set()
    with pytest.raises(MoveNotAllowed):
        services.case_start(case_id=case.pk, actor=police_handler)
    assert fresh(case).status == "routed"

    services.case_start(case_id=case.pk, actor=handler)
    assert fresh(case).status == "handling"


def test_department_handler_cannot_act_before_routing(flow, handler):
    case = flow.accepted()

    assert access.relations_to(handler, case) == set()
    with pytest.raises(MoveNotAllowed):
        services.case_urge(case_id=case.pk, actor=handler, text="催")


def test_cooperating_department_may_mediate_but_not_resolve(flow, director, justice, police, police_handler, handler, reference):
    case = flow.accepted()
    services.case_route(case_id=case.pk, actor=director, lead_department=justice, cooperating=[police])
    services.case_start(case_id=case.pk, actor=handler)

    assert access.relations_to(police_handler, fresh(case)) == {workflow.COOPERATING}
    services.case_record_mediation(
        case_id=case.pk,
        actor=police_handler,
        held_on=MONDAY,
        mediation_type=reference("mediation_type", "police"),
        mediator="刘警官",
        parties_present="张三、李四",
        result="治安调解未果",
    )
    with pytest.raises(MoveNotAllowed):
        services.case_resolve(case_id=case.pk, actor=police_handler, outcome=reference("outcome", "mediated"), note="办结")
    assert fresh(case).status == "handling"


def test_same_named_department_of_another_center_has_no_relation(flow, other_town):
    foreign_handler = make_staff("department", department=DepartmentFactory(center=other_town, name="司法所"))
    case = flow.routed()

    assert access.relations_to(foreign_handler, case) == set()
    with pytest.raises(MoveNotAllowed):
        services.case_start(case_id=case.pk, actor=foreign_handler)


def test_county_supervisor_may_supervise_but_not_accept(flow, handler):
    county = make_staff("county")
    case = flow.register()

    with pytest.raises(MoveNotAllowed):
        services.case_accept(case_id=case.pk, actor=county, notice_date=MONDAY)
    services.case_supervise(case_id=case.pk, actor=county, text="县级督办")

    order = CaseOrder.objects.get(case=case)
    assert (order.kind, order.issued_by) == ("supervise", county)


# --- provisional deadlines in an uncovered year -------------------------------------------------------

ON_POSTGRES = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def test_deadline_in_an_uncovered_year_is_provisional_until_the_year_is_entered(flow, clock, live_sends, committing, town):
    on_time = flow.routed()  # routed 2026-09-28, fully inside 2026
    clock.today = date(2026, 12, 20)
    case = flow.routed(kind="dispute")  # 30 calendar days → 2027-01-19, a year chinesecalendar does not cover

    assert (case.due_date, case.due_provisional) == (date(2027, 1, 19), True)

    HolidayYear.objects.create(year=2027, note="国务院办公厅通知")
    HolidayOverride.objects.create(date=date(2027, 1, 19), is_workday=False, name="测试休息日")
    with committing():
        changed = recompute_provisional_deadlines()

    assert changed == 1
    case, on_time_after = fresh(case), fresh(on_time)
    assert (case.due_date, case.due_provisional) == (date(2027, 1, 20), False)
    assert case.version == 4  # register 1, accept 2, route 3, recompute 4
    event = CaseEvent.objects.get(case=case, action="recompute_deadline")
    assert (event.from_status, event.to_status) == ("routed", "routed")
    assert event.data == {"before": "2027-01-19", "after": "2027-01-20", "provisional": False}
    assert not CaseEvent.objects.filter(case=on_time, action="recompute_deadline").exists()
    assert on_time_after.version == on_time.version
    assert live_sends.calls == [(town.pk, "deadline")]


def test_recompute_without_the_new_year_changes_nothing(flow, clock):
    clock.today = date(2026, 12, 20)
    case = flow.routed(kind="dispute")

    assert recompute_provisional_deadlines() == 0
    assert fresh(case).due_provisional is True
    assert not CaseEvent.objects.filter(action="recompute_deadline").exists()


def test_a_partys_field_message_names_the_party_in_chinese(flow):
    with pytest.raises(ValidationError) as error:
        flow.register(parties=[party(), party("李四", id_number=BAD_CHECK_DIGIT_ID_NUMBER)])

    assert error.value.message_dict["party_2_id_number"] == ["当事人2：身份证号校验位不正确"]
