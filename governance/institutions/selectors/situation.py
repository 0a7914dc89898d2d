"""The situation analysis (形势分析) on the admin home: figures for the charts and the early warnings.

Everything is read through cases_visible_to, so a center sees its own situation and the county
all of its centers. A fixed number of aggregate queries, whatever the number of cases.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from governance import scoping
from governance.institutions.models import InstitutionSettings, settings_for
from governance.institutions.rules import periods
from governance.institutions.rules import warnings as rules
from governance.models import OPEN_STATUSES, CaseKind, FollowUp, Party, ReferenceItem, Workstation
from governance.rules.identity import mask_name
from governance.selectors.cases import cases_visible_to

KIND_COLOURS = {
    CaseKind.DISPUTE: "#1f6feb",
    CaseKind.PETITION: "#a61b1b",
    CaseKind.HAZARD: "#c77c02",
    CaseKind.INCIDENT: "#6f42c1",
}
SATISFACTION_COLOURS = {
    FollowUp.Result.SATISFIED: "#2b8a3e",
    FollowUp.Result.PARTLY: "#e8a317",
    FollowUp.Result.NOT_RESOLVED: "#c92a2a",
}
MONTHS = 12


@dataclass
class Warning:
    kind: str  # "village", "category", "repeat", "group"
    text: str
    case_ids: list = field(default_factory=list)

    @property
    def url(self):
        return cases_url(self.kind, self.case_ids)


def cases_url(kind, case_ids):
    return reverse("institutions_warning_cases") + "?" + urlencode({"kind": kind, "ids": ",".join(str(i) for i in case_ids)})


def config_for(user):
    """The center's own warning settings; the defaults for county users, who see several centers."""
    center_id = scoping.center_id_of(user)
    return settings_for(center_id) if center_id else InstitutionSettings()


def spike_rule(config):
    return rules.SpikeRule(
        window_days=config.spike_window_days,
        baseline_windows=config.spike_baseline_windows,
        factor=float(config.spike_factor),
        min_count=config.spike_min_count,
    )


# --- the charts' figures ------------------------------------------------------------------------------


def month_trend(cases, today):
    months = periods.months_back(today, MONTHS)
    counts = {
        (row["month"], row["kind"]): row["n"]
        for row in cases.filter(received_on__gte=months[0]).annotate(month=TruncMonth("received_on")).values("month", "kind").annotate(n=Count("pk"))
    }
    labels = [f"{m.month}月" if m.month != 1 else f"{m.year}年1月" for m in months]
    series = [(label, KIND_COLOURS[value], [counts.get((m, value), 0) for m in months]) for value, label in CaseKind.choices]
    return labels, series


def category_share(cases, today):
    since = periods.add_months(today, -(MONTHS - 1))
    rows = list(cases.filter(received_on__gte=since).values("category__name").annotate(n=Count("pk")).order_by("-n", "category__name"))
    total = sum(r["n"] for r in rows) or 1
    return [(r["category__name"], r["n"], None, f"{round(100 * r['n'] / total)}%") for r in rows[:10]]


def by_village(cases, today):
    since = periods.add_months(today, -(MONTHS - 1))
    rows = cases.filter(received_on__gte=since).values("workstation__name").annotate(n=Count("pk")).order_by("-n", "workstation__name")
    return [(r["workstation__name"] or _("Township (no village)"), r["n"], None, "") for r in rows[:12]]


def overdue_by_department(cases, today, with_center=False):
    """Overdue open cases per lead department; with_center (county users) names the center too,
    since every township has its own 派出所, 司法所…"""
    overdue = cases.filter(status__in=OPEN_STATUSES, due_date__lt=today)
    rows = (
        overdue.values("lead_department_id", "lead_department__name", "center__short_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "center__short_name", "lead_department__name")
    )
    result = []
    for row in rows:
        ids = list(
            overdue.filter(lead_department_id=row["lead_department_id"], center__short_name=row["center__short_name"]).values_list("pk", flat=True)[
                :200
            ]
        )
        label = row["lead_department__name"] or _("Not routed")
        if with_center:
            label = f"{row['center__short_name']} · {label}"
        result.append((label, row["n"], cases_url("overdue", ids), ""))
    return result


def satisfaction(cases, today):
    since = periods.add_months(today, -(MONTHS - 1))
    counts = dict(FollowUp.objects.filter(case__in=cases, visited_on__gte=since).values("result").annotate(n=Count("pk")).values_list("result", "n"))
    return [(label, counts.get(value, 0), SATISFACTION_COLOURS[value]) for value, label in FollowUp.Result.choices]


# --- early warnings -------------------------------------------------------------------------------------


def spike_warnings(cases, today, rule):
    first_day = rules.windows(today, rule)[0][0]
    recent = cases.filter(received_on__gte=first_day, received_on__lte=today)
    current_from = rules.windows(today, rule)[-1][0]
    found = []
    for kind, field_name, names in (
        ("village", "workstation_id", lambda ids: dict(Workstation.objects.filter(pk__in=ids).values_list("pk", "name"))),
        ("category", "category_id", lambda ids: dict(ReferenceItem.objects.filter(pk__in=ids).values_list("pk", "name"))),
    ):
        rows = [(key, day) for key, day in recent.values_list(field_name, "received_on") if key is not None]
        spikes = rules.detect_spikes(rules.count_by_window(rows, today, rule), rule)
        if not spikes:
            continue
        label_of = names([s.key for s in spikes])
        for spike in spikes:
            ids = list(recent.filter(**{field_name: spike.key}, received_on__gte=current_from).values_list("pk", flat=True))
            text = _("%(name)s: %(current)s cases in the last %(days)s days, against %(baseline)s on average before") % {
                "name": label_of.get(spike.key, "?"),
                "current": spike.current,
                "days": rule.window_days,
                "baseline": _fmt(spike.baseline),
            }
            found.append(Warning(kind, text, ids))
    return found


def _fmt(number):
    return str(int(number)) if float(number).is_integer() else f"{number:.1f}"


# Cases a person brought themselves; matters raised by a workstation or found in screening name the
# workstation (or whoever it met) as applicant, who did not "file" anything.
NOT_FILED_BY_THE_PERSON = ("workstation", "screening")


def repeat_filer_warnings(cases, today, config):
    since = today - timedelta(days=config.repeat_filer_days)
    filed = cases.filter(received_on__gte=since).exclude(source__code__in=NOT_FILED_BY_THE_PERSON)
    rows = Party.objects.filter(case__in=filed, role=Party.Role.APPLICANT).values_list("name", "id_number", "phone", "case_id")
    filers = rules.repeat_filers(((rules.person_key(n, i, p), n, c) for n, i, p, c in rows), config.repeat_filer_threshold)
    return [
        Warning(
            "repeat",
            _("%(name)s filed %(count)s cases in %(days)s days") % {"name": mask_name(f.name), "count": f.count, "days": config.repeat_filer_days},
            sorted(f.case_ids),
        )
        for f in filers
    ]


def group_sized(cases):
    """The cases with at least their own center's group size of people (InstitutionSettings.group_size;
    the default for centers without a settings row): a county user sees several centers."""
    sizes = dict(InstitutionSettings.objects.values_list("center_id", "group_size"))
    condition = Q(people_count__gte=InstitutionSettings().group_size) & ~Q(center_id__in=list(sizes))
    for center_id, size in sizes.items():
        condition |= Q(center_id=center_id, people_count__gte=size)
    return cases.filter(condition)


def group_case_warnings(cases):
    groups = list(group_sized(cases).filter(status__in=OPEN_STATUSES).order_by("-people_count").values("pk", "code", "people_count")[:20])
    return [
        Warning("group", _("Case %(code)s: %(people)s people, still open") % {"code": g["code"], "people": g["people_count"]}, [g["pk"]])
        for g in groups
    ]


def situation(user, today):
    """The dashboard's figures and warnings for what `user` may see."""
    cases = cases_visible_to(user)
    config = config_for(user)
    labels, series = month_trend(cases, today)
    return {
        "trend": (labels, series),
        "categories": category_share(cases, today),
        "villages": by_village(cases, today),
        "overdue": overdue_by_department(cases, today, with_center=scoping.sees_all_centers(user)),
        "satisfaction": satisfaction(cases, today),
        "warnings": spike_warnings(cases, today, spike_rule(config)) + repeat_filer_warnings(cases, today, config) + group_case_warnings(cases),
        "window_days": config.spike_window_days,
    }
