"""Who sees which institution records. Every list, page, export and PDF goes through here.

Center staff see their center's records; department handlers only the notices addressed to and
the tasks owned by their department (and their center's meetings, whose minutes they receive);
workstation reporters only their own workstation's reports; county staff and superusers all.
Each kind needs its view permission as well (governance.scoping.RECORDS): a center profile without
it (the website editor) sees none.
"""

from governance import scoping
from governance.institutions.models import Assessment, JointMeeting, MeetingTask, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows


def notices_visible_to(user, queryset=None):
    queryset = RectificationNotice.objects.all() if queryset is None else queryset
    visible = scoping.visible("notice", user, queryset)
    if scoping.standing_of(user).kind == scoping.DEPARTMENT:
        visible = visible.exclude(status__in=(flows.DRAFT, flows.CANCELLED))  # drafts are the center's own work
    return visible


def tasks_visible_to(user, queryset=None):
    queryset = MeetingTask.objects.all() if queryset is None else queryset
    return scoping.visible("task", user, queryset)


def meetings_visible_to(user, queryset=None):
    queryset = JointMeeting.objects.all() if queryset is None else queryset
    visible = scoping.visible("meeting", user, queryset)
    if scoping.standing_of(user).kind == scoping.DEPARTMENT:
        visible = visible.exclude(status=flows.CANCELLED)
    return visible


def reports_visible_to(user, queryset=None):
    queryset = ScreeningReport.objects.all() if queryset is None else queryset
    return scoping.visible("report", user, queryset)


def assessments_visible_to(user, queryset=None):
    """A center's own assessments; county staff see every center's and the county ranking."""
    queryset = Assessment.objects.all() if queryset is None else queryset
    return scoping.visible("assessment", user, queryset)
