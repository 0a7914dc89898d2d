"""The patrol log: recording (checked input), review by the center, findings registered as hazard or
dispute cases through case_register and linked both ways; another center can do nothing here."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from governance.flow.table import MoveNotAllowed
from governance.models import AuditEvent, Case, CaseEvent, CaseKind
from governance.prevention.models import Finding, Patrol
from governance.prevention.services import patrols, teams
from tests.governance.prevention.conftest import TODAY, patrol_data

pytestmark = pytest.mark.django_db


def test_a_patrol_is_recorded_with_its_teams_members_and_findings(patrol, team, staff):
    assert patrol.status == "recorded" and patrol.recorded_by == staff
    assert list(patrol.teams.all()) == [team]
    assert patrol.participants.count() == 2
    assert patrol.findings.get().description == "桥头护栏断裂"
    assert AuditEvent.objects.get(action="patrol.create", object_id=str(patrol.pk)).data["findings"] == 1


def test_bad_input_gets_one_message_per_field(town, staff, team):
    data = patrol_data(
        team,
        patrol_date=TODAY + timedelta(days=1),
        team_ids=[],
        route=" ",
        people_count=0,
        hours=Decimal("0"),
        participant_ids=[],
        findings=[patrols.FindingData(description=" ")],
    )
    with pytest.raises(ValidationError) as error:
        patrols.patrol_record(center=town, actor=staff, data=data)
    assert set(error.value.message_dict) == {"patrol_date", "teams", "route", "people_count", "hours", "finding_1"}
    assert not Patrol.objects.exists()


def test_a_suspended_or_foreign_team_cannot_patrol(town, staff, team, other_center, other_director, backbone_kind):
    teams.team_move(pk=team.pk, action="suspend", actor=staff, reason="停训")
    with pytest.raises(ValidationError, match="在岗的队伍"):
        patrols.patrol_record(center=town, actor=staff, data=patrol_data(team, participant_ids=[]))
    foreign = teams.team_create(center=other_center, actor=other_director, data=teams.TeamData(kind_id=backbone_kind.pk, name="乙队", leader="乙"))
    with pytest.raises(ValidationError):
        patrols.patrol_record(center=town, actor=staff, data=patrol_data(foreign, participant_ids=[]))


def test_participants_must_be_members_of_the_teams_and_not_more_than_the_people(town, staff, team):
    with pytest.raises(ValidationError, match="多于参加人数"):
        patrols.patrol_record(center=town, actor=staff, data=patrol_data(team, people_count=1))


@pytest.mark.parametrize("who", ["police", "reporter", "county_user", "other_director"])
def test_only_the_centers_staff_record_patrols(request, town, team, who):
    with pytest.raises(MoveNotAllowed):
        patrols.patrol_record(center=town, actor=request.getfixturevalue(who), data=patrol_data(team))


def test_the_director_reviews_staff_may_not(patrol, staff, director):
    with pytest.raises(MoveNotAllowed):
        patrols.patrol_move(pk=patrol.pk, action="review", actor=staff)
    reviewed = patrols.patrol_move(pk=patrol.pk, action="review", actor=director)
    assert reviewed.status == "reviewed"
    with pytest.raises(MoveNotAllowed):
        patrols.finding_add(patrol=reviewed, actor=staff, data=patrols.FindingData(description="又发现"))


def test_a_returned_patrol_is_submitted_again(patrol, staff, director):
    with pytest.raises(ValidationError):
        patrols.patrol_move(pk=patrol.pk, action="return", actor=director)
    patrols.patrol_move(pk=patrol.pk, action="return", actor=director, reason="人数有误")
    patrols.patrol_move(pk=patrol.pk, action="resubmit", actor=staff)
    assert Patrol.objects.get(pk=patrol.pk).status == "recorded"


@pytest.mark.parametrize("who", ["county_user", "other_director"])
def test_others_cannot_review(request, patrol, who):
    with pytest.raises(MoveNotAllowed):
        patrols.patrol_move(pk=patrol.pk, action="review", actor=request.getfixturevalue(who))


def test_a_finding_becomes_a_hazard_case_linked_both_ways(patrol, staff, reference):
    finding = patrol.findings.get()
    case = patrols.finding_to_case(finding_id=finding.pk, actor=staff, case_kind=CaseKind.HAZARD, category_id=reference("category", "safety").pk)

    assert case.kind == CaseKind.HAZARD and case.center_id == patrol.center_id
    assert case.source.code == "screening" and case.received_on == patrol.patrol_date and case.place == "桥头"
    assert "甲镇巡防队" in case.parties.get().name  # no reporter named: the patrolling team
    finding.refresh_from_db()
    assert finding.case == case and case.patrol_finding == finding
    registered = CaseEvent.objects.get(case=case, action="register")
    assert f"#{patrol.pk}" in registered.reason and "镇区主干道" in registered.reason
    assert AuditEvent.objects.get(action="patrol.finding_case", object_id=str(patrol.pk)).data["case"] == case.code


def test_a_finding_becomes_a_dispute_and_only_once(patrol, staff, reference):
    finding = patrol.findings.get()
    kwargs = {"finding_id": finding.pk, "actor": staff, "category_id": reference("category", "neighbour").pk, "reporter_name": "刘强"}
    case = patrols.finding_to_case(case_kind=CaseKind.DISPUTE, **kwargs)
    assert case.kind == CaseKind.DISPUTE and case.parties.get().name == "刘强"
    with pytest.raises(MoveNotAllowed, match=case.code):
        patrols.finding_to_case(case_kind=CaseKind.DISPUTE, **kwargs)
    with pytest.raises(ValidationError):
        patrols.finding_to_case(
            finding_id=patrols.finding_add(patrol=patrol, actor=staff, data=patrols.FindingData("x")).pk,
            actor=staff,
            case_kind=CaseKind.PETITION,
            category_id=reference("category", "neighbour").pk,
        )
    assert Case.objects.count() == 1


@pytest.mark.parametrize("who", ["county_user", "other_director", "police", "reporter"])
def test_others_cannot_register_a_finding(request, patrol, reference, who):
    finding = patrol.findings.get()
    with pytest.raises(MoveNotAllowed):
        patrols.finding_to_case(
            finding_id=finding.pk, actor=request.getfixturevalue(who), case_kind="hazard", category_id=reference("category", "safety").pk
        )
    assert not Case.objects.exists() and Finding.objects.get(pk=finding.pk).case is None
