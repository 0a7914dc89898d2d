"""governance.ledgers.filters: the case list's own view, run through its public entry point, narrows
a ledger the way it narrows the list."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import QueryDict
from django.test import RequestFactory

from governance.ledgers import filters
from tests.governance.ledgers.test_export import cases  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def ledger_request(user, query=""):
    request = RequestFactory().get("/admin/ledgers/disputes/export/?" + query)
    request.user = user
    return request


def summaries(queryset):
    return sorted(queryset.values_list("summary", flat=True))


def test_without_list_parameters_the_ledger_is_every_case_the_user_sees(cases, director, police_user):
    assert summaries(filters.filtered_cases(ledger_request(director, "format=1&month=2026-03"))) == [
        "=cmd|' /C calc'!A0",
        "派出所的案件",
        "综治办的案件",
    ]
    assert summaries(filters.filtered_cases(ledger_request(police_user))) == ["派出所的案件"]


def test_the_list_filters_and_search_narrow_the_cases_of_the_user(cases, director, police_user):
    police = cases["police"].center.departments.get(name="派出所")

    assert summaries(filters.filtered_cases(ledger_request(director, f"department={police.pk}&format=1"))) == ["派出所的案件"]
    assert summaries(filters.filtered_cases(ledger_request(director, "q=综治办"))) == ["综治办的案件"]
    assert summaries(filters.filtered_cases(ledger_request(police_user, "q=综治办"))) == []  # not its case


def test_the_params_given_win_over_the_request_query(cases, director):
    params = QueryDict("status__exact=registered")

    assert summaries(filters.filtered_cases(ledger_request(director, "q=综治办"), params)) == ["=cmd|' /C calc'!A0"]


def test_a_parameter_the_list_would_refuse_is_a_bad_filter(cases, director):
    with pytest.raises(filters.BadFilter):
        filters.filtered_cases(ledger_request(director, "no_such_field=1"))
    assert filters.active_filter_labels(ledger_request(director, "no_such_field=1")) == []


def test_the_labels_name_the_chosen_filters_and_the_search(cases, director):
    labels = filters.active_filter_labels(ledger_request(director, "warning=red&q=案件&month=2026-03"))

    assert ("q", "案件") in labels
    assert len(labels) == 2
    assert labels[0][0] in ("warning", "预警")


def test_a_user_who_may_not_open_the_case_list_gets_permission_denied(cases, make_user, ledger_center):
    outsider = make_user("editor", ledger_center)  # a site editor: no case rights at all

    with pytest.raises(PermissionDenied):
        filters.filtered_cases(ledger_request(outsider, "q=案件"))
