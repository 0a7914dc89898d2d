"""The joint-prevention log: a patrol is recorded (teams, area or route, people, hours, findings),
reviewed by the center or sent back; a finding is registered as a hazard or dispute case through
the case registration service, and the two are linked both ways (the finding keeps its case; the
case's registration entry on its timeline names the patrol it came from)."""

from dataclasses import dataclass, field
from datetime import date, time
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed
from governance.models import CaseKind, ReferenceItem, ReferenceKind
from governance.prevention import flows
from governance.prevention.models import Finding, Patrol, Team, TeamMember
from governance.prevention.services import common
from governance.services import case_intake

CONVERT_PERMISSION = "prevention.convert_finding"
FINDING_SOURCE = "screening"  # 排查发现: what a patrol finds is found by screening the area


def _relations(actor, patrol):
    return common.relations_to(actor, patrol.center_id)


PATROL = Lifecycle(
    model=Patrol,
    flow=flows.PATROL_FLOW,
    relations=_relations,
    subject="patrol",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "patrol_date", "route", "people_count", "hours", "summary"),
)


@dataclass
class FindingData:
    description: str
    kind: str = Finding.Kind.HAZARD
    place: str = ""
    village_id: int | None = None


@dataclass
class PatrolData:
    patrol_date: date
    start_time: time
    end_time: time
    team_ids: list
    route: str
    people_count: int
    hours: Decimal
    summary: str = ""
    village_ids: list = field(default_factory=list)
    participant_ids: list = field(default_factory=list)
    findings: list = field(default_factory=list)


def _clean(center, data):
    errors = {}
    if not isinstance(data.patrol_date, date):
        errors["patrol_date"] = _("Enter a valid date.")
    elif data.patrol_date > common.today():
        errors["patrol_date"] = _("The date cannot be in the future.")
    if not isinstance(data.start_time, time) or not isinstance(data.end_time, time):
        errors["start_time"] = _("Enter the start and end times.")
    teams = set(int(pk) for pk in data.team_ids or ())
    if not teams:
        errors["teams"] = _("Choose at least one team.")
    elif Team.objects.filter(pk__in=teams, center=center, status=flows.ACTIVE).count() != len(teams):
        errors["teams"] = _("Choose active teams of this center.")
    if not (data.route or "").strip():
        errors["route"] = _("This field is required.")
    if not data.people_count or data.people_count < 1:
        errors["people_count"] = _("At least one person must take part.")
    if data.hours is None or data.hours <= 0 or data.hours > 24:
        errors["hours"] = _("Enter the hours, more than 0 and at most 24.")
    participants = set(int(pk) for pk in data.participant_ids or ())
    if participants and TeamMember.objects.filter(pk__in=participants, team_id__in=teams).count() != len(participants):
        errors["participants"] = _("Members taking part must belong to the chosen teams.")
    elif len(participants) > (data.people_count or 0):
        errors["participants"] = _("More members are named than people took part.")
    for index, finding in enumerate(data.findings, start=1):
        if not (finding.description or "").strip():
            errors[f"finding_{index}"] = _("Finding %(n)s: describe what was found.") % {"n": index}
        elif finding.kind not in Finding.Kind.values:
            errors[f"finding_{index}"] = _("Finding %(n)s: unknown kind.") % {"n": index}
    if errors:
        raise ValidationError(errors)
    villages = common.check_villages(center, data.village_ids)
    for finding in data.findings:
        common.check_villages(center, [finding.village_id] if finding.village_id else [], field="findings")
    return sorted(teams), villages, sorted(participants)


@transaction.atomic
def patrol_record(*, center, actor, data):
    """Record a patrol with its findings (state: recorded)."""
    common.require_center_staff(actor, center.pk, flows.RECORD_PATROL)
    teams, villages, participants = _clean(center, data)
    patrol = Patrol.objects.create(
        center=center,
        patrol_date=data.patrol_date,
        start_time=data.start_time,
        end_time=data.end_time,
        route=data.route.strip(),
        people_count=data.people_count,
        hours=data.hours,
        summary=(data.summary or "").strip(),
        recorded_by=actor,
    )
    patrol.teams.set(teams)
    patrol.villages.set(villages)
    patrol.participants.set(participants)
    Finding.objects.bulk_create(
        [
            Finding(patrol=patrol, kind=f.kind, description=f.description.strip(), place=(f.place or "").strip(), village_id=f.village_id or None)
            for f in data.findings
        ]
    )
    engine.note(PATROL, patrol, "create", actor, from_status="", data={"findings": len(data.findings)})
    return patrol


@transaction.atomic
def finding_add(*, patrol, actor, data):
    """Add a finding to a patrol not yet reviewed."""
    common.require_center_staff(actor, patrol.center_id, "prevention.change_patrol")
    if patrol.status == flows.REVIEWED:
        raise MoveNotAllowed(_("A reviewed patrol record is read-only."))
    if not (data.description or "").strip():
        raise ValidationError({"description": _("Describe what was found.")})
    if data.kind not in Finding.Kind.values:
        raise ValidationError({"kind": _("Unknown kind.")})
    common.check_villages(patrol.center, [data.village_id] if data.village_id else [], field="village")
    finding = Finding.objects.create(
        patrol=patrol, kind=data.kind, description=data.description.strip(), place=(data.place or "").strip(), village_id=data.village_id or None
    )
    engine.note(PATROL, patrol, "finding", actor, data={"finding": finding.pk}, changed=False)
    return finding


def patrol_move(*, pk, action, actor, reason="", expected_version=None):
    reason = (reason or "").strip()
    found = flows.PATROL_FLOW.moves.get(action)
    if found is not None and "reason" in found.requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return engine.perform(PATROL, pk, action, actor, reason=reason, expected_version=expected_version)


def _source_id():
    return ReferenceItem.objects.filter(kind=ReferenceKind.SOURCE, code=FINDING_SOURCE, center__isnull=True).values_list("pk", flat=True).first()


def source_note(patrol):
    teams = "、".join(patrol.teams.order_by("name").values_list("name", flat=True))
    return _("Found on a patrol on %(date)s (%(teams)s, %(route)s), patrol record #%(pk)s.") % {
        "date": f"{patrol.patrol_date:%Y-%m-%d}",
        "teams": teams,
        "route": patrol.route,
        "pk": patrol.pk,
    }


@transaction.atomic
def finding_to_case(*, finding_id, actor, case_kind, category_id, reporter_name="", reporter_phone="", people_count=1):
    """Register the finding as a hazard or dispute case (case_register), once; returns the case."""
    finding = Finding.objects.select_for_update().select_related("patrol__center").get(pk=finding_id)
    patrol = finding.patrol
    common.require_center_staff(actor, patrol.center_id, CONVERT_PERMISSION)
    if finding.case_id:
        raise MoveNotAllowed(_("This finding is already registered as case %(code)s.") % {"code": finding.case.code})
    if case_kind not in (CaseKind.HAZARD, CaseKind.DISPUTE):
        raise ValidationError({"case_kind": _("Register the finding as a hazard or a dispute.")})
    reporter = (reporter_name or "").strip() or _("%(team)s (patrol)") % {"team": patrol.teams.order_by("name").first() or patrol.route}
    intake = case_intake.Intake(
        kind=case_kind,
        source_id=_source_id(),
        category_id=category_id,
        summary=finding.description,
        place=finding.place or patrol.route,
        people_count=people_count or 1,
        workstation_id=finding.village_id,
        received_on=patrol.patrol_date,
        parties=[case_intake.PartyData(name=reporter, phone=(reporter_phone or "").strip())],
    )
    case = case_intake.case_register(center=patrol.center, actor=actor, intake=intake, source_note=source_note(patrol))
    Finding.objects.filter(pk=finding.pk).update(case=case)
    finding.case = case
    engine.note(PATROL, patrol, "finding_case", actor, data={"finding": finding.pk, "case": case.code}, changed=False)
    return case
