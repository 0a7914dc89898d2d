"""Where the figures come from: one `FigureSource` per kind of record, each turning a center's
records of a date range into `figures.Fact`s (a constant number of queries whatever their number).

FIGURE_SOURCES is the hook for later record types: the incidents of governance/incidents (联动:
群体性事件 and their early signs) are added by appending a FigureSource with the key "incident"
(`figures.CASE_RECORDS` already treats it as a case-like record) — nothing else changes: the
tables, the comparison, the ranking, the draft text and the PDF read the rows they are given.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from governance.analysis.figures import NONE, Fact
from governance.models import Case, CaseKind


@dataclass(frozen=True)
class FigureSource:
    key: str  # the record type's key in the tables
    label: object  # its name in the tables (lazy: read in Chinese when a snapshot is taken)
    collect: Callable[[int, date, date], list]  # (center_id, first day, last day) -> [Fact]


def _name(related):
    return related.name if related is not None else NONE


def _cases(kind):
    def collect(center_id, first, last):
        rows = Case.objects.filter(center_id=center_id, kind=kind, received_on__range=(first, last)).select_related(
            "workstation", "category", "source"
        )
        return [
            Fact(kind, case.received_on, _name(case.workstation), _name(case.category), _name(case.source), case.pk)
            for case in rows.only("pk", "received_on", "workstation__name", "category__name", "source__name")
        ]

    return collect


def _screening_items(center_id, first, last):
    from governance.institutions.models import ScreeningItem

    source = str(_("Screening reports"))
    rows = ScreeningItem.objects.filter(report__center_id=center_id, report__filed_on__range=(first, last)).select_related(
        "report__workstation", "category"
    )
    return [Fact("screening", item.report.filed_on, _name(item.report.workstation), _name(item.category), source, item.case_id) for item in rows]


def _patrol_findings(center_id, first, last):
    from governance.prevention.models import Finding

    source = str(_("Patrol findings"))
    rows = Finding.objects.filter(patrol__center_id=center_id, patrol__patrol_date__range=(first, last)).select_related(
        "patrol", "village", "case__category"
    )
    facts = []
    for finding in rows:
        category = _name(finding.case.category) if finding.case_id else str(finding.get_kind_display())
        facts.append(Fact("finding", finding.patrol.patrol_date, _name(finding.village), category, source, finding.case_id))
    return facts


FIGURE_SOURCES = [
    FigureSource(CaseKind.DISPUTE.value, _("Disputes"), _cases(CaseKind.DISPUTE.value)),
    FigureSource(CaseKind.PETITION.value, _("Petitions"), _cases(CaseKind.PETITION.value)),
    FigureSource(CaseKind.HAZARD.value, _("Hazards"), _cases(CaseKind.HAZARD.value)),
    FigureSource("screening", _("Screening report items"), _screening_items),
    FigureSource("finding", _("Patrol findings"), _patrol_findings),
    # Incidents (governance/incidents) join here: FigureSource("incident", _("Incidents"), collect).
]


def collect(center_id, first, last, sources=None):
    """Every fact of the center between `first` and `last`, from every figure source."""
    facts = []
    for source in FIGURE_SOURCES if sources is None else sources:
        facts.extend(source.collect(center_id, first, last))
    return facts


def record_labels(sources=None):
    return {source.key: str(source.label) for source in (FIGURE_SOURCES if sources is None else sources)}
