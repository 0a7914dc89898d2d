"""The 群防群治 teams: creation, detail edits, members (personal data checked, stored encrypted,
revealed only to an allowed user and logged) and the team's status moves through the engine."""

from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from governance.flow import engine
from governance.flow.engine import Lifecycle
from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.prevention import flows
from governance.prevention.models import Team, TeamKind, TeamMember
from governance.prevention.services import common
from governance.rules import identity
from governance.services import audit

REVEAL_PERMISSION = "prevention.reveal_member_data"


def _relations(actor, team):
    return common.relations_to(actor, team.center_id)


TEAM = Lifecycle(
    model=Team,
    flow=flows.TEAM_FLOW,
    relations=_relations,
    subject="team",
    live_reason=common.LIVE_REASON,
    public=False,
    watched=("status", "name", "kind", "leader", "area_note", "equipment"),
)


@dataclass
class TeamData:
    kind_id: int
    name: str
    leader: str
    area_note: str = ""
    equipment: str = ""
    village_ids: list = field(default_factory=list)


@dataclass
class MemberData:
    name: str
    id_number: str = ""
    phone: str = ""
    role: str = TeamMember.Role.MEMBER
    joined_on: date | None = None


def _clean(center, data, exclude_pk=None):
    errors = {}
    if not TeamKind.objects.filter(pk=data.kind_id, is_active=True).exists():
        errors["kind"] = _("Choose a team kind.")
    name = (data.name or "").strip()
    if not name:
        errors["name"] = _("This field is required.")
    elif Team.objects.filter(center=center, name=name).exclude(pk=exclude_pk).exists():
        errors["name"] = _("This center already has a team of that name.")
    if not (data.leader or "").strip():
        errors["leader"] = _("This field is required.")
    if errors:
        raise ValidationError(errors)
    return common.check_villages(center, data.village_ids)


@transaction.atomic
def team_create(*, center, actor, data):
    common.require_center_staff(actor, center.pk, "prevention.add_team")
    villages = _clean(center, data)
    team = Team.objects.create(
        center=center,
        kind_id=data.kind_id,
        name=data.name.strip(),
        leader=data.leader.strip(),
        area_note=(data.area_note or "").strip(),
        equipment=(data.equipment or "").strip(),
        created_by=actor,
    )
    team.villages.set(villages)
    engine.note(TEAM, team, "create", actor, from_status="")
    return team


@transaction.atomic
def team_update(*, pk, actor, data, expected_version):
    """Edit a team's details; a dissolved team is read-only."""
    team = Team.objects.select_for_update().select_related("center").get(pk=pk)
    if team.version != expected_version:
        raise StaleEdit(flows.TEAM_FLOW.message("stale"))
    common.require_center_staff(actor, team.center_id, "prevention.change_team")
    if team.status == flows.DISSOLVED:
        raise MoveNotAllowed(_("A dissolved team is read-only."))
    villages = _clean(team.center, data, exclude_pk=team.pk)
    values = {
        "kind_id": data.kind_id,
        "name": data.name.strip(),
        "leader": data.leader.strip(),
        "area_note": (data.area_note or "").strip(),
        "equipment": (data.equipment or "").strip(),
    }
    changed = audit.changes_of(team, values)
    for name in changed:
        setattr(team, name, values[name])
    team.version += 1
    team.save(update_fields=sorted(set(changed) | {"version", "updated_at"}))
    team.villages.set(villages)
    engine.note(TEAM, team, "edit", actor, data={"changed": changed})
    return team


def team_move(*, pk, action, actor, reason="", expected_version=None):
    """Suspend, resume or dissolve a team (flows.TEAM_FLOW)."""
    reason = (reason or "").strip()
    if flows.TEAM_FLOW.moves.get(action) and "reason" in flows.TEAM_FLOW.moves[action].requires and not reason:
        raise ValidationError({"reason": _("Give the reason.")})
    return engine.perform(TEAM, pk, action, actor, reason=reason, expected_version=expected_version)


def clean_member(data):
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
    if data.role not in TeamMember.Role.values:
        errors["role"] = _("Choose a role.")
    if data.joined_on and data.joined_on > common.today():
        errors["joined_on"] = _("The date cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    return MemberData(name, id_number, phone, data.role, data.joined_on)


@transaction.atomic
def member_add(*, team, actor, data):
    common.require_center_staff(actor, team.center_id, "prevention.change_team")
    if team.status == flows.DISSOLVED:
        raise MoveNotAllowed(_("A dissolved team is read-only."))
    cleaned = clean_member(data)
    member = TeamMember.objects.create(
        team=team, name=cleaned.name, id_number=cleaned.id_number, phone=cleaned.phone, role=cleaned.role, joined_on=cleaned.joined_on
    )
    engine.note(TEAM, team, "member_add", actor, data={"member": member.pk, "name": identity.mask_name(member.name)}, changed=False)
    return member


@transaction.atomic
def member_leave(*, member, actor):
    """A member leaves the team (kept for the service-hour history, no longer listed as active)."""
    team = member.team
    common.require_center_staff(actor, team.center_id, "prevention.change_team")
    TeamMember.objects.filter(pk=member.pk).update(is_active=False)
    engine.note(TEAM, team, "member_leave", actor, data={"member": member.pk, "name": identity.mask_name(member.name)}, changed=False)


def may_reveal(user, team):
    return bool(common.relations_to(user, team.center_id)) and user.has_perm(REVEAL_PERMISSION)


def member_reveal(*, member, actor):
    """A member's full ID number and phone, for an allowed user; the reveal is logged on the team's timeline."""
    team = member.team
    if not may_reveal(actor, team):
        raise MoveNotAllowed(_("You do not have permission to see personal data."))
    engine.note(TEAM, team, "reveal", actor, data={"member": member.pk}, changed=False)
    return {"id_number": member.id_number, "phone": member.phone}


def masked(member):
    return {"id_number": identity.mask_id_number(member.id_number), "phone": identity.mask_phone(member.phone)}
