"""The case list's filters, applied to a ledger export: the export shows what the list shows.

The case list (governance.admin.cases.CaseAdmin) is a wagtail-modeladmin index with list filters
(status, kind, category, lead department, warning colour, date received) and a search box. Rather
than copy them, the ledger runs the case list's own view, through its public entry point
(View.as_view), on the case-list part of the query string: the same filter specs and search, on a
queryset that starts from `cases_visible_to(user)`, so a department user's export holds only its
cases. The view stops once the list is built (no counts, no page). Ledger options (month, center,
format) are read here too.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date

from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, QueryDict
from django.template.response import TemplateResponse

from governance import scoping
from governance.selectors.cases import cases_visible_to

# Query parameters that belong to the ledger screens, not to the case list.
LEDGER_PARAMS = ("month", "center", "format", "go", "register", "resource", "export_items", "p", "o", "ot", "e", "export")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")


class BadFilter(ValueError):
    pass


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text):
        match = _MONTH.fullmatch((text or "").strip())
        if not match or not 1 <= int(match.group(2)) <= 12 or not 1949 <= int(match.group(1)) <= 2100:
            return None
        return cls(int(match.group(1)), int(match.group(2)))

    @property
    def first(self):
        return date(self.year, self.month, 1)

    @property
    def last(self):
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def label(self):
        return f"{self.year}年{self.month}月"

    def __str__(self):
        return f"{self.year:04d}-{self.month:02d}"


def case_list_params(params: QueryDict) -> QueryDict:
    """The query string minus the ledger's own parameters: what the case list would receive."""
    remaining = params.copy()
    for name in LEDGER_PARAMS:
        remaining.pop(name, None)
    return remaining


@functools.cache
def _ledger_filter_view_class():
    from governance.admin.cases import CaseIndexView

    class LedgerFilterView(CaseIndexView):
        """The case list's view, stopped once dispatch() has built the list: its response (never
        rendered) carries the view, with its queryset and filter specs."""

        # The list's own base queryset annotates the first applicant for display; the ledger
        # starts from the one selector that scopes cases to a user.
        def get_base_queryset(self, request=None):
            return cases_visible_to((request or self.request).user)

        def get(self, request, *args, **kwargs):
            return TemplateResponse(request, self.get_template_names(), {"view": self})

    return LedgerFilterView


def _run_case_list(request, params):
    """The case list's view, run on `params` (the case-list part of the query string) for the
    request's user: the view after dispatch(). Raises IncorrectLookupParameters as the list would
    (shown there as an error flag), and PermissionDenied for a user who may not open the list."""
    from governance.admin.cases import CaseAdmin

    list_request = HttpRequest()
    list_request.method = "GET"
    list_request.user = request.user
    list_request.GET = params
    response = _ledger_filter_view_class().as_view(model_admin=CaseAdmin())(list_request)
    view = (getattr(response, "context_data", None) or {}).get("view")
    if view is None:  # the list answered otherwise (a redirect to the login page)
        raise PermissionDenied
    return view


def filtered_cases(request, params: QueryDict | None = None):
    """The cases the user may see, narrowed by the case-list filters in `params` (no ordering)."""
    params = case_list_params(request.GET if params is None else params)
    if not params:
        return cases_visible_to(request.user)
    try:
        view = _run_case_list(request, params)
    except IncorrectLookupParameters as exc:
        raise BadFilter(str(exc)) from exc
    return view.queryset.order_by()


def active_filter_labels(request, params: QueryDict | None = None):
    """(filter title, chosen value) for the filters in `params`, to show above an export."""
    params = case_list_params(request.GET if params is None else params)
    if not params:
        return []
    try:
        view = _run_case_list(request, params)
    except IncorrectLookupParameters:
        return []
    labels = []
    for spec in view.filter_specs:
        for choice in spec.choices(view):
            if choice.get("selected") and choice.get("query_string") is not None and spec.has_output():
                if choice.get("display") is not None and str(choice["display"]) not in ("All", "全部"):
                    if any(key in params for key in _spec_params(spec)):
                        labels.append((str(spec.title), str(choice["display"])))
    query = params.get(view.SEARCH_VAR, "")
    if query:
        labels.append(("q", query))
    return labels


def _spec_params(spec):
    used = getattr(spec, "used_parameters", None) or {}
    if used:
        return list(used)
    parameter_name = getattr(spec, "parameter_name", None)
    return [parameter_name] if parameter_name else []


def scope_to_center(queryset, user, center_id):
    """Narrow to one center when a county-level user asks for it (others are already scoped)."""
    if center_id and scoping.sees_all_centers(user):
        return queryset.filter(center_id=center_id)
    return queryset


def scope_to_month(queryset, month: Month | None, field="received_on"):
    if month is None:
        return queryset
    return queryset.filter(**{f"{field}__gte": month.first, f"{field}__lte": month.last})
