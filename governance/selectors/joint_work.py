"""The joint prevention and joint action figures of the situation dashboard (联防、联动):
patrols and their findings this month, warnings in force, community prevention plans on time this
year, incidents being handled and closed this year.

Each figure is read through its app's scoping function and shown only to a user who may open the
list it links to, so a center sees its own work and the county every center's.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.institutions.rules.periods import last_day_of_month, month_start


@dataclass(frozen=True)
class Figure:
    label: str
    value: str
    detail: str
    url: str


def _url(app, model):
    return reverse(f"{app}_{model}_modeladmin_index")


def _number(value):
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def patrol_figures(user, today):
    from governance.prevention.selectors import patrols_visible_to

    patrols = patrols_visible_to(user).filter(patrol_date__range=(month_start(today), last_day_of_month(today)))
    totals = patrols.aggregate(
        patrol_count=Count("pk", distinct=True),
        finding_count=Count("findings", distinct=True),
        case_count=Count("findings", filter=Q(findings__case__isnull=False), distinct=True),
    )
    hours = patrols.aggregate(hours=Sum("hours"))["hours"] or 0
    url = _url("prevention", "patrol")
    return [
        Figure(_("Patrols this month"), str(totals["patrol_count"]), _("%(hours)s hours") % {"hours": _number(hours)}, url),
        Figure(
            _("Patrol findings this month"), str(totals["finding_count"]), _("%(count)s registered as cases") % {"count": totals["case_count"]}, url
        ),
    ]


def warning_figures(user, today):
    from governance.warnings import flow
    from governance.warnings.selectors import visible_to

    count = visible_to(user).filter(status=flow.PUBLISHED, valid_until__gte=today).count()
    return [Figure(_("Security warnings in force"), str(count), _("published and still valid"), _url("warnings", "securitywarning"))]


def plan_figures(user, today):
    from governance.plans import figures, flows
    from governance.plans.selectors import milestone_facts, milestones_visible_to

    milestones = milestones_visible_to(user).filter(plan__status=flows.APPROVED, plan__year=today.year)
    result = figures.on_time(milestone_facts(milestones), today)
    value = "—" if result.percent is None else f"{result.percent}%"
    detail = _("%(on_time)s of %(counted)s milestones due this year") % {"on_time": result.on_time, "counted": result.counted}
    return [Figure(_("Prevention plans on time"), value, detail, _url("plans", "communityplan"))]


def incident_figures(user, today):
    from governance.incidents import flows
    from governance.incidents.selectors import incidents_visible_to

    incidents = incidents_visible_to(user)
    active = incidents.filter(status__in=(flows.OPEN, flows.CONTROLLED)).count()
    closed = incidents.filter(status=flows.CLOSED, closed_at__date__gte=date(today.year, 1, 1)).count()
    url = _url("incidents", "incident")
    return [
        Figure(_("Incidents being handled"), str(active), _("being handled or under control"), url),
        Figure(_("Incidents closed this year"), str(closed), _("with a closing report"), url),
    ]


SOURCES = (
    ("prevention.view_patrol", patrol_figures),
    ("warnings.view_securitywarning", warning_figures),
    ("plans.view_communityplan", plan_figures),
    ("incidents.view_incident", incident_figures),
)


def joint_work(user, today):
    """The figures `user` may see, in the dashboard's order."""
    found = []
    for permission, source in SOURCES:
        if user.has_perm(permission):
            found.extend(source(user, today))
    return found
