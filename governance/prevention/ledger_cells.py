"""Reading the cells of a 群防群治活动台账 row (governance.prevention.ledger_import): dates, the
time range, hours, teams and villages by name within the center, the state and the findings. The
same function reads a sheet's row and a stored patrol's export record, so a re-import compares like
with like. Pure but for the center's names, loaded once per file (`Context`)."""

from __future__ import annotations

import re
from datetime import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from governance.ledgers import messages as msg
from governance.ledgers import parsing
from governance.prevention import flows
from governance.prevention.ledger import FINDING_KIND_TEXT, STATUS_TEXT
from governance.prevention.models import Finding, Patrol, Team
from governance.prevention.services import common

# Texts of the file format (Chinese on purpose, as governance.ledgers.messages).
TIME_INVALID = "无法识别的时间“{value}”：请填写开始和结束时间，如 08:00—10:00。"
HOURS_INVALID = "“{value}”不是有效的时长：请填写小时数，如 2 或 2.5。"
HOURS_RANGE = "时长“{value}”不在合理范围内：应大于 0，最多 24 小时。"
UNKNOWN_TEAM = "本中心没有名为“{value}”的群防群治队伍。现有：{choices}。"
TEAM_INACTIVE = "队伍“{value}”已暂停或解散，不能记录新的活动。"
UNKNOWN_STATUS = "未知的状态“{value}”。可选：{choices}。"
UNKNOWN_FINDING_KIND = "第 {n} 个问题的类别“{value}”无法识别：请写［隐患］、［纠纷］或［其他］。"
DUPLICATE = "与{row}是同一次活动（活动日期、开始时间、参加队伍和区域或路线都相同）。"
DIFF_EXISTING = "导入不能接受：系统中已有的活动记录不会被导入改写，请在该活动记录中核对（已审核的记录只读）。"
NOTE_CASE_CODES = "“转立案件编号”列不导入：导入的问题不会转为案件，是否转立由中心在活动记录中决定。"
NOTE_SKIPPED = "{count} 行的活动已在系统中，内容相同，不会重复导入。"
NOTE_DIFFERENT = (
    "{count} 行的活动已在系统中（活动日期、开始时间、参加队伍和区域或路线相同），但内容不同：这些行不会导入，也不会改写系统中的记录（差异见下表）。"
)
NOT_ALLOWED = "只有本中心可以记录群防群治活动的工作人员才能导入本台账。"
TAKEN_SINCE = "这次活动在预览之后已由另一次导入写入，请重新上传并预览。"

REQUIRED = ("patrol_date", "time", "teams", "route", "people_count", "hours")
NOT_COMPARED = frozenset({"center", "case_codes", "recorded_by", "row_number"})
IDENTITY = ("patrol_date", "time", "teams", "route")
STATUS_OF = {text: state for state, text in STATUS_TEXT.items()}
KIND_OF = {text: kind for kind, text in FINDING_KIND_TEXT.items()}
ROUTE_MAX = Patrol._meta.get_field("route").max_length
PLACE_MAX = Finding._meta.get_field("place").max_length

_TIME = re.compile(r"(\d{1,2})[:时](\d{2})分?(?:—|–|-|~|～|至|到)+(\d{1,2})[:时](\d{2})分?")
_NUMBERED = re.compile(r"(?:^|[；;\n])\s*\d+\s*[.、)）]\s*")
_KIND = re.compile(r"^[［\[【]([^］\]】]*)[］\]】]\s*")
_HOURS = re.compile(r"(\d+(?:\.\d+)?)(?:小时|h|H)?")


class Context:
    def __init__(self, center):
        self.center = center
        self.today = common.today()
        self.teams = {name: (pk, status) for pk, name, status in Team.objects.filter(center=center).values_list("pk", "name", "status")}
        self.villages = dict(center.workstations.values_list("name", "pk"))
        self.center_names = {parsing.normalise_header(center.name), parsing.normalise_header(center.short_name)}


def _names(cell):
    return [name for name in (part.strip() for part in parsing.split_list(cell)) if name]


def _time(cell):
    text = parsing.fold_width(parsing.cell_text(cell)).replace(" ", "")
    match = _TIME.fullmatch(text)
    if not match:
        raise parsing.ParseError(TIME_INVALID.format(value=parsing.cell_text(cell)))
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        return time(h1, m1), time(h2, m2)
    except ValueError:
        raise parsing.ParseError(TIME_INVALID.format(value=parsing.cell_text(cell))) from None


def _hours(cell):
    text = parsing.fold_width(parsing.cell_text(cell)).replace(" ", "")
    match = _HOURS.fullmatch(text)
    if not match:
        raise parsing.ParseError(HOURS_INVALID.format(value=parsing.cell_text(cell)))
    try:
        hours = Decimal(match.group(1)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    except InvalidOperation:
        raise parsing.ParseError(HOURS_INVALID.format(value=parsing.cell_text(cell))) from None
    if hours <= 0 or hours > 24:
        raise parsing.ParseError(HOURS_RANGE.format(value=parsing.cell_text(cell)))
    return hours


def _findings(cell):
    """(kind, place, description) of each finding in the cell: numbered as the export writes them,
    or one per line; a leading ［隐患］/［纠纷］/［其他］ says the kind (其他 when none does)."""
    text = parsing.cell_text(cell)
    if not text or parsing.is_placeholder(text):
        return ()
    if _NUMBERED.match(parsing.fold_width(text)):
        parts = _NUMBERED.split(text)
    else:
        parts = text.splitlines()
    found = []
    for part in (p.strip().rstrip("；;").strip() for p in parts):
        if not part:
            continue
        kind = "other"
        if match := _KIND.match(part):
            kind = KIND_OF.get(match.group(1).strip())
            if kind is None:
                raise parsing.ParseError(UNKNOWN_FINDING_KIND.format(n=len(found) + 1, value=match.group(1)))
            part = part[match.end() :].strip()
        place, sep, description = part.partition("：")
        if not sep or not description.strip() or len(place) > 20:
            place, description = "", part
        found.append((kind, place.strip(), description.strip()))
    return tuple(found)


def read_row(raw, ctx):
    """The row's cells as values (patrol ids, times, Decimal hours…) and {accessor: problem}."""
    values, errors = {}, {}

    def text(accessor):
        cell = raw.get(accessor)
        return "" if parsing.is_placeholder(cell) else parsing.cell_text(cell)

    readers = {
        "patrol_date": parsing.parse_date,
        "time": _time,
        "people_count": parsing.parse_count,
        "hours": _hours,
        "findings": _findings,
    }
    for accessor, read in readers.items():
        if accessor in raw and not parsing.is_blank(raw[accessor]):
            try:
                values[accessor] = read(raw[accessor])
            except parsing.ParseError as exc:
                errors[accessor] = str(exc)
    values.setdefault("findings", ())
    team_ids, team_names = [], []
    for name in _names(text("teams")):
        if name not in ctx.teams:
            errors["teams"] = UNKNOWN_TEAM.format(value=name, choices="、".join(sorted(ctx.teams)) or "（无）")
        else:
            team_ids.append(ctx.teams[name][0])
            team_names.append(name)
    values["teams"], values["team_names"] = tuple(sorted(set(team_ids))), sorted(set(team_names))
    village_ids = set()
    for name in _names(text("villages")):
        if name not in ctx.villages:
            errors["villages"] = msg.UNKNOWN_WORKSTATION.format(value=name, choices="、".join(sorted(ctx.villages)))
        else:
            village_ids.add(ctx.villages[name])
    values["villages"] = tuple(sorted(village_ids))
    values["route"] = text("route")
    if len(values["route"]) > ROUTE_MAX:
        errors["route"] = msg.TOO_LONG.format(length=len(values["route"]), limit=ROUTE_MAX)
    values["summary"] = text("summary")
    status_text = text("status")
    values["status"] = STATUS_OF.get(status_text, flows.RECORDED if not status_text else None)
    if values["status"] is None:
        errors["status"] = UNKNOWN_STATUS.format(value=status_text, choices="、".join(STATUS_OF))
    values["center"] = text("center")
    return values, errors


def key_of(values):
    return (values.get("patrol_date"), (values.get("time") or (None,))[0], values.get("teams"), re.sub(r"\s+", "", values.get("route") or ""))
