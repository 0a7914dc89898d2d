"""Who sees which teams and patrols, and the data of the monthly figures. Every list, page, export
and report of this app reads through here (governance.scoping: a view permission and the center)."""

from django.db.models import Count, Q

from governance import scoping
from governance.institutions.rules.periods import last_day_of_month, month_start
from governance.prevention import figures
from governance.prevention.models import Patrol, Team, TeamMember

TEAMS = scoping.RecordKind("prevention.view_team")
PATROLS = scoping.RecordKind("prevention.view_patrol")


def _visible(kind, user, queryset):
    allowed = bool(getattr(user, "is_authenticated", False)) and user.has_perm(kind.permission)
    seen = scoping.reach(kind, scoping.standing_of(user), allowed)
    if seen.kind == scoping.NOBODY:
        return queryset.none()
    if seen.kind == scoping.COUNTY:
        return queryset
    return queryset.filter(center_id=seen.center_id)


def teams_visible_to(user, queryset=None):
    return _visible(TEAMS, user, Team.objects.all() if queryset is None else queryset)


def patrols_visible_to(user, queryset=None):
    return _visible(PATROLS, user, Patrol.objects.all() if queryset is None else queryset)


def members_visible_to(user):
    return TeamMember.objects.filter(team__in=teams_visible_to(user))


def patrol_facts(patrols):
    """PatrolFacts of a queryset of patrols (four queries whatever its size)."""
    rows = list(
        patrols.annotate(
            finding_count=Count("findings", distinct=True),
            case_count=Count("findings", filter=Q(findings__case__isnull=False), distinct=True),
        ).values("pk", "status", "hours", "people_count", "finding_count", "case_count")
    )
    ids = [row["pk"] for row in rows]
    teams, participants = {}, {}
    for patrol_id, team_id in Patrol.teams.through.objects.filter(patrol_id__in=ids).values_list("patrol_id", "team_id"):
        teams.setdefault(patrol_id, []).append(team_id)
    for patrol_id, member_id in Patrol.participants.through.objects.filter(patrol_id__in=ids).values_list("patrol_id", "teammember_id"):
        participants.setdefault(patrol_id, []).append(member_id)
    return [
        figures.PatrolFact(
            pk=row["pk"],
            team_ids=tuple(teams.get(row["pk"], ())),
            status=row["status"],
            hours=row["hours"],
            people_count=row["people_count"],
            findings=row["finding_count"],
            cases=row["case_count"],
            participant_ids=tuple(participants.get(row["pk"], ())),
        )
        for row in rows
    ]


def month_report(user, month):
    """The monthly figures of the teams the user sees, for `month` (any day of it): rows of
    (team, TeamMonth) ordered by center and team, and the totals."""
    start, end = month_start(month), last_day_of_month(month)
    teams = list(teams_visible_to(user).select_related("center", "kind").order_by("center__name", "kind__sort_order", "name"))
    patrols = patrols_visible_to(user).filter(patrol_date__gte=start, patrol_date__lte=end)
    facts = patrol_facts(patrols)
    team_ids = [t.pk for t in teams]
    rows = figures.team_month_figures(team_ids, facts)
    return [(team, rows[team.pk]) for team in teams], figures.totals(team_ids, facts)


def member_service_hours(team):
    """{member_id: (hours, patrols)} of a team's members, from the reviewed patrols."""
    patrols = Patrol.objects.filter(participants__team=team).distinct()
    return figures.service_hours(patrol_facts(patrols))
