"""Who sees which teams and patrols (per center, the county all, nobody else), and the monthly report."""

from decimal import Decimal

import pytest

from governance.prevention import selectors
from governance.prevention.services import patrols, teams
from tests.governance.prevention.conftest import patrol_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def foreign_team(other_center, other_director, backbone_kind):
    made = teams.team_create(center=other_center, actor=other_director, data=teams.TeamData(kind_id=backbone_kind.pk, name="乙队", leader="乙"))
    patrols.patrol_record(center=other_center, actor=other_director, data=patrol_data(made, participant_ids=[], findings=[]))
    return made


def test_each_center_sees_its_own_and_the_county_sees_all(team, patrol, foreign_team, director, staff, other_director, county_user):
    for user in (director, staff):
        assert list(selectors.teams_visible_to(user)) == [team]
        assert list(selectors.patrols_visible_to(user)) == [patrol]
    assert list(selectors.teams_visible_to(other_director)) == [foreign_team]
    assert set(selectors.teams_visible_to(county_user)) == {team, foreign_team}
    assert selectors.patrols_visible_to(county_user).count() == 2
    assert set(selectors.members_visible_to(other_director)) == set()


def test_departments_and_workstations_see_none(team, patrol, police, reporter):
    for user in (police, reporter):
        assert not selectors.teams_visible_to(user).exists()
        assert not selectors.patrols_visible_to(user).exists()


def test_the_month_report_counts_the_visible_teams(team, patrol, foreign_team, director, county_user, clock):
    rows, total = selectors.month_report(director, clock.today)
    assert [(t, r.patrols, r.hours, r.findings, r.awaiting_review) for t, r in rows] == [(team, 1, Decimal("2.0"), 1, 1)]
    assert total.patrols == 1
    rows, total = selectors.month_report(county_user, clock.today)
    assert total.patrols == 2 and len(rows) == 2


def test_service_hours_count_once_reviewed(team, patrol, director):
    assert selectors.member_service_hours(team) == {}
    patrols.patrol_move(pk=patrol.pk, action="review", actor=director)
    hours = selectors.member_service_hours(team)
    assert set(hours.values()) == {(Decimal("2.0"), 1)} and len(hours) == 2
