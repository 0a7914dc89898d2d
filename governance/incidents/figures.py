"""The incidents as facts of the security situation analysis (governance.analysis.sources): one fact
per incident opened in the period, by the day it was opened, its first village, its kind as the
category and its source; an incident opened from a case carries the case, so the matter counts once."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.incidents import flows
from governance.incidents.models import Incident

KEY = "incident"
LABEL = _("Incidents")


def collect(center_id, first, last):
    from governance.analysis.figures import NONE, Fact

    rows = (
        Incident.objects.filter(center_id=center_id, opened_at__date__range=(first, last))
        .exclude(status=flows.CANCELLED)
        .prefetch_related("villages")
        .order_by("opened_at", "pk")
    )
    facts = []
    for incident in rows:
        villages = sorted(v.name for v in incident.villages.all())
        day = timezone.localtime(incident.opened_at).date()
        facts.append(
            Fact(KEY, day, villages[0] if villages else NONE, str(incident.get_kind_display()), str(incident.get_source_display()), incident.case_id)
        )
    return facts


def join_the_analysis():
    """Add the incidents to the analysis' figure sources (its hook), once, when that app is installed
    (IncidentsConfig.ready)."""
    from django.apps import apps

    if not apps.is_installed("governance.analysis"):
        return
    from governance.analysis import sources

    if not any(source.key == KEY for source in sources.FIGURE_SOURCES):
        sources.FIGURE_SOURCES.append(sources.FigureSource(KEY, LABEL, collect))
