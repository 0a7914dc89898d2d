"""The 群防群治活动台账 (the joint-prevention activity register): the patrol log read as a standard
register, exported like the others (governance.ledgers: xlsx, monthly title row, audit row) and
imported through the same upload, preview and confirm steps by its own importer
(governance.prevention.ledger_import: patrols, not cases; their findings are never made cases by an
import). The export re-imports as it is and creates nothing (a patrol is identified by its center,
date, start time, teams and route).

One row per patrol; its findings share a cell, numbered when there are several, and the cases they
became are joined with "、". No personal data: members are not listed, only the teams.
"""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from governance.ledgers import registers
from governance.ledgers.institution_sources import ITEM_SEPARATOR, UNIT_SEPARATOR, _choices, _InstitutionSource, _numbered, _Param, _person
from governance.ledgers.registers import ROW_NUMBER, Register, _cell, register_ledger
from governance.prevention import flows
from governance.prevention.models import Finding, Patrol
from governance.prevention.selectors import patrols_visible_to

STATUS_TEXT = {flows.RECORDED: "已记录", flows.REVIEWED: "已审核", flows.RETURNED: "已退回"}
FINDING_KIND_TEXT = {"hazard": "隐患", "dispute": "纠纷", "other": "其他"}


class PatrolSource(_InstitutionSource):
    """Patrols as ledger records: one per patrol, with its teams, villages and findings."""

    model = Patrol
    permission = "prevention.view_patrol"
    month_field = "patrol_date"
    month_help = _("Optional. Exports the patrols of that month, with a title row for the center and month.")
    order = ("patrol_date", "start_time", "pk")
    values = (
        "pk",
        "center__name",
        "patrol_date",
        "start_time",
        "end_time",
        "route",
        "people_count",
        "hours",
        "summary",
        "status",
        "recorded_by__username",
        "recorded_by__first_name",
        "recorded_by__last_name",
    )
    params = (_Param("status__exact", "status", _("status"), _choices(flows.PATROL_FLOW.states)),)

    def visible(self, user):
        return patrols_visible_to(user)

    def _related(self, ids):
        teams, villages, findings = defaultdict(list), defaultdict(list), defaultdict(list)
        for patrol_id, name in Patrol.teams.through.objects.filter(patrol_id__in=ids).order_by("team__name").values_list("patrol_id", "team__name"):
            teams[patrol_id].append(name)
        villages_rows = Patrol.villages.through.objects.filter(patrol_id__in=ids).order_by("workstation__name")
        for patrol_id, name in villages_rows.values_list("patrol_id", "workstation__name"):
            villages[patrol_id].append(name)
        for row in (
            Finding.objects.filter(patrol_id__in=ids).order_by("patrol_id", "pk").values("patrol_id", "kind", "description", "place", "case__code")
        ):
            findings[row["patrol_id"]].append(row)
        return {"teams": teams, "villages": villages, "findings": findings}

    @staticmethod
    def _record(number, row, related):
        pk = row["pk"]
        found = related["findings"].get(pk, ())
        described = [
            (
                n,
                f"［{FINDING_KIND_TEXT.get(f['kind'], f['kind'])}］{f['place'].strip() + '：' if f['place'].strip() else ''}{f['description'].strip()}",
            )
            for n, f in enumerate(found, start=1)
        ]
        return {
            "row_number": number,
            "center": row["center__name"],
            "patrol_date": row["patrol_date"],
            "time": f"{row['start_time']:%H:%M}—{row['end_time']:%H:%M}",
            "teams": UNIT_SEPARATOR.join(related["teams"].get(pk, ())),
            "route": row["route"],
            "villages": UNIT_SEPARATOR.join(related["villages"].get(pk, ())),
            "people_count": row["people_count"],
            "hours": f"{row['hours']:.1f}",
            "summary": (row["summary"] or "").strip(),
            "findings": _numbered(described) if described else "无",
            "case_codes": UNIT_SEPARATOR.join(f["case__code"] for f in found if f["case__code"]),
            "status": STATUS_TEXT.get(row["status"], row["status"]),
            "recorded_by": _person(row["recorded_by__username"], row["recorded_by__first_name"], row["recorded_by__last_name"]),
        }


PATROL_SOURCE = PatrolSource()
registers.SOURCES.setdefault("patrol", "governance.prevention.ledger.PATROL_SOURCE")

PATROLS = register_ledger(
    Register(
        slug="patrols",
        title="群防群治活动台账",
        label=_("Group prevention activity register"),
        record_type="patrol",
        importer="governance.prevention.ledger_import",
        required=("patrol_date", "time", "teams", "route"),
        columns=(
            ROW_NUMBER,
            _cell("活动日期", "patrol_date", kind="date", width=12),
            _cell("时间", "time", width=12),
            _cell("参加队伍", "teams", width=24),
            _cell("区域或路线", "route", width=24),
            _cell("涉及村（社区）", "villages", width=16),
            _cell("参加人数", "people_count", kind="count", width=8),
            _cell("时长（小时）", "hours", width=10),
            _cell("活动情况", "summary", width=30),
            _cell("发现问题", "findings", width=40),
            _cell("转立案件编号", "case_codes", width=26),
            _cell("状态", "status", width=8),
            _cell("记录人", "recorded_by", width=10),
        ),
    )
)

__all__ = ["ITEM_SEPARATOR", "PATROLS", "PATROL_SOURCE"]
