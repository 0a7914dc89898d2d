"""Rectification notices (整改通知书): one service per change of a notice.

draft → issued → receipt returned (回执) → rectification reported (with evidence) → re-inspected and
closed; a failed re-inspection sends it back to rectification; past its deadline the notice turns
overdue and, after the configured days, is escalated to the director and the county.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import StaleEdit
from governance.institutions.models import NoticeCounter, NoticeEvidence, RectificationNotice, settings_for
from governance.institutions.rules import flows
from governance.institutions.services import common
from governance.models import Case, CaseKind, Department
from governance.rules.deadlines import escalation_day, overdue_from
from governance.services import audit, notifications
from governance.services.notifications import Message

SUBJECT = "notice"
FLOW = flows.NOTICE_FLOW


@dataclass
class NoticeData:
    recipient_id: int
    problem: str
    place: str
    basis: str
    measures: str
    responsible_person: str
    funds: str
    deadline: date
    contingency_plan: str
    case_id: int | None = None
    issuer_name: str = ""


EDITABLE = (
    "recipient_id",
    "problem",
    "place",
    "basis",
    "measures",
    "responsible_person",
    "funds",
    "deadline",
    "contingency_plan",
    "case_id",
    "issuer_name",
)


def format_notice_number(center, year, sequence):
    return f"{center.short_name}综治整改〔{year}〕{sequence}号"


def _relations(actor, notice):
    return common.relations_to(actor, notice.center_id, notice.recipient_id)


NOTICE = Lifecycle(
    model=RectificationNotice,
    flow=FLOW,
    relations=_relations,
    subject=SUBJECT,
    live_reason=common.LIVE_REASON,
    watched=("status", "number", *(name.removesuffix("_id") for name in EDITABLE), "receipt_on", "rectified_on", "reinspected_on"),
)


def _clean(center, data):
    errors = {}
    for name in ("problem", "place", "basis", "measures", "responsible_person", "funds", "contingency_plan"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if not Department.objects.filter(pk=data.recipient_id, center=center, is_active=True).exists():
        errors["recipient"] = _("Choose a department of this center.")
    if not isinstance(data.deadline, date):
        errors["deadline"] = _("Enter a valid date.")
    elif data.deadline < common.today():
        errors["deadline"] = _("The deadline cannot be in the past.")
    if data.case_id and not Case.objects.filter(pk=data.case_id, center=center, kind=CaseKind.HAZARD).exists():
        errors["case"] = _("Link a hazard case of this center, or none.")
    if errors:
        raise ValidationError(errors)


def _to_recipient(notice, kind, title, body=""):
    return Message(notifications.department_users(notice.recipient_id), kind, title, body, notice.case, notice.center_id)


def _to_center(notice, kind, title, body=""):
    return Message(notifications.center_staff_with(notice.center_id, flows.ISSUE_NOTICE), kind, title, body, notice.case, notice.center_id)


# --- drafting ------------------------------------------------------------------------------------


@transaction.atomic
def notice_create(*, center, actor, data):
    """Draft a notice (not yet numbered or sent)."""
    common.require_center_staff(actor, center.pk, "institutions.add_rectificationnotice")
    _clean(center, data)
    notice = RectificationNotice.objects.create(
        center=center,
        recipient_id=data.recipient_id,
        case_id=data.case_id or None,
        problem=data.problem.strip(),
        place=data.place.strip(),
        basis=data.basis.strip(),
        measures=data.measures.strip(),
        responsible_person=data.responsible_person.strip(),
        funds=data.funds.strip(),
        deadline=data.deadline,
        contingency_plan=data.contingency_plan.strip(),
        issuer_name=(data.issuer_name or "").strip(),
        created_by=actor,
    )
    engine.note(NOTICE, notice, "create", actor, from_status="")
    return notice


@transaction.atomic
def notice_update_draft(*, pk, actor, data, expected_version):
    """Edit a draft; issued notices are not edited (their text went out on paper)."""
    notice = RectificationNotice.objects.select_for_update().select_related("center").get(pk=pk)
    if notice.version != expected_version:
        raise StaleEdit(FLOW.message("stale"))
    if notice.status != flows.DRAFT:
        raise flows.MoveNotAllowed(_("Only a draft can be edited."))
    common.require_center_staff(actor, notice.center_id, "institutions.change_rectificationnotice")
    _clean(notice.center, data)
    values = {}
    for name in EDITABLE:
        value = getattr(data, name)
        values[name] = value.strip() if isinstance(value, str) else (value or None) if name == "case_id" else value
    changed = audit.changes_of(notice, values)  # {field: [old, new]}, personal fields masked
    for name in changed:
        setattr(notice, name, values[name])
    notice.version += 1
    notice.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    engine.note(NOTICE, notice, "edit", actor, data={"changed": changed})
    return notice


# --- the lifecycle ---------------------------------------------------------------------------------


def _take_sequence(center_id, year):
    NoticeCounter.objects.bulk_create([NoticeCounter(center_id=center_id, year=year)], ignore_conflicts=True)
    counter = NoticeCounter.objects.select_for_update().get(center_id=center_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


@transaction.atomic
def notice_issue(*, pk, actor, expected_version=None):
    """Issue (下达): the notice gets its number for the year and goes to the recipient department."""

    def apply(notice):
        issued_on = common.today()
        if notice.deadline < issued_on:
            raise ValidationError({"deadline": _("The deadline has passed; edit the draft first.")})
        notice.year, notice.issued_on = issued_on.year, issued_on
        notice.sequence = _take_sequence(notice.center_id, notice.year)
        notice.number = format_notice_number(notice.center, notice.year, notice.sequence)
        notice.issuer = actor
        if not notice.issuer_name and actor is not None:
            notice.issuer_name = actor.get_full_name() or actor.get_username()
        return ["year", "sequence", "number", "issued_on", "issuer", "issuer_name"]

    def tell(notice):
        title = _("Rectification notice %(number)s: rectify by %(deadline)s") % {"number": notice.number, "deadline": notice.deadline}
        return [_to_recipient(notice, "notice", title, notice.problem)]

    return engine.perform(NOTICE, pk, "issue", actor, apply=apply, expected_version=expected_version, notify=tell)


@transaction.atomic
def notice_cancel(*, pk, actor, reason):
    """Withdraw a draft that will not be issued."""
    reason = common.required_text(reason, "reason", _("Say why the draft is withdrawn."))
    return engine.perform(NOTICE, pk, "cancel", actor, reason=reason)


@transaction.atomic
def notice_return_receipt(*, pk, actor, received_on, signer, note=""):
    """The recipient returns the receipt (回执): who signed, when, and the measures it plans."""
    common.require_past_or_today(received_on, "received_on")
    signer = common.required_text(signer, "signer")

    def apply(notice):
        if notice.receipt_on is not None:
            raise ValidationError({"received_on": _("The receipt has already been recorded.")})
        if received_on < notice.issued_on:
            raise ValidationError({"received_on": _("The receipt cannot be dated before the notice was issued.")})
        notice.receipt_on, notice.receipt_signer, notice.receipt_note = received_on, signer, (note or "").strip()
        return ["receipt_on", "receipt_signer", "receipt_note"]

    notice = engine.perform(NOTICE, pk, "receipt", actor, apply=apply, data={"received_on": received_on.isoformat(), "signer": signer})
    return notice


@transaction.atomic
def notice_report_rectified(*, pk, actor, rectified_on, note, evidence=()):
    """The recipient reports the problem fixed, with evidence (photos, documents): at least one file."""
    common.require_past_or_today(rectified_on, "rectified_on")
    note = common.required_text(note, "note", _("Describe what was done."))

    def apply(notice):
        if notice.receipt_on is None:
            raise ValidationError({"note": _("Record the receipt (回执) first.")})
        if rectified_on < notice.issued_on:
            raise ValidationError({"rectified_on": _("The rectification cannot be dated before the notice was issued.")})
        for upload, description in evidence:
            NoticeEvidence.objects.create(notice=notice, file=upload, description=(description or "").strip(), uploaded_by=actor)
        if not notice.evidence.exists():
            raise ValidationError({"evidence": _("Attach at least one photo or document as evidence.")})
        notice.rectified_on, notice.rectification_note = rectified_on, note
        return ["rectified_on", "rectification_note"]

    def tell(notice):
        return [_to_center(notice, "notice", _("Rectification reported on notice %(number)s: re-inspect it") % {"number": notice.number}, note)]

    data = {"rectified_on": rectified_on.isoformat(), "files": len(evidence)}
    notice = engine.perform(NOTICE, pk, "rectified", actor, apply=apply, reason=note, data=data, notify=tell)
    return notice


@transaction.atomic
def notice_reinspect(*, pk, actor, passed, note, reinspected_on=None):
    """Re-inspect (复查): passed closes the notice; not passed sends it back to rectification."""
    reinspected_on = reinspected_on or common.today()
    common.require_past_or_today(reinspected_on, "reinspected_on")
    note = common.required_text(note, "note", _("Record the re-inspection opinion."))

    def apply(notice):
        notice.reinspected_on, notice.reinspection_note, notice.reinspected_by = reinspected_on, note, actor
        fields = ["reinspected_on", "reinspection_note", "reinspected_by"]
        if not passed:
            notice.rectified_on = None
            fields.append("rectified_on")
        return fields

    action = "reinspect_pass" if passed else "reinspect_fail"

    def tell(notice):
        if passed:
            return []
        return [_to_recipient(notice, "notice", _("Notice %(number)s: the re-inspection did not pass") % {"number": notice.number}, note)]

    notice = engine.perform(NOTICE, pk, action, actor, apply=apply, reason=note, notify=tell)
    return notice


@transaction.atomic
def notice_mark_overdue(*, pk, actor=None):
    """The deadline passed without a reported rectification (the sweep does this in batch)."""

    def apply(notice):
        if notice.deadline >= common.today():
            raise ValidationError({"deadline": _("The deadline has not passed yet.")})
        notice.overdue_on = overdue_from(notice.deadline)
        return ["overdue_on"]

    return engine.perform(NOTICE, pk, "overdue", actor, apply=apply, notify=overdue_messages)


def overdue_messages(notice):
    """The recipient is urged and the center told when a notice turns overdue."""
    title = _("Notice %(number)s is overdue (deadline %(deadline)s)") % {"number": notice.number, "deadline": notice.deadline}
    return [_to_recipient(notice, "urge", title), _to_center(notice, "notice", title)]


@transaction.atomic
def notice_escalate(*, pk, actor=None, reason=""):
    """Escalate an overdue notice (升级督办) to the center director and the county supervisors."""

    def apply(notice):
        notice.escalated_on = common.today()
        return ["escalated_on"]

    return engine.perform(NOTICE, pk, "escalate", actor, apply=apply, reason=reason, notify=lambda notice: escalation_messages(notice, reason))


def escalation_messages(notice, reason):
    title = _("Escalated: notice %(number)s to %(department)s is overdue since %(since)s") % {
        "number": notice.number,
        "department": notice.recipient.name,
        "since": notice.overdue_on,
    }
    recipients = notifications.center_directors(notice.center_id) + notifications.county_users() + notifications.department_users(notice.recipient_id)
    return [Message(recipients, "supervise", title, reason or notice.problem, notice.case, notice.center_id)]


@transaction.atomic
def notice_urge(*, pk, actor, text, level="manual"):
    """Urge (催办) the recipient; the sweep urges once when the deadline comes near."""
    text = common.required_text(text, "text", _("Write what the recipient should do."))
    return engine.perform(NOTICE, pk, "urge", actor, reason=text, data={"level": level}, notify=lambda notice: urge_messages(notice, text))


def urge_messages(notice, text):
    return [_to_recipient(notice, "urge", _("Urge: rectification notice %(number)s") % {"number": notice.number}, text)]


def escalation_due(notice, today, calendar=None):
    """Whether the sweep should escalate this overdue notice today: the configured days after it
    turned overdue, on a working day (governance.rules.deadlines.escalation_day)."""
    days = settings_for(notice.center_id).notice_escalate_after_days
    if notice.status != flows.OVERDUE or notice.overdue_on is None:
        return False
    return today >= escalation_day(notice.overdue_on, days, calendar or load_work_calendar())
