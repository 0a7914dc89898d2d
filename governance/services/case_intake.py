"""A case comes in: its code (一案一码), the check of what was registered, registration itself, later
edits of the registered details and the logged reveal of a party's personal data. Each writes its
entry on the case's timeline through the engine (governance.flow.engine)."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from governance import access, workflow
from governance.calendar import load_work_calendar
from governance.flow import engine
from governance.models import Case, CaseCodeCounter, CaseKind, Party, ReferenceKind
from governance.rules import identity
from governance.services import audit, clock, notifications
from governance.services.case_deadlines import recompute_acceptance_due
from governance.services.case_lifecycle import CASE


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


def take_sequences(center, year, count=1):
    """`count` consecutive sequence numbers for the center and year, under a row lock on its
    counter (two clerks at once get distinct codes); returns the first."""
    CaseCodeCounter.objects.bulk_create([CaseCodeCounter(center=center, year=year)], ignore_conflicts=True)
    counter = CaseCodeCounter.objects.select_for_update().get(center=center, year=year)
    first = counter.last + 1
    counter.last += count
    counter.save(update_fields=["last"])
    return first


def hold_counter(center, year, past=0):
    """Lock the center's counter for `year` (made if missing) and move it up to `past` when it is
    below: a ledger import holds its years' counters while it checks the file, and moves them past
    the numbers its cases keep from their own codes, so take_sequences continues after those."""
    CaseCodeCounter.objects.bulk_create([CaseCodeCounter(center=center, year=year)], ignore_conflicts=True)
    counter = CaseCodeCounter.objects.select_for_update().get(center=center, year=year)
    if counter.last < past:
        counter.last = past
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
        ReferenceItem.objects.filter(pk=item_id, kind=kind, is_active=True).filter(center__isnull=True).exists()
        or ReferenceItem.objects.filter(pk=item_id, kind=kind, is_active=True, center=center).exists()
    )
    if not ok:
        raise ValidationError({kind: _("%(field)s is not a valid choice.") % {"field": label}})
    return item_id


@transaction.atomic
def case_register(*, center, actor, intake, source_note="", earlier_case_ids=(), notify_center=True):
    """Register a case (登记) and give it its code and query code.

    `earlier_case_ids`: earlier cases of the same person (governance.selectors.repeat), linked to
    the new one (Case.earlier_cases); they must be the center's own. The center's staff are told of
    the new case as its settings say (new_case_messages), unless the caller sends its own notice
    (`notify_center=False`: an urgent workstation report tells them once, as 紧急)."""
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
    if intake.received_on is None or intake.received_on > clock.today():
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
    earlier = _check_earlier(center, earlier_case_ids)

    year = intake.received_on.year
    sequence = take_sequences(center, year)
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
    recompute_acceptance_due(case, load_work_calendar())
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError as exc:  # a code imported by hand collided with the counter
        raise ValidationError({"code": _("Case code %(code)s already exists.") % {"code": case.code}}) from exc
    Party.objects.bulk_create([Party(case=case, name=p.name, id_number=p.id_number, phone=p.phone, address=p.address, role=p.role) for p in parties])
    if earlier:
        case.earlier_cases.set(earlier)
    data = {"earlier_cases": [c.code for c in earlier]} if earlier else None
    notify = (lambda c: new_case_messages(c, actor)) if notify_center else None
    engine.note(CASE, case, "register", actor, reason=source_note, from_status="", data=data, notify=notify)
    return case


def _check_earlier(center, case_ids):
    """The earlier cases to link: every id must be a case of the same center."""
    wanted = {int(pk) for pk in case_ids or ()}
    if not wanted:
        return []
    found = list(Case.objects.filter(pk__in=wanted, center=center).only("pk", "code"))
    if len(found) != len(wanted):
        raise ValidationError({"earlier_cases": _("Only earlier cases of the same center can be linked.")})
    return sorted(found, key=lambda c: c.pk)


def new_case_messages(case, actor):
    """Who at the center is told of a new registration (InstitutionSettings.notify_new_cases): nobody,
    the staff who accept cases, or all the center's own staff; never the clerk who registered it."""
    from governance.institutions.models import InstitutionSettings, settings_for

    choice = settings_for(case.center_id).notify_new_cases
    if choice == InstitutionSettings.NewCaseNotice.ACCEPTORS:
        recipients = notifications.center_staff_with(case.center_id, "governance.accept_case")
    elif choice == InstitutionSettings.NewCaseNotice.ALL_STAFF:
        recipients = notifications.center_staff(case.center_id)
    else:
        return []
    recipients = [user for user in recipients if actor is None or user.pk != actor.pk]
    if not recipients:
        return []
    title = _("New case registered: %(code)s") % {"code": case.code}
    body = _("%(kind)s, %(category)s, received on %(received)s.") % {
        "kind": case.get_kind_display(),
        "category": case.category.name,
        "received": case.received_on,
    }
    return [notifications.Message(recipients, "new_case", title, body, case)]


@transaction.atomic
def case_update_details(*, case_id, actor, expected_version, **changes):
    """Edit the registered details; refused when the case changed since the form was opened."""
    editable = {
        "summary",
        "place",
        "people_count",
        "is_private",
        "publishable",
        "category_id",
        "tier_id",
        "risk_id",
        "workstation_id",
        "responsible_person",
    }
    unknown = set(changes) - editable
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changed = {}  # {field: [old, new]}, personal fields masked (audit.changes_of): the timeline's record

    def apply(case):
        if case.status == workflow.ARCHIVED:
            raise workflow.MoveNotAllowed(_("An archived case is read-only."))
        _validate_details(case, changes)
        changed.update(audit.changes_of(case, changes))
        for name, value in changes.items():
            setattr(case, name, value)
        return changes.keys()

    return engine.perform(CASE, case_id, "edit", actor, expected_version=expected_version, apply=apply, data={"changed": changed})


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


def reveal_party(*, party, actor):
    """Show a party's full ID number and phone to an allowed user, and log that it was shown; the
    follow-up visit's caller sees the phone only, logged with that purpose."""
    case = party.case
    if access.may_reveal(actor, case):
        engine.note(CASE, case, "reveal", actor, data={"party": party.pk}, changed=False)
        return {"id_number": party.id_number, "phone": party.phone, "address": party.address}
    if access.may_reveal_phone(actor, case):
        engine.note(CASE, case, "reveal", actor, data={"party": party.pk, "fields": ["phone"], "purpose": "follow_up"}, changed=False)
        return {"phone": party.phone, "phone_only": True}
    raise workflow.MoveNotAllowed(_("You do not have permission to see personal data."))
