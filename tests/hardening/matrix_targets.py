"""The records the permission matrix opens, picked from the demo county, and the URLs it requests.

Every record kind has three targets, the same for every role:

- "A": a 示范镇 record that the 派出所 handler and the 东村 reporter reach too (a case led by
  派出所 from 东村, a notice to 派出所, a task of 派出所, a report of 东村);
- "B": another 示范镇 record, of another department or workstation (司法所, 西村);
- "C": a record of 和平乡 (another center).
"""

import re
from dataclasses import dataclass
from datetime import date

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver

from governance.institutions.models import Assessment, CaseTag, JointMeeting, MeetingTask, NoticeEvidence, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows
from governance.models import Case, Center, Department, HolidayOverride, HolidayYear, Party, StaffProfile, Workstation
from governance.workflow import OPEN

TARGETS = "ABC"
PROJECT_PACKAGES = ("governance", "pages", "zongzhi")
PROJECT_APP_LABELS = ("analysis", "governance", "incidents", "institutions", "ledgers", "pages", "plans", "prevention", "units", "warnings")
MODELADMIN = re.compile(rf"^({'|'.join(PROJECT_APP_LABELS)})_(\w+?)_modeladmin_(\w+)$")
# Wagtail's own patterns that carry this project's data: the public API (our router), the page
# serving (the public site), and the form submissions (the online requests' personal data).
THIRD_PARTY_PREFIXES = ("api/v2/", "admin/forms/")
MISSING_PK = 987654321


@dataclass(frozen=True)
class Pattern:
    key: str  # the pattern's name, or its route when it has none
    route: str  # the full route, prefixes included
    module: str


def _module_of(callback):
    view_class = getattr(callback, "view_class", None) or getattr(callback, "cls", None)
    return (view_class or callback).__module__


def _walk(resolver, prefix=""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry.name, _module_of(entry.callback)


def _included(route, name, module):
    return module.split(".")[0] in PROJECT_PACKAGES or bool(name and MODELADMIN.match(name)) or route.startswith(THIRD_PARTY_PREFIXES)


def project_patterns():
    """Every URL pattern of this project (see _included), from the resolver, keyed once each."""
    found = [(route, name, module) for route, name, module in _walk(get_resolver()) if _included(route, name, module)]
    names = [name for _route, name, _module in found if name]
    patterns = {}
    for route, name, module in found:
        key = name if name and names.count(name) == 1 else route
        patterns[key] = Pattern(key, route, module)
    return patterns


_GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)|<(?:\w+:)?(\w+)>")


def url_of(route, values):
    def fill(match):
        return str(values[match.group(1) or match.group(2)])

    return "/" + _GROUP.sub(fill, route).replace("^", "").replace("$", "")


def parameters(route):
    return [a or b for a, b in _GROUP.findall(route)]


# --- the records -------------------------------------------------------------------------------------


def _first(queryset):
    record = queryset.order_by("pk").first()
    return record.pk if record else MISSING_PK


class Records:
    """The A/B/C record of each kind, read once from the demo county."""

    def __init__(self):
        self.shifan = Center.objects.get(slug="shifan")
        self.heping = Center.objects.get(slug="heping")
        self.police = Department.objects.get(center=self.shifan, name="派出所")
        self.justice = Department.objects.get(center=self.shifan, name="司法所")
        self.dongcun = Workstation.objects.get(center=self.shifan, name="东村")
        self.kinds = {}
        self._cases()
        self._institutions()
        self._org()
        self._calendar()

    def _set(self, kind, a, b, c):
        self.kinds[kind] = {"A": a, "B": b, "C": c}

    def _cases(self):
        # Open cases: every move and edit the roles may make is possible on them.
        shifan = Case.objects.filter(center=self.shifan, status__in=OPEN)
        a = shifan.filter(lead_department=self.police).order_by("pk").first()
        # The A case comes from 东村, so that the 东村 reporter reaches it as well.
        Case.objects.filter(pk=a.pk).update(workstation=self.dongcun)
        b = shifan.filter(lead_department=self.justice).exclude(workstation=self.dongcun).exclude(cooperating_departments=self.police)
        c = Case.objects.filter(center=self.heping, status__in=OPEN).exclude(lead_department=None)
        self._set("case", a.pk, _first(b), _first(c))
        self.case_codes = dict(Case.objects.values_list("pk", "code"))
        self._set("party", *(_first(Party.objects.filter(case_id=self.kinds["case"][t])) for t in TARGETS))
        self._set("casetag", *(_first(CaseTag.objects.filter(case_id=self.kinds["case"][t])) for t in TARGETS))

    def _institutions(self):
        issued = RectificationNotice.objects.exclude(status__in=(flows.DRAFT, flows.CANCELLED))
        self._set(
            "notice",
            _first(issued.filter(recipient=self.police)),
            _first(issued.filter(center=self.shifan).exclude(recipient=self.police)),
            _first(issued.filter(center=self.heping)),
        )
        for target in TARGETS:  # the demo has rectification evidence in 示范镇 only: give each target notice one
            notice_id = self.kinds["notice"][target]
            if notice_id != MISSING_PK and not NoticeEvidence.objects.filter(notice_id=notice_id).exists():
                NoticeEvidence.objects.create(notice_id=notice_id, file=ContentFile(b"matrix", name="matrix.txt"), description="matrix")
        self._set("evidence", *(_first(NoticeEvidence.objects.filter(notice_id=self.kinds["notice"][t])) for t in TARGETS))
        meetings = JointMeeting.objects.exclude(status=flows.CANCELLED)
        self._set(
            "meeting",
            _first(meetings.filter(center=self.shifan)),
            _first(meetings.filter(center=self.shifan)),
            _first(meetings.filter(center=self.heping)),
        )
        self._set(
            "task",
            _first(MeetingTask.objects.filter(owner=self.police)),
            _first(MeetingTask.objects.filter(center=self.shifan).exclude(owner=self.police)),
            _first(MeetingTask.objects.filter(center=self.heping)),
        )
        self._set(
            "report",
            _first(ScreeningReport.objects.filter(workstation=self.dongcun)),
            _first(ScreeningReport.objects.filter(center=self.shifan).exclude(workstation=self.dongcun)),
            _first(ScreeningReport.objects.filter(center=self.heping)),
        )

        assessments = Assessment.objects.all()
        own = assessments.filter(center=self.shifan).order_by("pk")
        self._set("assessment", _first(own), own[1].pk if own.count() > 1 else _first(own), _first(assessments.filter(center=self.heping)))

    def _org(self):
        self._set("center", self.shifan.pk, self.shifan.pk, self.heping.pk)
        self._set("department", self.police.pk, self.justice.pk, _first(Department.objects.filter(center=self.heping)))
        self._set(
            "workstation",
            self.dongcun.pk,
            _first(Workstation.objects.filter(center=self.shifan).exclude(pk=self.dongcun.pk)),
            _first(Workstation.objects.filter(center=self.heping)),
        )
        profile = StaffProfile.objects.filter
        self._set(
            "staffprofile",
            _first(profile(department=self.police)),
            _first(profile(department=self.justice)),
            _first(profile(center=self.heping, department__isnull=False)),
        )
        # User accounts (the center accounts screens): the 派出所 and 司法所 handlers, a 和平乡 handler.
        users = get_user_model().objects.filter
        self._set(
            "user",
            _first(users(staff_profile__department=self.police)),
            _first(users(staff_profile__department=self.justice)),
            _first(users(staff_profile__center=self.heping, staff_profile__department__isnull=False)),
        )

    @staticmethod
    def _calendar():
        """The holiday calendar comes from the holidays library; give the matrix one entered row each."""
        if not HolidayOverride.objects.exists():
            HolidayOverride.objects.create(date=date(2099, 10, 1), is_workday=False, name="matrix")
        if not HolidayYear.objects.exists():
            HolidayYear.objects.create(year=2099, note="matrix")

    def model_targets(self, app_label, model_name):
        """A/B/C of a model the modeladmin lists: by its center when it has one (read once)."""
        if model_name not in self.kinds:
            self.kinds[model_name] = self._model_targets(apps.get_model(app_label, model_name))
        return self.kinds[model_name]

    def _model_targets(self, model):
        if any(field.name == "center" for field in model._meta.get_fields()):
            own = model.objects.filter(center=self.shifan).order_by("pk")
            other = model.objects.filter(center=self.heping).order_by("pk")
            if not own.exists() and not other.exists():  # county-wide records only (the reference data)
                pk = _first(model.objects.all())
                return {"A": pk, "B": pk, "C": pk}
            return {"A": _first(own), "B": own[1].pk if own.count() > 1 else _first(own), "C": _first(other)}
        pk = _first(model.objects.all())
        return {"A": pk, "B": pk, "C": pk}

    def forbidden_codes(self, role):
        """Case codes that must not appear on an admin page the role opens."""
        if role in ("admin", "county"):
            return []
        if role in ("anonymous", "editor"):
            return list(self.case_codes.values())
        return list(Case.objects.exclude(center=self.shifan).values_list("code", flat=True))


def demo_user(username):
    return get_user_model().objects.get(username=username)
