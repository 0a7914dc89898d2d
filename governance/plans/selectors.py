"""Who sees which plans, milestones and technical prevention points, the per-village summary and
the "plans on time" figure for the dashboard and the assessments. Every list, page and report of
this app reads through here (governance.scoping: a view permission and the user's standing).

Departments see every plan of their center (they own milestones in them); a village workstation
sees its own village's plan and points; the county sees all."""

from collections import Counter

from governance import scoping
from governance.models import Workstation
from governance.plans import figures, flows
from governance.plans.models import CommunityPlan, Milestone, TechKind, TechPoint
from governance.services import clock

PLANS = scoping.RecordKind("plans.view_communityplan", (scoping.EVERY_CENTER_RECORD,), "village")
POINTS = scoping.RecordKind("plans.view_techpoint", (), "village")


def _visible(kind, user, queryset, village_field="village"):
    allowed = bool(getattr(user, "is_authenticated", False)) and user.has_perm(kind.permission)
    seen = scoping.reach(kind, scoping.standing_of(user), allowed)
    if seen.kind == scoping.NOBODY:
        return queryset.none()
    if seen.kind == scoping.COUNTY:
        return queryset
    queryset = queryset.filter(center_id=seen.center_id)
    if seen.kind == scoping.WORKSTATION:
        return queryset.filter(**{f"{village_field}_id": seen.unit_id})
    return queryset


def plans_visible_to(user, queryset=None):
    return _visible(PLANS, user, CommunityPlan.objects.all() if queryset is None else queryset)


def milestones_visible_to(user):
    return Milestone.objects.filter(plan__in=plans_visible_to(user))


def points_visible_to(user, queryset=None):
    return _visible(POINTS, user, TechPoint.objects.all() if queryset is None else queryset)


def milestone_facts(milestones):
    return [figures.MilestoneFact(due_date=d, status=s, done_on=done) for d, s, done in milestones.values_list("due_date", "status", "done_on")]


def plans_on_time(center, year, today=None):
    """OnTime of the milestones of `center`'s approved plans for `year` (figures.on_time), as of
    `today` (default: the service clock). For the situation dashboard and the assessments."""
    milestones = Milestone.objects.filter(plan__center=center, plan__year=year, plan__status=flows.APPROVED)
    return figures.on_time(milestone_facts(milestones), today or clock.today())


def village_summary(user, year):
    """One row per village the user sees: its plan of `year` (or None), the plan's OnTime, and its
    technical points counted by kind and state. Constant number of queries."""
    today = clock.today()
    plans = {p.village_id: p for p in plans_visible_to(user).filter(year=year)}
    facts = {}
    for plan_id, due, status, done in Milestone.objects.filter(plan__in=list(plans.values())).values_list("plan_id", "due_date", "status", "done_on"):
        facts.setdefault(plan_id, []).append(figures.MilestoneFact(due, status, done))
    points = Counter(points_visible_to(user).values_list("village_id", "kind_id", "status"))
    villages = _villages_of(user)
    kinds = list(TechKind.objects.filter(is_active=True))
    rows = []
    for village in villages:
        plan = plans.get(village.pk)
        rows.append(
            {
                "village": village,
                "plan": plan,
                "on_time": figures.on_time(facts.get(plan.pk, []), today) if plan else None,
                "kinds": [
                    {"kind": kind, **{state: points[(village.pk, kind.pk, state)] for state in (flows.WORKING, flows.FAULTY)}} for kind in kinds
                ],
                "working": sum(n for (v, _k, s), n in points.items() if v == village.pk and s == flows.WORKING),
                "faulty": sum(n for (v, _k, s), n in points.items() if v == village.pk and s == flows.FAULTY),
            }
        )
    return kinds, rows


def _villages_of(user):
    standing = scoping.standing_of(user)
    villages = Workstation.objects.filter(is_active=True).select_related("center").order_by("center__name", "name")
    if standing.kind == scoping.COUNTY:
        return list(villages)
    if standing.kind == scoping.WORKSTATION:
        return list(villages.filter(pk=standing.workstation_id))
    if standing.center_id is None:
        return []
    return list(villages.filter(center_id=standing.center_id))
