"""The situation analysis: chart figures and early warnings computed from hand-built cases, each
warning linking to the cases behind it; the SVG charts."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse
from xml.etree import ElementTree

import pytest

from governance.institutions import charts
from governance.institutions.selectors.situation import situation
from governance.models import Case
from tests.factories import party, register  # noqa: F401

pytestmark = pytest.mark.django_db


def ids_of(warning):
    return sorted(int(i) for i in parse_qs(urlparse(warning.url).query)["ids"][0].split(","))


@pytest.fixture
def history(town, station, director, reference, clock):
    """甲村: one case a month for three months, then five in the last 30 days; one person files three times."""
    quiet = town.workstations.create(name="乙组")
    made = {"spike": [], "repeat": []}
    people = iter(range(100))

    def someone():  # a different applicant each time (the default party is always the same person)
        n = next(people)
        return [party(name=f"村民{n}", id_number="", phone=f"1380000{n:04d}")]

    today = clock.today
    for days in (100, 70, 40):
        clock.today = today - timedelta(days=days)
        register(town, director, reference, workstation_id=station.pk, parties=someone())
        register(town, director, reference, workstation_id=quiet.pk, category="marriage", parties=someone())
    for days in (2, 6, 11, 15, 25):
        clock.today = today - timedelta(days=days)
        made["spike"].append(register(town, director, reference, workstation_id=station.pk, category="land", parties=someone()))
    for days in (80, 30, 3):
        clock.today = today - timedelta(days=days)
        made["repeat"].append(
            register(
                town,
                director,
                reference,
                parties=[party(name="周桂芳", id_number="", phone="13912340001")],
                workstation_id=quiet.pk,
                category="marriage",
            )
        )
    clock.today = today
    made["group"] = register(town, director, reference, kind="petition", category="labour", people_count=12, parties=someone())
    return made


def test_warnings_name_the_rising_village_and_category_the_repeat_filer_and_the_group_case(history, director, clock):
    data = situation(director, clock.today)
    by_kind = {}
    for warning in data["warnings"]:
        by_kind.setdefault(warning.kind, []).append(warning)
    village = by_kind["village"]
    assert len(village) == 1 and "甲村" in village[0].text
    assert ids_of(village[0]) == sorted(c.pk for c in history["spike"])
    category = by_kind["category"]
    assert [("山林土地" in w.text) for w in category] == [True]
    assert ids_of(category[0]) == sorted(c.pk for c in history["spike"])
    repeat = by_kind["repeat"]
    assert len(repeat) == 1 and "周" in repeat[0].text and "周桂芳" not in repeat[0].text  # the name is masked
    assert ids_of(repeat[0]) == sorted(c.pk for c in history["repeat"])
    assert [ids_of(w) for w in by_kind["group"]] == [[history["group"].pk]]


def test_chart_figures(history, director, clock):
    data = situation(director, clock.today)
    labels, series = data["trend"]
    assert len(labels) == 12
    kinds = {name: values for name, _colour, values in series}
    assert sum(sum(values) for values in kinds.values()) == Case.objects.count()
    villages = {label: count for label, count, _href, _note in data["villages"]}
    assert villages["甲村"] == 3 + 5
    assert sum(count for _l, count, _h, _n in data["categories"]) == Case.objects.count()


def test_the_cases_behind_a_warning_are_only_those_the_user_may_see(client, history, director, other_director):
    url = next(w.url for w in situation(director, history["group"].received_on)["warnings"] if w.kind == "group")
    client.force_login(director)
    response = client.get(url)
    assert [case for case, _applicant in response.context["cases"]] == [history["group"]]
    client.force_login(other_director)
    assert client.get(url).context["cases"] == []


def test_another_centers_director_gets_no_warnings_from_this_center(history, other_director, clock):
    assert situation(other_director, clock.today)["warnings"] == []


def test_charts_are_well_formed_svg_with_escaped_labels():
    svgs = [
        charts.line_chart("趋势", ["1月", "2月", "3月"], [("纠纷", "#1f6feb", [1, 4, 2]), ("<信访>", "#a61b1b", [0, 0, 7])]),
        charts.bar_chart("村", [("甲村&乙村", 5, "/admin/x/?kind=village&ids=1,2", "50%"), ("丙村", 0, None, "")]),
        charts.bar_chart("空", [], empty_text="无"),
        charts.share_bar("满意度", [("满意", 8, "#2b8a3e"), ("不满意", 2, "#c92a2a")]),
    ]
    for svg in svgs:
        root = ElementTree.fromstring(svg)
        assert root.tag.endswith("svg") and root.get("role") == "img"
    assert "&lt;信访&gt;" in svgs[0] and "甲村&amp;乙村" in svgs[1]
    assert 'href="/admin/x/?kind=village&amp;ids=1,2"' in svgs[1]


def test_county_users_see_overdue_cases_by_department_with_the_center_named(
    town, other_center, departments, director, other_director, county_user, reference, clock
):
    """Both townships have a 派出所: the county's chart must not merge or confuse them."""
    past = clock.today - timedelta(days=3)
    other_police = other_center.departments.get(name="派出所")
    for center, actor, department, count in ((town, director, departments["派出所"], 2), (other_center, other_director, other_police, 1)):
        for _ in range(count):
            case = register(center, actor, reference)
            # The selector reads status, lead department and due date only: set them directly.
            Case.objects.filter(pk=case.pk).update(status="handling", lead_department=department, due_date=past)

    county = {label: (n, url) for label, n, url, _colour in situation(county_user, clock.today)["overdue"]}
    assert {label: n for label, (n, _url) in county.items()} == {"甲镇 · 派出所": 2, "乙乡 · 派出所": 1}
    assert len(parse_qs(urlparse(county["乙乡 · 派出所"][1]).query)["ids"][0].split(",")) == 1
    own = [(label, n) for label, n, _url, _colour in situation(director, clock.today)["overdue"]]
    assert own == [("派出所", 2)]
