"""The way back from a source to its incidents: `{% load incidents_links %}{% incidents_for case %}` on a
case's page or `{% incidents_for report %}` on an urgent screening report's page lists the incidents
opened from it that the user may see, with links (nothing when there are none)."""

from django import template

from governance.incidents.selectors import incidents_visible_to
from governance.institutions.models import ScreeningReport
from governance.models import Case

register = template.Library()


@register.inclusion_tag("incidents/includes/source_incidents.html", takes_context=True)
def incidents_for(context, record):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or record is None:
        return {"incidents": []}
    if isinstance(record, Case):
        found = incidents_visible_to(user).filter(case=record)
    elif isinstance(record, ScreeningReport):
        found = incidents_visible_to(user).filter(screening_report=record)
    else:
        found = incidents_visible_to(user).none()
    return {"incidents": list(found.order_by("opened_at", "pk"))}
