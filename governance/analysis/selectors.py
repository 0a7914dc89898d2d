"""Who sees which situation analyses, and the rows the pages and the PDF show.

An analysis is an internal document of its center: the center's staff with the view permission
see their center's, the county sees every center's (read-only: it has no move). Department
handlers and workstations do not see it; the tasks it creates reach them as meeting tasks.
"""

from governance import scoping
from governance.analysis import draft
from governance.analysis.flow import VIEW
from governance.analysis.models import SituationAnalysis

KIND = scoping.RecordKind(VIEW)

DIMENSION_TITLES = (
    ("village", "By village"),
    ("category", "By category"),
    ("source", "By source"),
)


def visible_to(user, queryset=None):
    queryset = SituationAnalysis.objects.all() if queryset is None else queryset
    allowed = bool(getattr(user, "is_authenticated", False)) and user.has_perm(VIEW)
    seen = scoping.reach(KIND, scoping.standing_of(user), allowed)
    if seen.kind == scoping.COUNTY:
        return queryset
    if seen.kind == scoping.CENTER:
        return queryset.filter(center_id=seen.center_id)
    return queryset.none()


def _rows(snapshot, dimension):
    labels = snapshot.get("record_labels", {})
    rows = []
    for row in snapshot.get("tables", {}).get(dimension, []):
        label = labels.get(row["key"], row["key"]) if dimension == "record" else draft.key_label(dimension, row["key"])
        rows.append({**row, "label": label})
    return rows


def figure_tables(analysis):
    """The snapshot's tables ready for a page: (dimension, rows with their labels)."""
    snapshot = analysis.figures or {}
    tables = [("record", _rows(snapshot, "record"))]
    tables += [(dimension, _rows(snapshot, dimension)) for dimension, _title in DIMENSION_TITLES]
    return tables


def rising_rows(analysis):
    """What rose most: {(dimension, against): [rows with labels]}."""
    rising = (analysis.figures or {}).get("rising", {})
    return {
        f"{dimension}_{against}": [{**row, "label": draft.key_label(dimension, row["key"])} for row in rising.get(dimension, {}).get(against, [])]
        for dimension in ("village", "category")
        for against in ("previous", "last_year")
    }


def opinions_of(analysis):
    return list(analysis.opinions.select_related("owner", "task").order_by("number", "pk"))
