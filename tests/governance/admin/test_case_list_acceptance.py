"""governance.admin.cases: the acceptance deadline (受理告知) is coloured and filterable in the case
list while a case is undecided; the handling deadline takes over once it is accepted."""

from datetime import date

import pytest
from django.utils import timezone

from governance.models import Case
from governance.services import cases as services
from tests.factories import clock, reference, register  # noqa: F401  (fixtures)
from tests.governance.org import director, town  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

LIST_URL = "/admin/governance/case/"


@pytest.fixture
def today(monkeypatch):
    day = date(2026, 10, 6)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)
    return day


def listed(client, user, **params):
    client.force_login(user)
    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    return {c.code for c in response.context["object_list"]}


def test_acceptance_deadline_colours_and_filters_undecided_cases(client, director, town, reference, clock, today):
    clock.today = date(2026, 9, 18)
    late = register(town, director, reference)  # acceptance due 10-08: yellow from 10-05
    clock.today = date(2026, 9, 10)
    overdue = register(town, director, reference)  # due 09-25 (09-25 is a Friday): red on 10-06
    clock.today = date(2026, 9, 30)
    fresh = register(town, director, reference)  # due 10-15 + roll: green
    clock.today = date(2026, 9, 10)
    decided = register(town, director, reference)
    services.case_accept(case_id=decided.pk, actor=director, notice_date=date(2026, 9, 10))  # handling due 10-10

    assert listed(client, director, warning="red") == {overdue.code}
    assert listed(client, director, warning="yellow") == {late.code, decided.code}
    assert listed(client, director, warning="green") == {fresh.code}

    client.force_login(director)
    html = client.get(LIST_URL).content.decode()
    assert html.count("zz-badge zz-red") == 1
    assert "受理" in html or "acceptance" in html


def test_provisional_acceptance_deadlines_are_filterable(client, director, town, reference, clock, today):
    clock.today = date(2026, 12, 28)
    provisional = register(town, director, reference)
    clock.today = date(2026, 9, 28)
    known = register(town, director, reference)

    assert Case.objects.get(pk=provisional.pk).acceptance_provisional is True
    assert listed(client, director, warning="provisional") == {provisional.code}
    assert known.code not in listed(client, director, warning="provisional")


def test_inspect_page_shows_the_acceptance_colour_and_provisional_mark(client, director, town, reference, clock, today):
    clock.today = date(2026, 9, 10)
    overdue = register(town, director, reference)

    client.force_login(director)
    response = client.get(f"/admin/governance/cases/{overdue.pk}/")
    assert response.status_code == 200
    assert response.context["acceptance_colour"] == "red"
