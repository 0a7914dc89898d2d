"""What may be shown to the public (board, lobby, lookup): anonymised by construction.

Only case code, category, village (or coarser), dates and outcome ever leave through here.
"""

from django.db.models import Count

from governance.models import Case, CaseStatus, ReferenceKind

PUBLISHED_STATUSES = (CaseStatus.RESOLVED, CaseStatus.FED_BACK, CaseStatus.VISITED, CaseStatus.ARCHIVED)
# A village with fewer published results than this is shown as the township (small numbers re-identify).
MIN_RESULTS_PER_VILLAGE = 3


def publishable_cases(center_id):
    """Resolved cases explicitly cleared for publication, never 不公开 and never accusations."""
    return (
        Case.objects.filter(center_id=center_id, status__in=PUBLISHED_STATUSES, publishable=True, is_private=False)
        .exclude(petition_kind__code="accusation", petition_kind__kind=ReferenceKind.PETITION_KIND)
        .exclude(resolved_on__isnull=True)
    )


def village_labels(center_id):
    """Workstation id → the label to show: the village, or the township when too few results."""
    counts = dict(
        publishable_cases(center_id)
        .exclude(workstation__isnull=True)
        .values_list("workstation_id")
        .annotate(n=Count("pk"))
        .values_list("workstation_id", "n")
    )
    return counts


def board_items(queryset, center):
    """Serialise published cases for the board and the screens (no personal data)."""
    counts = village_labels(center.pk)
    items = []
    for case in queryset.select_related("category", "outcome", "workstation"):
        village = center.short_name
        if case.workstation_id and counts.get(case.workstation_id, 0) >= MIN_RESULTS_PER_VILLAGE:
            village = case.workstation.name
        items.append(
            {
                "code": case.code,
                "category": case.category.name,
                "village": village,
                "received_on": case.received_on.isoformat(),
                "resolved_on": case.resolved_on.isoformat() if case.resolved_on else None,
                "outcome": case.outcome.name if case.outcome_id else "",
            }
        )
    return items
