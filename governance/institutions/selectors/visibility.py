"""Who sees which institution records. Every list, page, export and PDF goes through here.

Center staff see their center's records; department handlers only the notices addressed to and
the tasks owned by their department (and their center's meetings, whose minutes they receive);
workstation reporters only their own workstation's reports; county staff and superusers all.
"""

from django.db.models import Q

from governance import scoping
from governance.institutions.models import Assessment, JointMeeting, MeetingTask, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows


def _profile_scope(user, queryset, *, department_field=None, workstation_field=None, center_field="center"):
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if scoping.sees_all_centers(user):
        return queryset
    profile = scoping.profile_of(user)
    if profile is None or profile.center_id is None:
        return queryset.none()
    queryset = queryset.filter(**{f"{center_field}_id": profile.center_id})
    if profile.department_id is not None:
        return queryset.filter(**{department_field: profile.department_id}) if department_field else queryset.none()
    if profile.workstation_id is not None:
        return queryset.filter(**{workstation_field: profile.workstation_id}) if workstation_field else queryset.none()
    return queryset


def notices_visible_to(user, queryset=None):
    queryset = RectificationNotice.objects.all() if queryset is None else queryset
    visible = _profile_scope(user, queryset, department_field="recipient_id")
    profile = scoping.profile_of(user)
    if profile is not None and profile.department_id is not None:
        visible = visible.exclude(status__in=(flows.DRAFT, flows.CANCELLED))  # drafts are the center's own work
    return visible


def tasks_visible_to(user, queryset=None):
    queryset = MeetingTask.objects.all() if queryset is None else queryset
    return _profile_scope(user, queryset, department_field="owner_id")


def meetings_visible_to(user, queryset=None):
    queryset = JointMeeting.objects.all() if queryset is None else queryset
    profile = scoping.profile_of(user)
    if profile is not None and profile.department_id is not None and profile.center_id is not None:
        return queryset.filter(center_id=profile.center_id).exclude(status=flows.CANCELLED)
    return _profile_scope(user, queryset)


def reports_visible_to(user, queryset=None):
    queryset = ScreeningReport.objects.all() if queryset is None else queryset
    return _profile_scope(user, queryset, workstation_field="workstation_id")


def assessments_visible_to(user, queryset=None):
    """A center's own assessments; county staff see every center's and the county ranking."""
    queryset = Assessment.objects.all() if queryset is None else queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if scoping.sees_all_centers(user):
        return queryset
    profile = scoping.profile_of(user)
    if profile is None or profile.center_id is None or profile.department_id or profile.workstation_id:
        return queryset.none()
    return queryset.filter(Q(center_id=profile.center_id))
