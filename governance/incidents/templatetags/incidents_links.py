"""The way between a source and its incidents: `{% load incidents_links %}{% incidents_for case %}` on a
case's page or `{% incidents_for report %}` on a screening report's page lists the incidents opened
from it that the user may see, with links, and offers the center's staff who may open incidents a
button to open one from it when it qualifies (an urgent report, an open group case, none open yet)."""

from django import template
from django.urls import reverse

from governance.admin.lifecycle_lists import is_center_staff_with
from governance.incidents.selectors import incidents_visible_to
from governance.incidents.services import incidents as services
from governance.institutions.models import ScreeningReport
from governance.models import Case

register = template.Library()


@register.inclusion_tag("incidents/includes/source_incidents.html", takes_context=True)
def incidents_for(context, record):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not isinstance(record, (Case, ScreeningReport)):
        return {"incidents": [], "open_url": None}
    field, parameter = ("case", "case") if isinstance(record, Case) else ("screening_report", "report")
    found = list(incidents_visible_to(user).filter(**{field: record}).order_by("opened_at", "pk"))
    open_url = None
    own_center = getattr(getattr(user, "staff_profile", None), "center_id", None) == record.center_id
    if own_center and is_center_staff_with("incidents.add_incident")(user):
        candidates = services.group_cases_for(record.center) if parameter == "case" else services.urgent_reports_for(record.center)
        if candidates.filter(pk=record.pk).exists():
            open_url = f"{reverse('incidents_incident_modeladmin_create')}?{parameter}={record.pk}"
    return {"incidents": found, "open_url": open_url}
