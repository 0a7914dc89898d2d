"""governance.admin.cases: the case list counts the case table once per page, through IndexView's
public extension points (no skipped wagtail-modeladmin code)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.admin.cases import CaseIndexView, CountedQuerySet
from governance.models import Case
from tests.factories import party, reference, register  # noqa: F401  (reference is a fixture)
from tests.governance.org import director, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/governance/case/"


@pytest.fixture
def three_cases(town, director, reference):
    return [register(town, director, reference, parties=[party(name)]) for name in ("王小明", "赵大力", "钱多多")]


def case_counts(queries):
    return [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and '"governance_case"' in q["sql"].split("WHERE")[0]]


def get(client, user, **params):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return response, case_counts(queries)


def test_the_plain_list_counts_the_cases_once(client, director, three_cases):
    response, counts = get(client, director)

    assert isinstance(response.context["view"], CaseIndexView)
    assert response.context["result_count"] == response.context["all_count"] == 3
    assert response.context["paginator"].count == 3
    assert {c.pk for c in response.context["object_list"]} == {c.pk for c in three_cases}
    assert len(counts) == 1, counts


def test_a_narrowed_list_counts_the_listed_and_all_cases_once_each(client, director, three_cases):
    response, counts = get(client, director, q=three_cases[1].code)

    assert response.context["result_count"] == 1
    assert response.context["all_count"] == 3
    assert [c.pk for c in response.context["object_list"]] == [three_cases[1].pk]
    assert len(counts) == 2, counts


def test_the_list_keeps_wagtail_modeladmins_context(client, director, three_cases):
    """Its get_context_data() is wagtail-modeladmin's own: what that adds, the list has."""
    response, _counts = get(client, director)

    for key in ("model_admin", "page_obj", "elided_page_range", "user_can_create", "show_search"):
        assert key in response.context, key


def test_a_counted_queryset_counts_once_and_its_copies_count_again(three_cases, django_assert_num_queries):
    counted = CountedQuerySet.of(Case.objects.order_by("pk"))
    with django_assert_num_queries(1):
        assert counted.count() == counted.count() == 3
    with django_assert_num_queries(1):
        assert counted.filter(pk=three_cases[0].pk).count() == 1
    assert [c.pk for c in counted] == [c.pk for c in three_cases]
    assert CountedQuerySet.of(Case.objects.all(), count=7).count() == 7
