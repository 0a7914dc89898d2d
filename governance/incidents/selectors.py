"""Who sees which incidents, key work items and tasks. Every list, page, PDF and panel of this app
reads through here (governance.scoping: a view permission and how the user stands to the center).
Incidents: the center's own staff and the county. Key work: also the departments it deploys (lead
or cooperating); a task: also its owner department."""

from django.db.models import Q

from governance import scoping
from governance.incidents import flows
from governance.incidents.models import Incident, IncidentPerson, KeyWork, KeyWorkTask

INCIDENTS = scoping.RecordKind("incidents.view_incident")
KEY_WORK = scoping.RecordKind("incidents.view_keywork", ("lead_department", "cooperating_departments"))
TASKS = scoping.RecordKind("incidents.view_keyworktask", ("owner",))


def _visible(kind, user, queryset):
    allowed = bool(getattr(user, "is_authenticated", False)) and user.has_perm(kind.permission)
    seen = scoping.reach(kind, scoping.standing_of(user), allowed)
    if seen.kind == scoping.NOBODY:
        return queryset.none()
    if seen.kind == scoping.COUNTY:
        return queryset
    queryset = queryset.filter(center_id=seen.center_id)
    if seen.kind == scoping.CENTER:
        return queryset
    related = Q()
    for name in seen.fields:
        if queryset.model._meta.get_field(name).many_to_many:
            related |= Q(pk__in=queryset.model.objects.filter(**{name: seen.unit_id}).values("pk"))
        else:
            related |= Q(**{f"{name}_id": seen.unit_id})
    return queryset.filter(related)


def incidents_visible_to(user, queryset=None):
    return _visible(INCIDENTS, user, Incident.objects.all() if queryset is None else queryset)


def people_visible_to(user):
    return IncidentPerson.objects.filter(incident__in=incidents_visible_to(user))


def key_work_visible_to(user, queryset=None):
    return _visible(KEY_WORK, user, KeyWork.objects.all() if queryset is None else queryset)


def tasks_visible_to(user, queryset=None):
    return _visible(TASKS, user, KeyWorkTask.objects.all() if queryset is None else queryset)


def active_incidents(user):
    """The incidents being handled or under control that the user sees, most recent first, with their
    last log entry's time (the county's dashboard lists these across centers)."""
    from django.db.models import Count, Max

    return (
        incidents_visible_to(user)
        .filter(status__in=flows.ACTIVE_STATES)
        .select_related("center")
        .annotate(entries=Count("log", distinct=True), last_entry=Max("log__occurred_at"))
        .order_by("-opened_at", "-pk")
    )
