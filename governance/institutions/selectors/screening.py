"""Reads of the screening reports: who has reported for a period and who has not."""

from governance.institutions.models import ScreeningReport
from governance.models import Workstation


def period_status(centers, period):
    """[(center, [(workstation, report or None)])] for the regular reports of `period`."""
    center_list = list(centers)
    reports = {
        r.workstation_id: r
        for r in ScreeningReport.objects.filter(center__in=center_list, kind=ScreeningReport.Kind.REGULAR, period_start=period.start).select_related(
            "filed_by"
        )
    }
    stations = Workstation.objects.filter(center__in=center_list, is_active=True).order_by("center__name", "name")
    by_center = {c.pk: (c, []) for c in center_list}
    for station in stations:
        by_center[station.center_id][1].append((station, reports.get(station.pk)))
    return [entry for entry in by_center.values() if entry[1]]
