"""Named reads of cases shared by the admin, exports, the API and the screens."""

from django.db.models import Q

from governance import scoping
from governance.models import Case, CaseEvent


def cases_visible_to(user, queryset=None):
    """The cases a user may see: their center's, their department's, or every center's (county)."""
    queryset = Case.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if scoping.sees_all_centers(user):
        return queryset
    profile = scoping.profile_of(user)
    if profile is None or profile.center_id is None:
        return queryset.none()
    queryset = queryset.filter(center_id=profile.center_id)
    if profile.department_id is not None:
        department = profile.department_id
        lead_or_cooperating = Q(lead_department_id=department) | Q(
            pk__in=Case.cooperating_departments.through.objects.filter(department_id=department).values("case_id")
        )
        return queryset.filter(lead_or_cooperating)
    if profile.workstation_id is not None:
        return queryset.filter(workstation_id=profile.workstation_id)
    return queryset


def case_list_queryset(user):
    return cases_visible_to(user).select_related("center", "category", "source", "lead_department", "workstation", "outcome")


def timeline(case):
    """The case's route map (路线图): its events in order, with the time spent in each state."""
    events = list(CaseEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "pk"))
    return events


def stage_durations(events, now):
    """Seconds spent in each state, from the ordered events of one case."""
    durations = {}
    current, since = None, None
    for event in events:
        if event.to_status != event.from_status or current is None:
            if current is not None:
                durations[current] = durations.get(current, 0) + (event.created_at - since).total_seconds()
            current, since = event.to_status, event.created_at
    if current is not None:
        durations[current] = durations.get(current, 0) + (now - since).total_seconds()
    return durations
