"""Teams: creation and edits by the center's staff, members' personal data (checked, encrypted at
rest, masked, revealed to an allowed user only and logged), status moves through the engine."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from governance.flow.table import MoveNotAllowed, StaleEdit
from governance.models import AuditEvent
from governance.prevention.models import Team, TeamMember
from governance.prevention.services import teams
from tests.governance.prevention.conftest import ID_NUMBER, PHONE

pytestmark = pytest.mark.django_db


def test_a_team_is_created_active_with_its_villages_and_a_timeline_entry(team, station, director):
    assert team.status == "active"
    assert list(team.villages.all()) == [station]
    event = AuditEvent.objects.get(action="team.create", object_id=str(team.pk))
    assert event.actor == director and event.center_id == team.center_id


def test_a_team_needs_kind_name_and_leader_and_its_own_villages(town, director, other_center, backbone_kind):
    with pytest.raises(ValidationError) as error:
        teams.team_create(center=town, actor=director, data=teams.TeamData(kind_id=0, name=" ", leader=""))
    assert set(error.value.message_dict) == {"kind", "name", "leader"}
    foreign = other_center.workstations.first()
    data = teams.TeamData(kind_id=backbone_kind.pk, name="队", leader="甲", village_ids=[foreign.pk])
    with pytest.raises(ValidationError) as error:
        teams.team_create(center=town, actor=director, data=data)
    assert "villages" in error.value.message_dict


def test_a_duplicate_name_is_refused(town, director, team, backbone_kind):
    with pytest.raises(ValidationError, match="同名队伍"):
        teams.team_create(center=town, actor=director, data=teams.TeamData(kind_id=backbone_kind.pk, name=team.name, leader="甲"))


@pytest.mark.parametrize("who", ["police", "reporter", "county_user", "other_director"])
def test_only_the_centers_staff_create_teams(request, town, backbone_kind, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(MoveNotAllowed):
        teams.team_create(center=town, actor=actor, data=teams.TeamData(kind_id=backbone_kind.pk, name="队", leader="甲"))


def test_an_edit_records_old_and_new_and_refuses_a_stale_version(team, staff, backbone_kind):
    data = teams.TeamData(kind_id=backbone_kind.pk, name="甲镇巡防一队", leader="刘强", equipment="对讲机4部")
    teams.team_update(pk=team.pk, actor=staff, data=data, expected_version=team.version)
    event = AuditEvent.objects.get(action="team.edit", object_id=str(team.pk))
    assert event.data["changed"]["equipment"] == ["对讲机2部", "对讲机4部"]
    with pytest.raises(StaleEdit):
        teams.team_update(pk=team.pk, actor=staff, data=data, expected_version=team.version)


def test_member_data_is_checked(team, director):
    with pytest.raises(ValidationError) as error:
        teams.member_add(team=team, actor=director, data=teams.MemberData(name="", id_number="123", phone="12"))
    assert set(error.value.message_dict) == {"name", "id_number", "phone"}
    assert "身份证" in error.value.message_dict["id_number"][0]


def test_the_id_number_is_encrypted_at_rest_and_found_by_its_hash(team):
    member = team.members.get(role="leader")
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM prevention_teammember WHERE id = %s", [member.pk])
        stored = cursor.fetchone()[0]
    assert ID_NUMBER not in stored and stored.startswith("enc1:")
    assert member.id_number == ID_NUMBER and member.id_number_hash
    assert TeamMember.objects.filter(id_number_hash=member.id_number_hash).get() == member


def test_masks_hide_the_numbers(team):
    masked = teams.masked(team.members.get(role="leader"))
    assert ID_NUMBER not in masked["id_number"] and PHONE not in masked["phone"]
    assert masked["id_number"].startswith(ID_NUMBER[:3]) and "*" in masked["phone"]


def test_a_director_reveals_and_the_reveal_is_logged(team, director):
    member = team.members.get(role="leader")
    assert teams.member_reveal(member=member, actor=director) == {"id_number": ID_NUMBER, "phone": PHONE}
    event = AuditEvent.objects.get(action="team.reveal", object_id=str(team.pk))
    assert event.actor == director and event.data["member"] == member.pk


@pytest.mark.parametrize("who", ["staff", "county_user", "other_director", "police"])
def test_others_may_not_reveal(request, team, who):
    with pytest.raises(MoveNotAllowed):
        teams.member_reveal(member=team.members.first(), actor=request.getfixturevalue(who))
    assert not AuditEvent.objects.filter(action="team.reveal").exists()


def test_the_member_log_never_stores_the_full_name_or_numbers(team):
    entries = AuditEvent.objects.filter(action="team.member_add", object_id=str(team.pk))
    assert entries.count() == 2
    assert all(e.data["name"].endswith("某") for e in entries)
    assert all(ID_NUMBER not in str(e.data) and PHONE not in str(e.data) for e in entries)


def test_status_moves_go_through_the_engine(team, staff):
    with pytest.raises(ValidationError):
        teams.team_move(pk=team.pk, action="suspend", actor=staff)
    teams.team_move(pk=team.pk, action="suspend", actor=staff, reason="冬季停训")
    teams.team_move(pk=team.pk, action="resume", actor=staff)
    teams.team_move(pk=team.pk, action="dissolve", actor=staff, reason="合并到镇巡防队")
    team.refresh_from_db()
    assert team.status == "dissolved"
    moves = list(
        AuditEvent.objects.filter(object_type="team", object_id=str(team.pk), action__in=["team.suspend", "team.resume", "team.dissolve"]).order_by(
            "pk"
        )
    )
    assert [(e.data["from"], e.data["to"]) for e in moves] == [("active", "suspended"), ("suspended", "active"), ("active", "dissolved")]
    with pytest.raises(MoveNotAllowed):
        teams.member_add(team=team, actor=staff, data=teams.MemberData(name="新人"))


@pytest.mark.parametrize("who", ["county_user", "other_director", "police", "reporter"])
def test_others_cannot_move_a_team(request, team, who):
    with pytest.raises(MoveNotAllowed):
        teams.team_move(pk=team.pk, action="suspend", actor=request.getfixturevalue(who), reason="x")
    assert Team.objects.get(pk=team.pk).status == "active"


def test_a_member_who_leaves_is_kept_inactive(team, staff):
    member = team.members.get(role="member")
    teams.member_leave(member=member, actor=staff)
    member.refresh_from_db()
    assert not member.is_active
    assert AuditEvent.objects.filter(action="team.member_leave", object_id=str(team.pk)).exists()
