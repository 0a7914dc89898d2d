"""Monthly figures per team and volunteers' service hours. Pure: plain data in, plain data out.

A patrol counts for every team that took part; its hours are the patrol's duration and its
person-hours the duration times the people who took part. Only reviewed patrols count for service
hours (a record sent back is not yet the center's figure); the monthly table counts every patrol
not sent back, and says how many are still waiting for review.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

COUNTED = ("recorded", "reviewed")


@dataclass(frozen=True)
class PatrolFact:
    pk: int
    team_ids: tuple
    status: str
    hours: Decimal
    people_count: int
    findings: int = 0
    cases: int = 0
    participant_ids: tuple = ()


@dataclass
class TeamMonth:
    team_id: int
    patrols: int = 0
    hours: Decimal = Decimal("0")
    person_hours: Decimal = Decimal("0")
    people: int = 0
    findings: int = 0
    cases: int = 0
    awaiting_review: int = 0


def team_month_figures(team_ids, patrols):
    """{team_id: TeamMonth} for every team in `team_ids` (zero rows included), from PatrolFacts."""
    rows = {pk: TeamMonth(pk) for pk in team_ids}
    for patrol in patrols:
        if patrol.status not in COUNTED:
            continue
        for team_id in patrol.team_ids:
            row = rows.get(team_id)
            if row is None:
                continue
            row.patrols += 1
            row.hours += patrol.hours
            row.person_hours += patrol.hours * patrol.people_count
            row.people += patrol.people_count
            row.findings += patrol.findings
            row.cases += patrol.cases
            row.awaiting_review += patrol.status == "recorded"
    return rows


def totals(team_ids, patrols):
    """The month's totals over the same teams, each patrol counted once (a joint patrol of two teams
    is one row in each team's figures but one patrol in the total)."""
    wanted = set(team_ids)
    total = TeamMonth(0)
    for patrol in patrols:
        if patrol.status not in COUNTED or not wanted & set(patrol.team_ids):
            continue
        total.patrols += 1
        total.hours += patrol.hours
        total.person_hours += patrol.hours * patrol.people_count
        total.people += patrol.people_count
        total.findings += patrol.findings
        total.cases += patrol.cases
        total.awaiting_review += patrol.status == "recorded"
    return total


def service_hours(patrols):
    """{member_id: (hours, patrols)}: the reviewed patrols each member took part in."""
    hours = defaultdict(lambda: [Decimal("0"), 0])
    for patrol in patrols:
        if patrol.status != "reviewed":
            continue
        for member_id in patrol.participant_ids:
            hours[member_id][0] += patrol.hours
            hours[member_id][1] += 1
    return {pk: (value[0], value[1]) for pk, value in hours.items()}
