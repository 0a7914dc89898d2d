"""What may be shown to the public (board, lobby, lookup): anonymised by construction.

Only case code, category, village (or coarser), dates and outcome ever leave through here.
"""

from django.db import connections, router
from django.db.models import Count, OuterRef, Subquery

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


def village_results(center_id):
    """For each case row: how many published results its village has (a subquery, so that a board
    page costs one query however many villages it shows)."""
    return Subquery(
        publishable_cases(center_id)
        .filter(workstation_id=OuterRef("workstation_id"))
        .order_by()
        .values("workstation_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )


BOARD_FIELDS = ("code", "received_on", "resolved_on", "workstation__name", "category__name", "outcome__name", "village_results")


def _iso(value):
    """A date as YYYY-MM-DD (raw SQLite rows already carry it so)."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def board_item(row, center):
    """One published case for the board and the screens (no personal data), from a row of
    BOARD_FIELDS. A village with fewer than MIN_RESULTS_PER_VILLAGE published results is shown as
    the township."""
    village = center.short_name
    if row["workstation__name"] and (row["village_results"] or 0) >= MIN_RESULTS_PER_VILLAGE:
        village = row["workstation__name"]
    return {
        "code": row["code"],
        "category": row["category__name"],
        "village": village,
        "received_on": _iso(row["received_on"]),
        "resolved_on": _iso(row["resolved_on"]) if row["resolved_on"] else None,
        "outcome": row["outcome__name"] or "",
    }


def board_items(queryset, center):
    """Serialise published cases (a queryset of them) for the board and the screens."""
    rows = queryset.annotate(village_results=village_results(center.pk)).values(*BOARD_FIELDS)
    return [board_item(row, center) for row in rows]


# The SQL of latest_results per (database, center, limit), built by the ORM once per process: the
# query is the same on every home page and screen refresh, and building it costs more than running
# it. Keys are centers and page settings, not client input; the table is bounded all the same.
_latest_sql = {}
LATEST_SQL_KEPT = 512


def latest_queryset(center_id, limit):
    return (
        publishable_cases(center_id)
        .order_by("-resolved_on", "-pk")[:limit]
        .annotate(village_results=village_results(center_id))
        .values(*BOARD_FIELDS)
    )


def latest_results(center, limit):
    """The center's `limit` newest published results, as board_item()s: the home page's list and the
    lobby screens'. Always read from the database (one query); only the SQL text is reused."""
    using = router.db_for_read(Case)
    key = (using, center.pk, limit)
    compiled = _latest_sql.get(key)
    if compiled is None:
        compiled = latest_queryset(center.pk, limit).query.get_compiler(using).as_sql()
        if len(_latest_sql) >= LATEST_SQL_KEPT:
            _latest_sql.clear()
        _latest_sql[key] = compiled
    sql, params = compiled
    with connections[using].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = cursor.fetchall()
    return [board_item(dict(zip(names, row)), center) for row in rows]


# --- the results board's filters (added for the public website) --------------------------------


def board_cases(center_id, *, month=None, category=None, outcome=None):
    """Publishable cases of the center, newest result first, filtered by month (date), category and outcome codes."""
    cases = publishable_cases(center_id)
    if month is not None:
        cases = cases.filter(resolved_on__year=month.year, resolved_on__month=month.month)
    if category:
        cases = cases.filter(category__code=category)
    if outcome:
        cases = cases.filter(outcome__code=outcome)
    return cases.order_by("-resolved_on", "-pk")


def board_filter_options(center_id):
    """The months, categories and outcomes that occur on the center's board (for the filter form)."""
    cases = publishable_cases(center_id)
    months = sorted({(d.year, d.month) for d in cases.values_list("resolved_on", flat=True)}, reverse=True)
    categories = list(cases.values_list("category__code", "category__name").distinct().order_by("category__name"))
    outcomes = list(cases.exclude(outcome__isnull=True).values_list("outcome__code", "outcome__name").distinct().order_by("outcome__name"))
    return {"months": months, "categories": categories, "outcomes": outcomes}


# --- progress lookup (进度查询) ---------------------------------------------------------------------

# What the public is told about each step: fixed wording only, never the free text staff typed
# (reasons, notes and mediation records name people). Steps not listed here are not shown.
PUBLIC_STEPS = {
    "register": "registered",
    "accept": "accepted",
    "reject": "rejected",
    "route": "routed",
    "return": "returned",
    "start": "started",
    "mediate": "mediated",
    "suspend": "suspended",
    "resume": "resumed",
    "extend": "extended",
    "delay_report": "delay_report",
    "supervise": "supervised",
    "urge": "urged",
    "resolve": "resolved",
    "feedback": "fed_back",
    "follow_up": "followed_up",
    "request_review": "review_requested",
    "archive": "archived",
}


def normalise_case_code(value):
    """Accept the common ways people type a case code: brackets 〔〕, [], （）, () and spaces."""
    value = "".join((value or "").split())
    for left in "[（(【":
        value = value.replace(left, "〔")
    for right in "]）)】":
        value = value.replace(right, "〕")
    return value


def public_progress(center_id, code, query_code, today=None):
    """The public view of one case of the center, or None unless the code and query code match.

    Only stage, dates, deadline colour, category, outcome and fixed-wording steps: no names, ID
    numbers, phones, addresses, summaries or staff notes.
    """
    import secrets

    from django.utils import timezone

    from governance.rules.deadlines import warning_colour

    code = normalise_case_code(code)
    query_code = "".join((query_code or "").split()).upper()
    case = Case.objects.filter(center_id=center_id, code=code).select_related("category", "outcome", "lead_department").first()
    # Compare even when there is no such case, so that both failures take the same time.
    expected = case.query_code if case is not None else "-" * len(query_code or "x")
    if not secrets.compare_digest(expected.encode(), query_code.encode()) or case is None:
        return None
    today = today or timezone.localdate()
    due = case.due_date if case.status in ("accepted", "routed", "handling", "suspended") else None
    if case.status == CaseStatus.REGISTERED:
        due = case.acceptance_due
    colour = warning_colour(due, today, case.yellow_days) if due else None
    steps = []
    for action, created_at, data in case.events.order_by("created_at", "pk").values_list("action", "created_at", "data"):
        step = PUBLIC_STEPS.get(action)
        if step is None:
            continue
        detail = ""
        if action == "route":
            detail = (data or {}).get("lead_department", "")
        elif action == "resolve":
            detail = (data or {}).get("outcome", "")
        steps.append({"step": step, "date": timezone.localdate(created_at).isoformat(), "detail": detail})
    return {
        "code": case.code,
        "category": case.category.name,
        "status": case.status,
        "status_label": str(CaseStatus(case.status).label),
        "received_on": case.received_on.isoformat(),
        "accepted_on": case.accepted_on.isoformat() if case.accepted_on else None,
        "routed_on": case.routed_on.isoformat() if case.routed_on else None,
        "lead_department": case.lead_department.name if case.lead_department_id else "",
        "due_date": due.isoformat() if due else None,
        "deadline_colour": colour,
        "resolved_on": case.resolved_on.isoformat() if case.resolved_on else None,
        "outcome": case.outcome.name if case.outcome_id and case.resolved_on else "",
        "fed_back_on": case.fed_back_on.isoformat() if case.fed_back_on else None,
        "archived_on": case.archived_on.isoformat() if case.archived_on else None,
        "steps": steps,
    }
