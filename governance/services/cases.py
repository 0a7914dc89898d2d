"""One service function per change of a case.

Each one runs in a transaction, locks the case row, asks the workflow table whether the move is
allowed, saves only the fields it changes, writes the audit row and schedules the live update
after commit. Admin views, the public form, imports and commands all come through here.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import access, live, workflow
from governance.calendar import load_work_calendar
from governance.models import (
    Case,
    CaseCodeCounter,
    CaseEvent,
    CaseKind,
    CaseOrder,
    DeadlineRule,
    DeadlineStage,
    DelayReport,
    Extension,
    FollowUp,
    MediationSession,
    Party,
    ReferenceKind,
    Suspension,
)
from governance.rules import identity
from governance.rules.deadlines import compute_deadline, is_within_working_days
from governance.services.notifications import center_users_with_perm, department_users, notify

MAX_EXTENSION_DAYS = 30
OBJECTION_WORKING_DAYS = 5
REVIEW_WINDOW_DAYS = 30
MAX_REVIEW_LEVEL = 2  # 复查 then 复核; after that the same matter is not accepted again


class StaleCase(Exception):
    """Someone else changed the case since the form was opened."""


@dataclass
class PartyData:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    role: str = Party.Role.APPLICANT


@dataclass
class Intake:
    kind: str
    source_id: int
    category_id: int
    summary: str
    received_on: date
    parties: list = field(default_factory=list)
    petition_kind_id: int | None = None
    tier_id: int | None = None
    risk_id: int | None = None
    place: str = ""
    people_count: int = 1
    is_private: bool = False
    workstation_id: int | None = None


# --- codes ------------------------------------------------------------------------------------


def format_case_code(center, year, sequence):
    return f"{center.short_name}综治〔{year}〕{sequence:04d}号"


def _take_sequence(center, year):
    """The next sequence number for the center and year, under a row lock on its counter."""
    CaseCodeCounter.objects.bulk_create([CaseCodeCounter(center=center, year=year)], ignore_conflicts=True)
    counter = CaseCodeCounter.objects.select_for_update().get(center=center, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


# --- validation -------------------------------------------------------------------------------


def clean_parties(parties):
    """Validate and normalise parties; raises ValidationError with one message per bad field."""
    errors = {}
    cleaned = []
    if not parties:
        raise ValidationError({"parties": _("At least one party is required.")})
    for index, party in enumerate(parties, start=1):
        name = (party.name or "").strip()
        if not name:
            errors[f"party_{index}_name"] = _("Party %(n)s: the name is required.") % {"n": index}
        id_number, phone = party.id_number.strip(), party.phone.strip()
        if id_number:
            try:
                id_number = identity.validate_id_number(id_number)
            except identity.IdentityError as exc:
                errors[f"party_{index}_id_number"] = f"{_('Party %(n)s') % {'n': index}}：{exc}"
        if phone:
            try:
                phone = identity.validate_phone(phone)
            except identity.IdentityError as exc:
                errors[f"party_{index}_phone"] = f"{_('Party %(n)s') % {'n': index}}：{exc}"
        cleaned.append(PartyData(name, id_number, phone, party.address.strip(), party.role))
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_reference(center, item_id, kind, label, required=True):
    from governance.models import ReferenceItem

    if item_id in (None, ""):
        if required:
            raise ValidationError({kind: _("%(field)s is required.") % {"field": label}})
        return None
    ok = (
        ReferenceItem.objects.filter(pk=item_id, kind=kind, is_active=True)
        .filter(center__isnull=True)
        .exists()
        or ReferenceItem.objects.filter(pk=item_id, kind=kind, is_active=True, center=center).exists()
    )
    if not ok:
        raise ValidationError({kind: _("%(field)s is not a valid choice.") % {"field": label}})
    return item_id


# --- deadlines --------------------------------------------------------------------------------


def find_rule(stage, case):
    """The most specific active rule for the stage that matches the case, or None."""
    candidates = DeadlineRule.objects.filter(stage=stage, is_active=True)
    best = None
    for rule in candidates:
        if rule.case_kind and rule.case_kind != case.kind:
            continue
        if rule.petition_kind_id and rule.petition_kind_id != case.petition_kind_id:
            continue
        if rule.tier_id and rule.tier_id != case.tier_id:
            continue
        if rule.center_id and rule.center_id != case.center_id:
            continue
        if rule.mediation_type_id:
            continue
        if best is None or rule.specificity > best.specificity:
            best = rule
    return best


def _pauses(case):
    """Suspensions as (first, last suspended day); a suspension is recorded with the day work
    resumed, which is not itself suspended. Suspended and resumed on the same day: no pause."""
    pauses = []
    for suspension in case.suspensions.all():
        if suspension.ended_on is None:
            pauses.append((suspension.started_on, None))
        elif suspension.ended_on > suspension.started_on:
            pauses.append((suspension.started_on, suspension.ended_on - timedelta(days=1)))
    return pauses


def recompute_due_date(case, calendar=None):
    """Set due_date/due_provisional from the rule, the start date, pauses and extensions."""
    calendar = calendar or load_work_calendar()
    if case.deadline_rule_id is None or case.routed_on is None:
        return
    rule = case.deadline_rule
    deadline = compute_deadline(case.routed_on, rule.amount, rule.unit, calendar, pauses=_pauses(case), today=_today())
    due, provisional = deadline.due, deadline.provisional
    if case.extension_days:
        extended = compute_deadline(due, case.extension_days, "calendar", calendar)
        due, provisional = extended.due, provisional or extended.provisional
    case.due_date, case.due_provisional = due, provisional
    case.warn_on = due - timedelta(days=case.yellow_days)


def _acceptance_due(case, calendar):
    rule = find_rule(DeadlineStage.ACCEPTANCE, case)
    if rule is None:
        return None, False
    deadline = compute_deadline(case.received_on, rule.amount, rule.unit, calendar)
    return deadline.due, deadline.provisional


# --- the common step ---------------------------------------------------------------------------


def _today():
    return timezone.localdate()


def _record(case, action, actor, from_status, reason="", data=None):
    return CaseEvent.objects.create(
        case=case, action=action, actor=actor, from_status=from_status, to_status=case.status, reason=reason, data=data or {}
    )


def _step(case_id, action, actor, *, target=workflow.SAME, reason="", expected_version=None, apply=None, data=None):
    """Lock, check the table, apply the change, bump the version, audit, broadcast after commit."""
    case = Case.objects.select_for_update().get(pk=case_id)
    if expected_version is not None and case.version != expected_version:
        raise StaleCase(_("Someone else changed this case after you opened the form. Your input is kept below; please check the case and submit again."))
    move = workflow.check_move(action, case.status, access.relations_to(actor, case), access.case_permissions(actor), target)
    from_status = case.status
    fields = set(apply(case) or ()) if apply else set()
    new_status = target if target is not workflow.SAME else move.targets[0]
    if new_status is not workflow.SAME:
        case.status = new_status
        fields.add("status")
    case.version += 1
    fields |= {"version", "updated_at"}
    case.save(update_fields=sorted(fields))
    _record(case, action, actor, from_status, reason, data)
    live.schedule_center_refresh(case.center_id, "case")
    return case


# --- registration ------------------------------------------------------------------------------


@transaction.atomic
def case_register(*, center, actor, intake, source_note=""):
    """Register a case (登记) and give it its code and query code."""
    if actor is not None and "register_case" not in access.case_permissions(actor):
        raise workflow.MoveNotAllowed(_("You do not have permission for this action."))
    if actor is not None and not access.relations_to(actor, Case(center=center), cooperating_ids=set()) & {workflow.CENTER}:
        raise workflow.MoveNotAllowed(_("You cannot register cases for this center."))
    parties = clean_parties(intake.parties)
    errors = {}
    if intake.kind not in CaseKind.values:
        errors["kind"] = _("Unknown case kind.")
    if not (intake.summary or "").strip():
        errors["summary"] = _("The summary is required.")
    if intake.people_count is None or intake.people_count < 1:
        errors["people_count"] = _("At least one person must be involved.")
    if intake.received_on is None or intake.received_on > _today():
        errors["received_on"] = _("The date received cannot be empty or in the future.")
    if errors:
        raise ValidationError(errors)
    _check_reference(center, intake.source_id, ReferenceKind.SOURCE, _("Source"))
    _check_reference(center, intake.category_id, ReferenceKind.CATEGORY, _("Category"))
    _check_reference(center, intake.petition_kind_id, ReferenceKind.PETITION_KIND, _("Petition kind"), required=intake.kind == CaseKind.PETITION)
    _check_reference(center, intake.tier_id, ReferenceKind.TIER, _("Complexity tier"), required=False)
    _check_reference(center, intake.risk_id, ReferenceKind.RISK, _("Risk grade"), required=False)
    if intake.workstation_id and not center.workstations.filter(pk=intake.workstation_id).exists():
        raise ValidationError({"workstation": _("The workstation does not belong to this center.")})

    year = intake.received_on.year
    sequence = _take_sequence(center, year)
    case = Case(
        center=center,
        year=year,
        sequence=sequence,
        code=format_case_code(center, year, sequence),
        kind=intake.kind,
        source_id=intake.source_id,
        category_id=intake.category_id,
        petition_kind_id=intake.petition_kind_id or None,
        tier_id=intake.tier_id or None,
        risk_id=intake.risk_id or None,
        summary=intake.summary.strip(),
        place=intake.place.strip(),
        people_count=intake.people_count,
        is_private=intake.is_private,
        workstation_id=intake.workstation_id or None,
        received_on=intake.received_on,
        registered_by=actor,
    )
    case.acceptance_due, _provisional = _acceptance_due(case, load_work_calendar())
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # a code imported by hand collided with the counter
        raise ValidationError({"code": _("Case code %(code)s already exists.") % {"code": case.code}}) from exc
    Party.objects.bulk_create(
        [Party(case=case, name=p.name, id_number=p.id_number, phone=p.phone, address=p.address, role=p.role) for p in parties]
    )
    _record(case, "register", actor, "", source_note)
    live.schedule_center_refresh(center.pk, "case")
    return case


# --- the workflow moves ------------------------------------------------------------------------


@transaction.atomic
def case_accept(case_id, actor, *, notice_date, reason="", expected_version=None):
    """Accept the case (受理) and record the written-notice date."""
    _require_date(notice_date, "notice_date")

    def apply(case):
        case.accepted_on, case.notice_date = _today(), notice_date
        return ["accepted_on", "notice_date"]

    return _step(case_id, "accept", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_reject(case_id, actor, *, reason, notice_date, expected_version=None):
    """Do not accept the case (不予受理), with the reason and the written-notice date."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required when a case is not accepted.")})
    _require_date(notice_date, "notice_date")

    def apply(case):
        case.reject_reason, case.notice_date = reason.strip(), notice_date
        return ["reject_reason", "notice_date"]

    return _step(case_id, "reject", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_route(case_id, actor, *, lead_department, cooperating=(), responsible_person="", reason="", expected_version=None):
    """Route (分流) to a lead department and cooperating ones; the handling deadline starts."""

    def apply(case):
        if lead_department is None or lead_department.center_id != case.center_id:
            raise ValidationError({"lead_department": _("Choose a lead department of this center.")})
        others = [d for d in cooperating if d.pk != lead_department.pk]
        if any(d.center_id != case.center_id for d in others):
            raise ValidationError({"cooperating": _("Cooperating departments must belong to this center.")})
        rule = find_rule(DeadlineStage.HANDLING, case)
        if rule is None:
            raise ValidationError({"lead_department": _("No deadline rule applies to this case; add one in the deadline rules.")})
        case.lead_department, case.responsible_person = lead_department, responsible_person.strip()
        case.routed_on, case.deadline_rule, case.yellow_days = _today(), rule, rule.yellow_days
        recompute_due_date(case)
        case.cooperating_departments.set(others)
        return ["lead_department", "responsible_person", "routed_on", "deadline_rule", "yellow_days", "due_date", "due_provisional", "warn_on"]

    case = _step(
        case_id,
        "route",
        actor,
        reason=reason,
        expected_version=expected_version,
        apply=apply,
        data={"lead_department": lead_department.name if lead_department else ""},
    )
    notify(
        department_users(case.lead_department_id),
        kind="route",
        title=_("New case routed to your department: %(code)s") % {"code": case.code},
        body=_("Deadline: %(due)s") % {"due": case.due_date},
        case=case,
    )
    return case


@transaction.atomic
def case_return(case_id, actor, *, reason, expected_version=None):
    """A lead department returns a misrouted case (退回) within 5 working days of routing."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the case does not belong to your department.")})

    def apply(case):
        if not is_within_working_days(case.routed_on, _today(), OBJECTION_WORKING_DAYS, load_work_calendar()):
            raise ValidationError({"reason": _("A misrouted case can only be returned within 5 working days of routing.")})
        case.lead_department, case.routed_on, case.due_date, case.deadline_rule = None, None, None, None
        case.warn_on = None
        case.cooperating_departments.clear()
        return ["lead_department", "routed_on", "due_date", "deadline_rule", "warn_on"]

    case = _step(case_id, "return", actor, reason=reason, expected_version=expected_version, apply=apply)
    notify(center_users_with_perm(case.center_id, "route_case"), kind="return", title=_("Case %(code)s was returned: %(reason)s") % {"code": case.code, "reason": reason}, case=case)
    return case


@transaction.atomic
def case_start(case_id, actor, *, expected_version=None):
    """The lead department signs for the case and starts handling (调处)."""
    return _step(case_id, "start", actor, expected_version=expected_version)


@transaction.atomic
def case_record_mediation(case_id, actor, *, held_on, mediation_type, mediator, parties_present, result, agreement_reached=False, agreement_text=""):
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
            case=case, held_on=held_on, mediation_type=mediation_type, mediator=mediator.strip(),
            parties_present=parties_present.strip(), result=result.strip(),
            agreement_reached=agreement_reached, agreement_text=agreement_text.strip(), recorded_by=actor,
        )

    return _step(case_id, "mediate", actor, reason=result, apply=apply, data={"held_on": held_on.isoformat(), "agreement": agreement_reached})


@transaction.atomic
def case_suspend(case_id, actor, *, reason, expected_version=None):
    """Suspend (中止): the deadline clock stops until the case resumes."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required.")})

    def apply(case):
        Suspension.objects.create(case=case, started_on=_today(), reason=reason.strip())

    return _step(case_id, "suspend", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_resume(case_id, actor, *, reason="", expected_version=None):
    """Resume handling; the deadline moves by the suspended time."""

    def apply(case):
        case.suspensions.filter(ended_on__isnull=True).update(ended_on=_today())
        recompute_due_date(case)
        return ["due_date", "due_provisional", "warn_on"]

    return _step(case_id, "resume", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_extend(case_id, actor, *, days, reason, party_told_on, expected_version=None):
    """Approve an extension (延期) of at most 30 days; the party must be told."""
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A reason is required.")})
    _require_date(party_told_on, "party_told_on")

    def apply(case):
        if days is None or days < 1 or case.extension_days + days > MAX_EXTENSION_DAYS:
            raise ValidationError({"days": _("An extension adds 1 to 30 days in all.")})
        if case.kind == CaseKind.PETITION and case.extensions.exists():
            raise ValidationError({"days": _("A petition may be extended only once.")})
        Extension.objects.create(case=case, days=days, reason=reason.strip(), approved_by=actor, party_told_on=party_told_on)
        case.extension_days += days
        recompute_due_date(case)
        return ["extension_days", "due_date", "due_provisional", "warn_on"]

    return _step(case_id, "extend", actor, reason=reason, expected_version=expected_version, apply=apply, data={"days": days})


@transaction.atomic
def case_file_delay_report(case_id, actor, *, text, party_told_on):
    """File the delay report (情况报告) a late department owes; the party must be told."""
    if not (text or "").strip():
        raise ValidationError({"text": _("The report cannot be empty.")})
    _require_date(party_told_on, "party_told_on")

    def apply(case):
        if case.due_date is None or case.due_date >= _today():
            raise ValidationError({"text": _("A delay report is filed only after the deadline has passed.")})
        report, _created = DelayReport.objects.get_or_create(
            case=case, due_date=case.due_date, defaults={"department_id": case.lead_department_id}
        )
        report.text, report.party_told_on = text.strip(), party_told_on
        report.filed_by, report.filed_at = actor, timezone.now()
        report.save(update_fields=["text", "party_told_on", "filed_by", "filed_at"])

    return _step(case_id, "delay_report", actor, reason=text, apply=apply)


@transaction.atomic
def case_resolve(case_id, actor, *, outcome, note, expected_version=None):
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
def case_feedback(case_id, actor, *, told_on, note="", expected_version=None):
    """The party is told the outcome (反馈)."""
    _require_date(told_on, "told_on")

    def apply(case):
        case.fed_back_on = told_on
        return ["fed_back_on"]

    return _step(case_id, "feedback", actor, reason=note, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_follow_up(case_id, actor, *, result, note="", expected_version=None):
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

    case = _step(case_id, "follow_up", actor, target=target, reason=note, expected_version=expected_version, apply=apply, data={"result": result})
    if reopen and case.lead_department_id:
        notify(
            department_users(case.lead_department_id),
            kind="reopen",
            title=_("Case %(code)s reopened after the follow-up visit") % {"code": case.code},
            body=note,
            case=case,
        )
    return case


@transaction.atomic
def case_request_review(case_id, actor, *, reason, applied_on, expected_version=None):
    """A petitioner asks for review (复查) or re-review (复核) within 30 days of the reply."""
    _require_date(applied_on, "applied_on")

    def apply(case):
        if case.kind != CaseKind.PETITION:
            raise ValidationError({"reason": _("Only petitions have review and re-review.")})
        if case.review_level >= MAX_REVIEW_LEVEL:
            raise ValidationError({"reason": _("After re-review the same matter is not accepted again.")})
        if case.fed_back_on is None or applied_on > case.fed_back_on + timedelta(days=REVIEW_WINDOW_DAYS):
            raise ValidationError({"applied_on": _("A review must be requested within 30 days of the reply.")})
        rule = find_rule(DeadlineStage.REVIEW, case)
        case.review_level += 1
        case.resolved_on, case.fed_back_on = None, None
        fields = ["review_level", "resolved_on", "fed_back_on"]
        if rule is not None:
            case.deadline_rule, case.routed_on, case.extension_days = rule, applied_on, 0
            case.yellow_days = rule.yellow_days
            recompute_due_date(case)
            fields += ["deadline_rule", "routed_on", "extension_days", "yellow_days", "due_date", "due_provisional", "warn_on"]
        return fields

    return _step(case_id, "request_review", actor, reason=reason, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_archive(case_id, actor, *, archive_number, retention_years, expected_version=None):
    """Archive (归档): read-only from now on."""
    if not (archive_number or "").strip():
        raise ValidationError({"archive_number": _("The archive number is required.")})
    if not retention_years or retention_years < 1:
        raise ValidationError({"retention_years": _("Give the retention period in years.")})

    def apply(case):
        case.archive_number, case.retention_years, case.archived_on = archive_number.strip(), retention_years, _today()
        return ["archive_number", "retention_years", "archived_on"]

    return _step(case_id, "archive", actor, expected_version=expected_version, apply=apply)


@transaction.atomic
def case_supervise(case_id, actor, *, text):
    """A supervision order (督办) on the case, to its lead department."""
    if not (text or "").strip():
        raise ValidationError({"text": _("The supervision order needs content.")})

    def apply(case):
        CaseOrder.objects.create(case=case, kind=CaseOrder.Kind.SUPERVISE, department_id=case.lead_department_id, text=text.strip(), due_date=case.due_date, issued_by=actor)

    case = _step(case_id, "supervise", actor, reason=text, apply=apply)
    recipients = department_users(case.lead_department_id) if case.lead_department_id else []
    recipients += center_users_with_perm(case.center_id, "route_case")
    notify(recipients, kind="supervise", title=_("Supervision order on case %(code)s") % {"code": case.code}, body=text, case=case)
    return case


@transaction.atomic
def case_urge(case_id, actor, *, text, level=CaseOrder.Level.MANUAL):
    """An urge (催办); the sweep calls this with level due_soon/overdue and no actor."""

    def apply(case):
        CaseOrder.objects.create(case=case, kind=CaseOrder.Kind.URGE, level=level, department_id=case.lead_department_id, text=text, due_date=case.due_date, issued_by=actor)
        if level == CaseOrder.Level.OVERDUE and case.lead_department_id:
            DelayReport.objects.get_or_create(case=case, due_date=case.due_date, defaults={"department_id": case.lead_department_id})

    case = _step(case_id, "urge", actor, reason=text, apply=apply, data={"level": level})
    recipients = department_users(case.lead_department_id) if case.lead_department_id else center_users_with_perm(case.center_id, "accept_case")
    notify(recipients, kind="urge", title=_("Urge: case %(code)s") % {"code": case.code}, body=text, case=case)
    return case


@transaction.atomic
def case_update_details(case_id, actor, *, expected_version, **changes):
    """Edit the registered details; refused when the case changed since the form was opened."""
    editable = {"summary", "place", "people_count", "is_private", "publishable", "category_id", "tier_id", "risk_id", "workstation_id", "responsible_person"}
    unknown = set(changes) - editable
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    case = Case.objects.select_for_update().get(pk=case_id)
    if case.version != expected_version:
        raise StaleCase(_("Someone else changed this case after you opened the form. Your input is kept below; please check the case and submit again."))
    if case.status == workflow.ARCHIVED:
        raise workflow.MoveNotAllowed(_("An archived case is read-only."))
    if not (access.relations_to(actor, case) & {workflow.CENTER}) or "change_case" not in access.case_permissions(actor):
        raise workflow.MoveNotAllowed(_("You do not have permission for this action."))
    _validate_details(case, changes)
    before = {name: getattr(case, name) for name in changes}
    for name, value in changes.items():
        setattr(case, name, value)
    case.version += 1
    case.save(update_fields=sorted(set(changes) | {"version", "updated_at"}))
    diff = {name: [str(before[name]), str(value)] for name, value in changes.items() if before[name] != value}
    _record(case, "edit", actor, case.status, data={"changed": sorted(diff)})
    live.schedule_center_refresh(case.center_id, "case")
    return case


def _validate_details(case, changes):
    """The same checks as at registration, for the fields being changed."""
    center = case.center
    if "category_id" in changes:
        _check_reference(center, changes["category_id"], ReferenceKind.CATEGORY, _("Category"))
    if "tier_id" in changes:
        _check_reference(center, changes["tier_id"], ReferenceKind.TIER, _("Complexity tier"), required=False)
    if "risk_id" in changes:
        _check_reference(center, changes["risk_id"], ReferenceKind.RISK, _("Risk grade"), required=False)
    if changes.get("workstation_id") and not center.workstations.filter(pk=changes["workstation_id"]).exists():
        raise ValidationError({"workstation": _("The workstation does not belong to this center.")})
    if "summary" in changes and not (changes["summary"] or "").strip():
        raise ValidationError({"summary": _("The summary is required.")})
    if "people_count" in changes and (changes["people_count"] is None or changes["people_count"] < 1):
        raise ValidationError({"people_count": _("At least one person must be involved.")})


def reveal_party(party, actor):
    """Show a party's full ID number and phone to an allowed user, and log that it was shown."""
    case = party.case
    if not access.may_reveal(actor, case):
        raise workflow.MoveNotAllowed(_("You do not have permission to see personal data."))
    CaseEvent.objects.create(case=case, action="reveal", actor=actor, from_status=case.status, to_status=case.status, data={"party": party.pk})
    return {"id_number": party.id_number, "phone": party.phone, "address": party.address}


def _require_date(value, name):
    if not isinstance(value, date):
        raise ValidationError({name: _("Enter a valid date.")})
    if value > _today():
        raise ValidationError({name: _("The date cannot be in the future.")})
