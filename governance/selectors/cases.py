"""Named reads of cases shared by the admin, exports, the API and the screens."""

from governance import scoping
from governance.models import Case, CaseEvent


def cases_visible_to(user, queryset=None):
    """The cases a user may see (scoping.visible): with governance.view_case, their center's, their
    department's (lead or cooperating), their workstation's, or every center's (county); without it,
    none."""
    queryset = Case.objects.all() if queryset is None else queryset
    return scoping.visible("case", user, queryset)


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
