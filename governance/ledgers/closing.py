"""Monthly closing (月结): a month's cases summed by category, by department and by outcome, as a
printable page and a formatted xlsx (merged title, column widths, totals row).

Counted over the cases the user may see (cases_visible_to), optionally one center (county users):
registered (received in the month), resolved (resolved in the month), of which resolved as settled
(an outcome that counts as resolved), and still open at the month's end. The labels of the form are
Chinese literals like the register headers: it is the county's standard form.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from governance import scoping, workflow
from governance.ledgers.filters import Month
from governance.models import Center
from governance.selectors.cases import cases_visible_to

COLUMNS = ("本月登记", "本月办结", "其中化解", "化解率", "月末在办", "月末超期")
NOT_ROUTED = "（未分流）"
NO_OUTCOME = "（未填写结果）"


@dataclass
class Row:
    label: str
    registered: int = 0
    resolved: int = 0
    settled: int = 0
    open_at_end: int = 0
    overdue_at_end: int = 0

    @property
    def rate(self):
        return f"{100 * self.settled / self.resolved:.1f}%" if self.resolved else "—"

    def cells(self):
        return [self.label, self.registered, self.resolved, self.settled, self.rate, self.open_at_end, self.overdue_at_end]


@dataclass
class Section:
    title: str
    first_header: str
    rows: list = field(default_factory=list)

    @property
    def total(self):
        total = Row("合计")
        for row in self.rows:
            total.registered += row.registered
            total.resolved += row.resolved
            total.settled += row.settled
            total.open_at_end += row.open_at_end
            total.overdue_at_end += row.overdue_at_end
        return total


@dataclass
class OutcomeSection:
    title: str
    rows: list  # (outcome, count)

    @property
    def total(self):
        return sum(count for _label, count in self.rows)


@dataclass
class MonthSummary:
    title: str
    place: str
    month: Month
    sections: list
    outcomes: OutcomeSection


def month_summary(user, month: Month, center_id=None) -> MonthSummary:
    """The month's figures for the cases the user may see (one center if given and allowed)."""
    cases = cases_visible_to(user)
    center = None
    if center_id and scoping.sees_all_centers(user):
        cases = cases.filter(center_id=center_id)
        center = Center.objects.filter(pk=center_id).first()
    elif not scoping.sees_all_centers(user):
        center = Center.objects.filter(pk=scoping.center_id_of(user)).first()
    first, last = month.first, month.last
    in_month = Q(received_on__gte=first, received_on__lte=last)
    resolved = Q(resolved_on__gte=first, resolved_on__lte=last)
    # Open at the end of the month: received by then, not resolved by then, not refused.
    open_end = Q(received_on__lte=last) & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=last)) & ~Q(status=workflow.REJECTED)
    overdue_end = open_end & Q(due_date__lt=last)
    touching = cases.filter(in_month | resolved | open_end)
    counts = {
        "registered": Count("pk", filter=in_month),
        "resolved": Count("pk", filter=resolved),
        "settled": Count("pk", filter=resolved & Q(outcome__counts_as_resolved=True)),
        "open_at_end": Count("pk", filter=open_end),
        "overdue_at_end": Count("pk", filter=overdue_end),
    }

    def section(title, first_header, key, empty_label):
        rows = [
            Row(label=values[key] or empty_label, **{name: values[name] for name in counts})
            for values in touching.values(key).annotate(**counts).order_by(key)
        ]
        rows.sort(key=lambda row: (-row.registered - row.open_at_end, row.label))
        return Section(title, first_header, rows)

    sections = [
        section("按类别", "类别", "category__name", "—"),
        section("按责任单位", "责任单位", "lead_department__name", NOT_ROUTED),
    ]
    if center is None and scoping.sees_all_centers(user):
        sections.insert(0, section("按中心", "中心", "center__name", "—"))
    outcome_rows = [
        (values["outcome__name"] or NO_OUTCOME, values["n"])
        for values in cases.filter(resolved).values("outcome__name").annotate(n=Count("pk")).order_by("-n", "outcome__name")
    ]
    place = center.name if center else "全部中心"
    return MonthSummary(
        title=f"{place}{month.label}矛盾纠纷和信访事项月结汇总表",
        place=place,
        month=month,
        sections=sections,
        outcomes=OutcomeSection("按调处结果（本月办结）", outcome_rows),
    )


def write_xlsx(summary: MonthSummary, stream):
    """The summary as a formatted workbook: merged title, widths, bold headers, totals rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = f"{summary.month.year}年{summary.month.month}月"
    width = 1 + len(COLUMNS)
    thin = Side(style="thin", color="808080")
    border = Border(top=thin, bottom=thin, left=thin, right=thin)
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="E8EEF7")
    center = Alignment(horizontal="center", vertical="center")

    sheet.cell(row=1, column=1, value=summary.title).font = Font(bold=True, size=16)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    sheet.cell(row=1, column=1).alignment = center
    sheet.row_dimensions[1].height = 30
    sheet.cell(row=2, column=1, value=f"统计期间：{summary.month.first:%Y-%m-%d} 至 {summary.month.last:%Y-%m-%d}")
    sheet.merge_cells(start_row=2, start_column=1, end_row=2, end_column=width)
    row = 4

    def table(title, headers, body, total):
        nonlocal row
        sheet.cell(row=row, column=1, value=title).font = Font(bold=True, size=12)
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
        row += 1
        for index, header in enumerate(headers, start=1):
            cell = sheet.cell(row=row, column=index, value=header)
            cell.font, cell.fill, cell.border, cell.alignment = bold, fill, border, center
        row += 1
        for values in [*body, total]:
            for index, value in enumerate(values, start=1):
                cell = sheet.cell(row=row, column=index, value=value)
                cell.border = border
                if index > 1:
                    cell.alignment = Alignment(horizontal="right")
                if values is total:
                    cell.font = bold
            row += 1
        row += 1

    for section in summary.sections:
        table(section.title, [section.first_header, *COLUMNS], [r.cells() for r in section.rows], section.total.cells())
    table(
        summary.outcomes.title,
        ["调处结果", "件数", "占比"],
        [[label, count, f"{100 * count / summary.outcomes.total:.1f}%"] for label, count in summary.outcomes.rows],
        ["合计", summary.outcomes.total, "100.0%" if summary.outcomes.total else "—"],
    )
    sheet.column_dimensions["A"].width = 22
    for index in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.print_options.horizontalCentered = True
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.fitToWidth = 1
    book.save(stream)
