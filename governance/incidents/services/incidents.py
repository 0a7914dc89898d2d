"""Incidents (群体性事件 and early signs): opening (from an urgent screening report, a group case or
by hand; the county and the center's directors are told at once), detail edits, the log kept while
handling, stabilising and reporting (边处理、边稳控、边报告: each entry is a side move of the engine,
so it is on the timeline too), control, closing with a closing report, cancellation, and the people
involved (ID numbers and phones checked, encrypted, masked; revealed to an allowed user, logged)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.incidents import flows
from governance.incidents.models import Incident, IncidentLogEntry, IncidentPerson
from governance.incidents.services import common
from governance.institutions.models import ScreeningReport, settings_for
from governance.models import OPEN_STATUSES, Case
from governance.rules import identity
from governance.services import audit, notifications
from governance.services.notifications import Message

FLOW = flows.INCIDENT_FLOW
REVEAL_PERMISSION = "incidents.reveal_incident_people"
EDITABLE = ("kind", "title", "summary", "estimated_people", "lead_official", "lead_department_id")


def _relations(actor, incident):
    return common.relations_to(actor, incident.center_id)


INCIDENT = Lifecycle(
    model=Incident,
    flow=FLOW,
    relations=_relations,
    subject="incident",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "kind", "title", "summary", "estimated_people", "lead_official", "lead_department", "closing_report"),
)


@dataclass
class IncidentData:
    kind: str
    title: str
    summary: str
    opened_at: datetime
    estimated_people: int
    lead_official: str
    lead_department_id: int | None = None
    village_ids: list = field(default_factory=list)
    source: str = Incident.Source.MANUAL
    report_id: int | None = None
    case_id: int | None = None


@dataclass
class PersonData:
    name: str
    role: str = IncidentPerson.Role.PARTICIPANT
    id_number: str = ""
    phone: str = ""
    note: str = ""


def _taken(queryset):
    """Sources already behind an incident that was not cancelled."""
    return queryset.filter(incidents__isnull=False).exclude(incidents__status=flows.CANCELLED)


def urgent_reports_for(center):
    """The center's urgent screening reports not yet opened as an incident, newest first."""
    reports = ScreeningReport.objects.filter(center=center, kind=ScreeningReport.Kind.URGENT)
    return reports.exclude(pk__in=_taken(reports).values("pk")).select_related("workstation").order_by("-filed_at", "-pk")


def group_cases_for(center):
    """The center's open group cases (at least its group size of people) not yet opened as an incident."""
    cases = Case.objects.filter(center=center, status__in=OPEN_STATUSES, people_count__gte=settings_for(center.pk).group_size)
    return cases.exclude(pk__in=_taken(cases).values("pk")).order_by("-received_on", "-pk")


def _clean_details(center, data, errors):
    if data.kind not in Incident.Kind.values:
        errors["kind"] = _("Choose the kind of incident.")
    for name in ("title", "summary", "lead_official"):
        if not (getattr(data, name) or "").strip():
            errors[name] = _("This field is required.")
    if not data.estimated_people or data.estimated_people < 1:
        errors["estimated_people"] = _("At least one person must be involved.")
    if data.lead_department_id and not center.departments.filter(pk=data.lead_department_id).exists():
        errors["lead_department"] = _("Choose departments of this center.")


def _clean_source(center, data, errors):
    report = case = None
    if data.source == Incident.Source.REPORT:
        report = urgent_reports_for(center).filter(pk=data.report_id).first()
        if report is None:
            errors["report"] = _("Choose an urgent report of this center that has no incident yet.")
    elif data.source == Incident.Source.CASE:
        case = group_cases_for(center).filter(pk=data.case_id).first()
        if case is None:
            errors["case"] = _("Choose an open group case of this center that has no incident yet.")
    elif data.source != Incident.Source.MANUAL:
        errors["source"] = _("Choose where the incident comes from.")
    return report, case


@transaction.atomic
def incident_open(*, center, actor, data):
    """Open an incident; the county's users and the center's directors are told at once."""
    common.require_center_staff(actor, center.pk, "incidents.add_incident")
    errors = {}
    _clean_details(center, data, errors)
    report, case = _clean_source(center, data, errors)
    if not isinstance(data.opened_at, datetime):
        errors["opened_at"] = _("Enter a valid date and time.")
    elif data.opened_at > common.now():
        errors["opened_at"] = _("The time cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    villages = common.check_villages(center, data.village_ids)
    if report is not None and not villages:
        villages = [report.workstation_id]
    if case is not None and not villages and case.workstation_id:
        villages = [case.workstation_id]
    incident = Incident.objects.create(
        center=center,
        kind=data.kind,
        title=data.title.strip(),
        summary=data.summary.strip(),
        opened_at=data.opened_at,
        source=data.source,
        screening_report=report,
        case=case,
        estimated_people=data.estimated_people,
        lead_official=data.lead_official.strip(),
        lead_department_id=data.lead_department_id or None,
        created_by=actor,
    )
    incident.villages.set(villages)
    source = {"report": report.pk if report else None, "case": case.code if case else None}
    engine.note(INCIDENT, incident, "create", actor, from_status="", data={"source": data.source, **source}, notify=_opening_messages)
    return incident


def _opening_messages(incident):
    """The county is told at opening (SMS too: an urgent kind), and so are the center's directors."""
    recipients = notifications.county_users() + notifications.center_directors(incident.center_id)
    title = _("%(kind)s in %(center)s: %(title)s") % {"kind": incident.get_kind_display(), "center": incident.center.name, "title": incident.title}
    body = _("About %(n)s people. Lead official: %(lead)s. Opened at %(time)s.") % {
        "n": incident.estimated_people,
        "lead": incident.lead_official,
        "time": f"{timezone.localtime(incident.opened_at):%Y-%m-%d %H:%M}",
    }
    return [Message(recipients, "urgent_report", title, body, incident.case, incident.center_id)]


@transaction.atomic
def incident_update(*, pk, actor, data, expected_version):
    """Edit the details of an incident still being handled (not its source or opening time)."""
    incident = Incident.objects.select_for_update().select_related("center").get(pk=pk)
    if incident.version != expected_version:
        raise StaleEdit(FLOW.message("stale"))
    common.require_center_staff(actor, incident.center_id, "incidents.change_incident")
    if incident.status not in flows.ACTIVE_STATES:
        raise MoveNotAllowed(_("A closed or cancelled incident is read-only."))
    errors = {}
    _clean_details(incident.center, data, errors)
    if errors:
        raise ValidationError(errors)
    villages = common.check_villages(incident.center, data.village_ids)
    values = {name: (getattr(data, name).strip() if isinstance(getattr(data, name), str) else getattr(data, name)) for name in EDITABLE}
    values["lead_department_id"] = values["lead_department_id"] or None
    changed = audit.changes_of(incident, values)
    for name in changed:
        setattr(incident, name, values[name])
    incident.version += 1
    incident.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    incident.villages.set(villages)
    engine.note(INCIDENT, incident, "edit", actor, data={"changed": changed})
    return incident


def log_add(*, pk, actor, kind, occurred_at, content, department_ids=(), people="", reported_to=""):
    """Add a log entry (action, deployment or report upward) through the engine's side move."""
    action = {v: k for k, v in flows.LOG_MOVES.items()}.get(kind)
    if action is None:
        raise ValidationError({"kind": _("Choose the kind of entry.")})
    content, people, reported_to = (content or "").strip(), (people or "").strip(), (reported_to or "").strip()
    errors = {}
    if not content:
        errors["content"] = _("Describe what was done.")
    if not isinstance(occurred_at, datetime):
        errors["occurred_at"] = _("Enter a valid date and time.")
    elif occurred_at > common.now():
        errors["occurred_at"] = _("The time cannot be in the future.")
    if kind == IncidentLogEntry.Kind.DEPLOY and not (department_ids or people):
        errors["departments"] = _("Name the departments or people deployed.")
    if kind == IncidentLogEntry.Kind.REPORT and not reported_to:
        errors["reported_to"] = _("Say to whom it was reported.")
    if errors:
        raise ValidationError(errors)
    made = {}

    def apply(incident):
        if occurred_at < incident.opened_at.replace(second=0, microsecond=0):
            raise ValidationError({"occurred_at": _("The time cannot be before the incident was opened.")})
        departments = common.check_departments(incident.center, department_ids, "departments")
        entry = IncidentLogEntry.objects.create(
            incident=incident, kind=kind, occurred_at=occurred_at, content=content, people=people, reported_to=reported_to, recorded_by=actor
        )
        entry.departments.set(departments)
        made["entry"] = entry
        return []

    data = {"kind": kind, "at": occurred_at.isoformat(), **({"to": reported_to} if reported_to else {})}
    engine.perform(INCIDENT, pk, action, actor, apply=apply, reason=content, data=data)
    return made["entry"]


def incident_move(*, pk, action, actor, reason="", expected_version=None):
    """Control, control lost again, cancel (flows.INCIDENT_FLOW), with the reason they need."""
    reason = (reason or "").strip()
    found = FLOW.moves.get(action)
    if action == "close" or action in flows.LOG_MOVES or action in flows.FORM_MOVES:
        raise MoveNotAllowed(_("Unknown action."))
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return engine.perform(INCIDENT, pk, action, actor, reason=reason, expected_version=expected_version)


def incident_close(*, pk, actor, closing_report, expected_version=None):
    """Close with the closing report (its PDF is printed from the incident's page)."""
    text = (closing_report or "").strip()
    if not text:
        raise ValidationError({"closing_report": _("Write the closing report.")})

    def apply(incident):
        incident.closing_report, incident.closed_at = text, common.now()
        return ["closing_report", "closed_at"]

    return engine.perform(INCIDENT, pk, "close", actor, apply=apply, expected_version=expected_version)


# --- the people involved ---------------------------------------------------------------------------


def clean_person(data):
    errors = {}
    name = (data.name or "").strip()
    if not name:
        errors["name"] = _("The name is required.")
    id_number, phone = (data.id_number or "").strip(), (data.phone or "").strip()
    if id_number:
        try:
            id_number = identity.validate_id_number(id_number, today=common.today())
        except identity.IdentityError as exc:
            errors["id_number"] = str(exc)
    if phone:
        try:
            phone = identity.validate_phone(phone)
        except identity.IdentityError as exc:
            errors["phone"] = str(exc)
    if data.role not in IncidentPerson.Role.values:
        errors["role"] = _("Choose a role.")
    if errors:
        raise ValidationError(errors)
    return PersonData(name, data.role, id_number, phone, (data.note or "").strip())


def person_add(*, incident, actor, data):
    """Record a person involved (a side move: on the timeline with the name masked)."""
    cleaned = clean_person(data)
    made = {}

    def apply(record):
        made["person"] = IncidentPerson.objects.create(
            incident=record, name=cleaned.name, role=cleaned.role, id_number=cleaned.id_number, phone=cleaned.phone, note=cleaned.note
        )
        return []

    engine.perform(INCIDENT, incident.pk, "person_add", actor, apply=apply, data={"name": identity.mask_name(cleaned.name)})
    return made["person"]


def may_reveal(user, incident):
    return bool(common.relations_to(user, incident.center_id)) and user.has_perm(REVEAL_PERMISSION)


def person_reveal(*, person, actor):
    """A person's full ID number and phone, for an allowed user; the reveal is on the incident's timeline."""
    incident = person.incident
    if not may_reveal(actor, incident):
        raise MoveNotAllowed(_("You do not have permission to see personal data."))
    engine.note(INCIDENT, incident, "reveal", actor, data={"person": person.pk}, changed=False)
    return {"id_number": person.id_number, "phone": person.phone}


def masked(person):
    return {"id_number": identity.mask_id_number(person.id_number), "phone": identity.mask_phone(person.phone)}
