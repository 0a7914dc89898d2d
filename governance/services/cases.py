"""One service per move of a case, each through the engine (governance.flow.engine.perform): locked,
checked against the case table, saved, on the case's timeline, with notifications and the
after-commit effects. Registration, detail edits and reveals are in case_intake, deadlines in
case_deadlines; both are re-exported here, the module callers know."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import workflow
from governance.flow import engine
from governance.models import (
    CaseKind,
    DeadlineStage,
    DelayReport,
    Extension,
    FollowUp,
    MediationSession,
    ReferenceKind,
    Suspension,
)
from governance.services import clock
from governance.services.case_deadlines import (  # noqa: F401 (find_rule, recompute_due_date re-exported)
    HANDLING_FIELDS,
    assign_handling_rule,
    case_period,
    find_rule,
    max_extension_days,
    recompute_due_date,
)
from governance.services.case_intake import (  # noqa: F401 (re-exported)
    Intake,
    PartyData,
    case_register,
    case_update_details,
    clean_parties,
    format_case_code,
    reveal_party,
    take_sequences,
)
from governance.services.case_lifecycle import CASE
from governance.services.case_orders import case_supervise, case_urge, urge_message, urge_recipients  # noqa: F401 (re-exported)
from governance.services.notifications import Message, center_staff_with, department_users

MAX_REVIEW_LEVEL = 2  # 复查 then 复核; after that the same matter is not accepted again


def _today():
    return clock.today()


def _step(case_id, action, actor, **kwargs):
    return engine.perform(CASE, case_id, action, actor, **kwargs)


@transaction.atomic
def case_accept(*, case_id, actor, notice_date, reason="", expected_version=None):
    """Accept the case (受理) and record the written-notice date."""
    _require_date(notice_date, "notice_date")

    def apply(case):
        case.accepted_on, case.notice_date = _today(), notice_date
        # The handling period runs from acceptance (信访工作条例), routed or not.
        assign_handling_rule(case)
        return ["accepted_on", "notice_date", *HANDLING_FIELDS]

    return _step(case_id, "accept", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_reject(*, case_id, actor, reason, notice_date, expected_version=None):
    """Do not accept the case (不予受理), with the reason and the written-notice date."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required when a case is not accepted.")})
    _require_date(notice_date, "notice_date")

    def apply(case):
        case.reject_reason, case.notice_date = reason.strip(), notice_date
        return ["reject_reason", "notice_date"]

    return _step(case_id, "reject", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_route(*, case_id, actor, lead_department, cooperating=(), responsible_person="", reason="", expected_version=None):
    """Route (分流) to a lead department and cooperating ones; the handling deadline starts."""

    def apply(case):
        if lead_department is None or lead_department.center_id != case.center_id:
            raise ValidationError({"lead_department": _("Choose a lead department of this center.")})
        others = [d for d in cooperating if d.pk != lead_department.pk]
        if any(d.center_id != case.center_id for d in others):
            raise ValidationError({"cooperating": _("Cooperating departments must belong to this center.")})
        case.lead_department, case.responsible_person, case.routed_on = lead_department, responsible_person.strip(), _today()
        # Found again: the tier may have been set since acceptance. It counts from the event it names.
        if assign_handling_rule(case) is None:
            raise ValidationError({"lead_department": _("No deadline rule applies to this case; add one in the deadline rules.")})
        case.cooperating_departments.set(others)
        return ["lead_department", "responsible_person", "routed_on", *HANDLING_FIELDS]

    def tell(case):
        return [
            Message(
                department_users(case.lead_department_id),
                "route",
                _("New case routed to your department: %(code)s") % {"code": case.code},
                _("Deadline: %(due)s") % {"due": case.due_date},
                case,
            )
        ]

    data = {"lead_department": lead_department.name if lead_department else ""}
    return _step(case_id, "route", actor, reason=reason, expected_version=expected_version, apply=apply, data=data, notify=tell)


@transaction.atomic
def case_return(*, case_id, actor, reason, expected_version=None):
    """A lead department returns a misrouted case (退回) within 5 working days of routing."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the case does not belong to your department.")})

    def apply(case):
        window = case_period(DeadlineStage.OBJECTION, case)
        if window is None or _today() > window.due:
            raise ValidationError(
                {
                    "reason": _("A misrouted case can only be returned within 5 working days of routing (here until %(due)s).")
                    % {"due": window.due if window else "—"}
                }
            )
        case.lead_department, case.routed_on = None, None
        case.cooperating_departments.clear()
        # Back with the center: a deadline counted from acceptance runs on; one from routing stops.
        recompute_due_date(case)
        return ["lead_department", "routed_on", *HANDLING_FIELDS]

    def tell(case):
        title = _("Case %(code)s was returned: %(reason)s") % {"code": case.code, "reason": reason}
        return [Message(center_staff_with(case.center_id, "governance.route_case"), "return", title, case=case)]

    return _step(case_id, "return", actor, reason=reason, expected_version=expected_version, apply=apply, notify=tell)


@transaction.atomic
def case_start(*, case_id, actor, expected_version=None):
    """The lead department signs for the case and starts handling (调处)."""
    return _step(case_id, "start", actor, expected_version=expected_version)


@transaction.atomic
def case_record_mediation(*, case_id, actor, held_on, mediation_type, mediator, parties_present, result, agreement_reached=False, agreement_text=""):
    """Record a mediation session (调解) on a case in handling."""
    _require_date(held_on, "held_on")
    if mediation_type is None or mediation_type.kind != ReferenceKind.MEDIATION_TYPE:
        raise ValidationError({"mediation_type": _("Choose a mediation type.")})
    for name, value in (("mediator", mediator), ("parties_present", parties_present), ("result", result)):
        if not (value or "").strip():
            raise ValidationError({name: _("This field is required.")})
    if agreement_reached and not (agreement_text or "").strip():
        raise ValidationError({"agreement_text": _("Record the agreement when one was reached.")})

    def apply(case):
        MediationSession.objects.create(
            case=case,
            held_on=held_on,
            mediation_type=mediation_type,
            mediator=mediator.strip(),
            parties_present=parties_present.strip(),
            result=result.strip(),
            agreement_reached=agreement_reached,
            agreement_text=agreement_text.strip(),
            recorded_by=actor,
        )

    return _step(case_id, "mediate", actor, reason=result, apply=apply, data={"held_on": held_on.isoformat(), "agreement": agreement_reached})


@transaction.atomic
def case_suspend(*, case_id, actor, reason, expected_version=None):
    """Suspend (中止): the deadline clock stops until the case resumes."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required.")})

    def apply(case):
        Suspension.objects.create(case=case, started_on=_today(), reason=reason.strip())

    return _step(case_id, "suspend", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_resume(*, case_id, actor, reason="", expected_version=None):
    """Resume handling; the deadline moves by the suspended time."""

    def apply(case):
        case.suspensions.filter(ended_on__isnull=True).update(ended_on=_today())
        recompute_due_date(case)
        return ["due_date", "due_provisional", "warn_on"]

    return _step(case_id, "resume", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_extend(*, case_id, actor, days, reason, party_told_on, expected_version=None):
    """Approve an extension (延期) of at most 30 days; the party must be told."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required.")})
    _require_date(party_told_on, "party_told_on")

    def apply(case):
        longest = max_extension_days(case)
        if days is None or days < 1 or case.extension_days + days > longest:
            raise ValidationError({"days": _("An extension adds 1 to %(n)s days in all.") % {"n": longest}})
        if case.kind == CaseKind.PETITION and case.extensions.exists():
            raise ValidationError({"days": _("A petition may be extended only once.")})
        Extension.objects.create(case=case, days=days, reason=reason.strip(), approved_by=actor, party_told_on=party_told_on)
        case.extension_days += days
        recompute_due_date(case)
        return ["extension_days", "due_date", "due_provisional", "warn_on"]

    return _step(case_id, "extend", actor, reason=reason, expected_version=expected_version, apply=apply, data={"days": days})


@transaction.atomic
def case_file_delay_report(*, case_id, actor, text, party_told_on):
    """File the delay report (情况报告) a late department owes; the party must be told."""
    if not (text or "").strip():
        raise ValidationError({"text": _("The report cannot be empty.")})
    _require_date(party_told_on, "party_told_on")

    def apply(case):
        if case.due_date is None or case.due_date >= _today():
            raise ValidationError({"text": _("A delay report is filed only after the deadline has passed.")})
        report, _created = DelayReport.objects.get_or_create(case=case, due_date=case.due_date, defaults={"department_id": case.lead_department_id})
        report.text, report.party_told_on = text.strip(), party_told_on
        report.filed_by, report.filed_at = actor, timezone.now()
        report.save(update_fields=["text", "party_told_on", "filed_by", "filed_at"])

    return _step(case_id, "delay_report", actor, reason=text, apply=apply)


@transaction.atomic
def case_resolve(*, case_id, actor, outcome, note, expected_version=None):
    """Resolve (办结) with an outcome."""
    if outcome is None or outcome.kind != ReferenceKind.OUTCOME:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if not (note or "").strip():
        raise ValidationError({"note": _("Describe the handling result.")})

    def apply(case):
        case.outcome, case.outcome_note, case.resolved_on = outcome, note.strip(), _today()
        return ["outcome", "outcome_note", "resolved_on"]

    return _step(case_id, "resolve", actor, reason=note, expected_version=expected_version, apply=apply, data={"outcome": outcome.name})


@transaction.atomic
def case_feedback(*, case_id, actor, told_on, note="", expected_version=None):
    """The party is told the outcome (反馈)."""
    _require_date(told_on, "told_on")

    def apply(case):
        case.fed_back_on = told_on
        return ["fed_back_on"]

    return _step(case_id, "feedback", actor, reason=note, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_follow_up(*, case_id, actor, result, note="", expected_version=None):
    """Follow-up visit (回访); partly or not resolved reopens handling and tells the department."""
    if result not in FollowUp.Result.values:
        raise ValidationError({"result": _("Choose the follow-up result.")})
    reopen = result != FollowUp.Result.SATISFIED
    target = workflow.HANDLING if reopen else workflow.VISITED

    def apply(case):
        FollowUp.objects.create(case=case, visited_on=_today(), result=result, note=note.strip(), visited_by=actor)
        if reopen:
            case.resolved_on, case.fed_back_on = None, None
            return ["resolved_on", "fed_back_on"]

    def tell(case):
        if not (reopen and case.lead_department_id):
            return []
        title = _("Case %(code)s reopened after the follow-up visit") % {"code": case.code}
        return [Message(department_users(case.lead_department_id), "reopen", title, note, case)]

    return _step(
        case_id, "follow_up", actor, target=target, reason=note, expected_version=expected_version, apply=apply, data={"result": result}, notify=tell
    )


@transaction.atomic
def case_request_review(*, case_id, actor, reason, applied_on, expected_version=None):
    """A petitioner asks for review (复查) or re-review (复核) within 30 days of the reply."""
    _require_date(applied_on, "applied_on")

    def apply(case):
        if case.kind != CaseKind.PETITION:
            raise ValidationError({"reason": _("Only petitions have review and re-review.")})
        if case.review_level >= MAX_REVIEW_LEVEL:
            raise ValidationError({"reason": _("After re-review the same matter is not accepted again.")})
        window = case_period(DeadlineStage.REVIEW_REQUEST, case)
        if window is None or applied_on > window.due:
            last = _(" (here until %(due)s)") % {"due": window.due} if window else ""
            raise ValidationError({"applied_on": _("A review must be requested within 30 days of the reply.") + last})
        if applied_on < case.fed_back_on:
            raise ValidationError({"applied_on": _("A review cannot be applied for before the reply.")})
        case.review_level += 1
        case.resolved_on, case.fed_back_on, case.review_requested_on, case.extension_days = None, None, applied_on, 0
        fields = ["review_level", "resolved_on", "fed_back_on", "review_requested_on", "extension_days"]
        # The answer is due by the review rule, counted (by default) from the application.
        if find_rule(DeadlineStage.REVIEW, case) is not None:
            assign_handling_rule(case, DeadlineStage.REVIEW)
            fields += HANDLING_FIELDS
        return fields

    return _step(case_id, "request_review", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_archive(*, case_id, actor, archive_number, retention_years, expected_version=None):
    """Archive (归档): read-only from now on."""
    if not (archive_number or "").strip():
        raise ValidationError({"archive_number": _("The archive number is required.")})
    if not retention_years or retention_years < 1:
        raise ValidationError({"retention_years": _("Give the retention period in years.")})

    def apply(case):
        case.archive_number, case.retention_years, case.archived_on = archive_number.strip(), retention_years, _today()
        return ["archive_number", "retention_years", "archived_on"]

    return _step(case_id, "archive", actor, expected_version=expected_version, apply=apply)


def _require_date(value, name):
    if not isinstance(value, date):
        raise ValidationError({name: _("Enter a valid date.")})
    if value > _today():
        raise ValidationError({name: _("The date cannot be in the future.")})
