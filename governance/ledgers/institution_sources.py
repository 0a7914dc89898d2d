"""The sources of the joint-meeting and screening-report registers: those records read as ledger rows.

Like the case source (governance.ledgers.cases), a source scopes the records to the user through the
institutions' visibility selectors (center staff: their center; county staff: every center, and the
export adds the center column; department handlers: their center's meetings and no reports;
workstation reporters: their own workstation's reports) and needs the model's view permission.

A record is a dict from accessor (registers.Column.accessor) to display value. Records are built in
chunks with a fixed number of queries per chunk (the meetings or reports with their names joined,
then attendance, agenda and tasks, or the reports' items), so an export costs the same per row
whatever the table size.

The export form's month (pipeline.export_spec) selects meetings by the day they were held (the day
scheduled until then) and reports by the half-month they cover. A few parameters of the
institutions' own lists narrow the export further (meetings: kind__exact, status__exact; reports:
kind__exact, is_zero__exact, on_time__exact, workstation, period = the first day of a half-month);
any other parameter, or a value these do not know, is ignored: the case list's filters mean nothing
here.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance import scoping
from governance.institutions.models import AgendaItem, JointMeeting, MeetingAttendance, MeetingTask, ScreeningItem, ScreeningReport
from governance.institutions.rules import flows, periods
from governance.institutions.selectors.visibility import meetings_visible_to, reports_visible_to
from governance.ledgers.cases import CHUNK, numbered_records
from governance.ledgers.registers import MEETING_KIND_TEXT, MEETING_STATUS_TEXT, REPORT_KIND_TEXT, TASK_STATUS_TEXT
from governance.models import Workstation

ITEM_SEPARATOR = "；"
UNIT_SEPARATOR = "、"
YES_NO = {"1": (True, _("Yes")), "0": (False, _("No"))}


def _numbered(pairs):
    """(number, text) pairs in one cell: "1.…；2.…" (empty texts left out), or the text alone when
    there is only one pair."""
    pairs = list(pairs)
    if len(pairs) == 1:
        return pairs[0][1] or ""
    return ITEM_SEPARATOR.join(f"{number}.{text}" for number, text in pairs if text)


def _person(username, first_name, last_name):
    # Chinese names: surname first, no space.
    return (last_name or "") + (first_name or "") or username or ""


def _choices(pairs):
    """A parameter's accepted texts from model choices: {value: (value, label)}."""
    return {str(value): (value, label) for value, label in pairs}


class _Param:
    """A query parameter that narrows the records to one value of a field; unknown values are ignored."""

    def __init__(self, name, lookup, title, choices=None, parse=None):
        self.name, self.lookup, self.title = name, lookup, title
        self.choices, self.parse = choices, parse

    def read(self, request, text):
        """(value, label) for this text, or None when the text means nothing here."""
        if self.parse is not None:
            return self.parse(request, text)
        return self.choices.get(text)


class _InstitutionSource:
    model = None
    permission = ""
    month_field = ""
    month_help = ""
    order = ()
    params = ()

    def visible(self, user):
        raise NotImplementedError

    def available_to(self, user):
        """Whether the register is offered to the user: not to those whose role sees none of its
        records (department handlers see no screening reports, workstation reporters no meetings),
        whatever their records today."""
        return user.has_perm(self.permission) and not self.visible(user).query.is_empty()

    def queryset(self, user, register=None):
        if not user.has_perm(self.permission):
            return self._prepare(self.model.objects.none())
        return self._prepare(self.visible(user))

    def filter(self, request, register, params):
        queryset = self.queryset(request.user, register)
        for param, value, _label in self._chosen(request, params):
            queryset = queryset.filter(**{param.lookup: value})
        return queryset

    def hidden_params(self, params):
        names = {param.name for param in self.params}
        return [(key, value) for key, values in params.lists() if key in names for value in values]

    def filter_labels(self, request, register, params):
        return [(str(param.title), str(label)) for param, _value, label in self._chosen(request, params)]

    def _chosen(self, request, params):
        chosen = []
        for param in self.params:
            text = (params.get(param.name) or "").strip()
            found = param.read(request, text) if text else None
            if found is not None:
                chosen.append((param, *found))
        return chosen

    def records(self, queryset, chunk_size=CHUNK):
        rows = self._prepare(queryset).order_by(*self.order).values(*self.values).iterator(chunk_size=chunk_size)
        return numbered_records(rows, self._related, self._record, chunk_size)

    def _prepare(self, queryset):
        return queryset


# --- joint meetings ------------------------------------------------------------------------------


class MeetingSource(_InstitutionSource):
    """Joint meetings as ledger records: one per meeting, with its attendance, agenda and decisions."""

    model = JointMeeting
    permission = "institutions.view_jointmeeting"
    month_field = "ledger_date"  # the day held, or scheduled until then
    month_help = _("Optional. Exports the meetings held (or scheduled) in that month, with a title row for the center and month.")
    order = ("ledger_date", "pk")
    values = ("pk", "center__name", "title", "kind", "ledger_date", "place", "chair", "recorder", "status")
    params = (
        _Param("kind__exact", "kind", JointMeeting._meta.get_field("kind").verbose_name, _choices(JointMeeting.Kind.choices)),
        _Param("status__exact", "status", JointMeeting._meta.get_field("status").verbose_name, _choices(flows.MEETING_FLOW.states)),
    )

    def visible(self, user):
        return meetings_visible_to(user)

    def _prepare(self, queryset):
        if "ledger_date" in queryset.query.annotations:
            return queryset
        return queryset.annotate(ledger_date=Coalesce("held_on", "scheduled_on"))

    def _related(self, ids):
        attendance = defaultdict(list)
        for meeting_id, status, name in (
            MeetingAttendance.objects.filter(meeting_id__in=ids)
            .order_by("meeting_id", "department__sort_order", "department__name", "pk")
            .values_list("meeting_id", "status", "department__name")
        ):
            attendance[meeting_id].append((status, name))
        agenda = defaultdict(list)
        agenda_items = AgendaItem.objects.filter(meeting_id__in=ids).order_by("meeting_id", "order", "pk")
        for meeting_id, title in agenda_items.values_list("meeting_id", "title"):
            agenda[meeting_id].append(title)
        tasks = defaultdict(list)
        for row in (
            MeetingTask.objects.filter(meeting_id__in=ids)
            .order_by("meeting_id", "number", "pk")
            .values("meeting_id", "number", "decision", "owner__name", "deadline", "status", "progress_note", "done_on")
        ):
            tasks[row["meeting_id"]].append(row)
        return {"attendance": attendance, "agenda": agenda, "tasks": tasks, "today": timezone.localdate()}

    @staticmethod
    def _progress(task, today):
        text = TASK_STATUS_TEXT.get(task["status"], task["status"])
        if task["status"] in flows.TASK_PENDING and task["deadline"] < today:
            text += "（已逾期）"
        if task["status"] == flows.DONE and task["done_on"]:
            text += f"（{task['done_on']:%Y-%m-%d}）"
        note = (task["progress_note"] or "").strip()
        return f"{text}：{note}" if note else text

    def _record(self, number, row, related):
        pk = row["pk"]
        attendance = related["attendance"].get(pk, ())
        absent = [name for status, name in attendance if status == MeetingAttendance.Status.ABSENT]
        absent += [f"{name}（请假）" for status, name in attendance if status == MeetingAttendance.Status.EXCUSED]
        tasks = related["tasks"].get(pk, ())
        today = related["today"]
        return {
            "row_number": number,
            "center": row["center__name"],
            "title": row["title"],
            "kind": MEETING_KIND_TEXT.get(row["kind"], row["kind"]),
            "meeting_date": row["ledger_date"],
            "place": row["place"],
            "chair": row["chair"],
            "recorder": row["recorder"],
            "expected_units": UNIT_SEPARATOR.join(name for _status, name in attendance),
            "present_units": UNIT_SEPARATOR.join(name for status, name in attendance if status == MeetingAttendance.Status.PRESENT),
            "absent_units": UNIT_SEPARATOR.join(absent),
            "agenda": _numbered(enumerate(related["agenda"].get(pk, ()), start=1)),
            "decisions": _numbered((t["number"], t["decision"].strip()) for t in tasks),
            "task_owners": _numbered((t["number"], t["owner__name"]) for t in tasks),
            "task_deadlines": _numbered((t["number"], f"{t['deadline']:%Y-%m-%d}") for t in tasks),
            "task_progress": _numbered((t["number"], self._progress(t, today)) for t in tasks),
            "status": MEETING_STATUS_TEXT.get(row["status"], row["status"]),
        }


# --- screening reports ---------------------------------------------------------------------------


def _workstation(request, text):
    if not text.isdigit():
        return None
    name = scoping.scope_to_user(Workstation.objects.filter(pk=int(text)), request.user).values_list("name", flat=True).first()
    return (int(text), name) if name is not None else None


def _half_month(request, text):
    try:
        start = date.fromisoformat(text)
        period = periods.half_month_starting(start)
    except (TypeError, ValueError):
        return None
    return period.start, period.label


class ScreeningReportSource(_InstitutionSource):
    """Screening reports as ledger records: one per report, with the matters found in it."""

    model = ScreeningReport
    permission = "institutions.view_screeningreport"
    month_field = "period_start"  # the half-months of the month
    month_help = _("Optional. Exports the reports for the half-months of that month, with a title row for the center and month.")
    order = ("period_start", "center__name", "workstation__name", "filed_on", "pk")
    values = (
        "pk",
        "center__name",
        "workstation__name",
        "kind",
        "period_start",
        "period_end",
        "filed_on",
        "on_time",
        "is_zero",
        "summary",
        "people_count",
        "filed_by__username",
        "filed_by__first_name",
        "filed_by__last_name",
        "incident_case__code",
        "incident_case__category__name",
    )
    params = (
        _Param("kind__exact", "kind", ScreeningReport._meta.get_field("kind").verbose_name, _choices(ScreeningReport.Kind.choices)),
        _Param("is_zero__exact", "is_zero", ScreeningReport._meta.get_field("is_zero").verbose_name, YES_NO),
        _Param("on_time__exact", "on_time", ScreeningReport._meta.get_field("on_time").verbose_name, YES_NO),
        _Param("workstation", "workstation_id", ScreeningReport._meta.get_field("workstation").verbose_name, parse=_workstation),
        _Param("period", "period_start", _("Period"), parse=_half_month),
    )

    def visible(self, user):
        return reports_visible_to(user)

    def _related(self, ids):
        items = defaultdict(list)
        for row in (
            ScreeningItem.objects.filter(report_id__in=ids)
            .order_by("report_id", "pk")
            .values("report_id", "category__name", "summary", "place", "party_name", "case__code")
        ):
            items[row["report_id"]].append(row)
        return {"items": items}

    @staticmethod
    def _record(number, row, related):
        items = related["items"].get(row["pk"], ())
        urgent = row["kind"] == ScreeningReport.Kind.URGENT
        summary = (row["summary"] or "").strip()
        found = [
            (n, f"{item['place'].strip()}：{item['summary'].strip()}" if item["place"].strip() else item["summary"].strip())
            for n, item in enumerate(items, start=1)
        ]
        if urgent:
            categories = row["incident_case__category__name"] or ""
        else:
            categories = _numbered((n, item["category__name"]) for n, item in enumerate(items, start=1))
        described = ITEM_SEPARATOR.join(part for part in (summary.rstrip("。；;") if found else summary, _numbered(found)) if part)
        codes = [item["case__code"] for item in items if item["case__code"]]
        if row["incident_case__code"]:
            codes.append(row["incident_case__code"])
        return {
            "row_number": number,
            "center": row["center__name"],
            "workstation": row["workstation__name"],
            "kind": REPORT_KIND_TEXT.get(row["kind"], row["kind"]),
            "period": f"{row['period_start']:%Y-%m-%d}至{row['period_end']:%Y-%m-%d}",
            "filed_on": row["filed_on"],
            "on_time": row["on_time"],
            "is_zero": row["is_zero"],
            "item_count": 1 if urgent else len(items),
            "categories": categories,
            "summary": described,
            "party_names": _numbered((n, (item["party_name"] or "").strip()) for n, item in enumerate(items, start=1)),
            "people_count": row["people_count"],
            "case_codes": UNIT_SEPARATOR.join(codes),
            "filed_by": _person(row["filed_by__username"], row["filed_by__first_name"], row["filed_by__last_name"]),
        }


MEETING_SOURCE = MeetingSource()
SCREENING_SOURCE = ScreeningReportSource()
