"""Monthly figures per team and service hours: pure functions over PatrolFacts."""

from decimal import Decimal

from governance.prevention.figures import PatrolFact, service_hours, team_month_figures, totals


def fact(pk, teams, status="reviewed", hours="2.0", people=3, findings=0, cases=0, participants=()):
    return PatrolFact(pk, tuple(teams), status, Decimal(hours), people, findings, cases, tuple(participants))


def test_a_joint_patrol_counts_for_each_team_and_once_in_the_total():
    facts = [fact(1, [10, 20], findings=2, cases=1), fact(2, [10], status="recorded", hours="1.5", people=2)]
    rows = team_month_figures([10, 20, 30], facts)

    assert (rows[10].patrols, rows[10].hours, rows[10].person_hours, rows[10].people) == (2, Decimal("3.5"), Decimal("9.0"), 5)
    assert (rows[10].findings, rows[10].cases, rows[10].awaiting_review) == (2, 1, 1)
    assert (rows[20].patrols, rows[20].hours) == (1, Decimal("2.0"))
    assert rows[30].patrols == 0  # a team with no patrol still has its row
    total = totals([10, 20, 30], facts)
    assert (total.patrols, total.hours, total.findings, total.cases) == (2, Decimal("3.5"), 2, 1)


def test_returned_patrols_and_other_teams_are_not_counted():
    facts = [fact(1, [10], status="returned"), fact(2, [99])]
    assert team_month_figures([10], facts)[10].patrols == 0
    assert totals([10], facts).patrols == 0


def test_service_hours_come_from_reviewed_patrols_only():
    facts = [fact(1, [10], participants=[5, 6]), fact(2, [10], hours="1.5", participants=[5]), fact(3, [10], status="recorded", participants=[5])]
    assert service_hours(facts) == {5: (Decimal("3.5"), 2), 6: (Decimal("2.0"), 1)}
