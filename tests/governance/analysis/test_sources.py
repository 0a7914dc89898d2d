"""The figure sources read the records of one center and date range: cases by kind, screening
items by the report's filing day, patrol findings by the patrol's day; the incidents hook."""

from datetime import date, time
from decimal import Decimal

import pytest

from governance.analysis import sources
from governance.analysis.figures import Fact
from tests.governance.analysis.conftest import NOVEMBER, OCTOBER

pytestmark = pytest.mark.django_db


def _screening(town, village, reference, day, case=None):
    from governance.institutions.models import ScreeningItem, ScreeningReport

    report = ScreeningReport.objects.create(center=town, workstation=village, period_start=day.replace(day=1), period_end=day, filed_on=day)
    return ScreeningItem.objects.create(report=report, kind="hazard", category=reference("category", "neighbour"), summary="桥头护栏断裂", case=case)


def _finding(town, village, day, case=None):
    from governance.prevention.models import Finding, Patrol

    patrol = Patrol.objects.create(
        center=town, patrol_date=day, start_time=time(8), end_time=time(10), route="镇区", people_count=2, hours=Decimal("2.0")
    )
    return Finding.objects.create(patrol=patrol, kind="hazard", description="路灯损坏", village=village, case=case)


def test_every_source_gives_facts_of_its_center_and_range(town, other_center, villages, reference, make_case):
    jia = villages["甲村"]
    case = make_case(NOVEMBER, jia, kind="hazard")
    petition = make_case(NOVEMBER, jia, kind="petition")
    make_case(OCTOBER, jia)
    make_case(NOVEMBER, None, center=other_center)
    _screening(town, jia, reference, NOVEMBER, case=case)
    _finding(town, jia, NOVEMBER)
    _finding(town, None, OCTOBER)

    facts = sources.collect(town.pk, date(2026, 11, 1), date(2026, 11, 30))
    by_record = sorted((fact.record, fact.village, fact.case_id) for fact in facts)
    assert by_record == sorted(
        [("hazard", "甲村", case.pk), ("petition", "甲村", petition.pk), ("screening", "甲村", case.pk), ("finding", "甲村", None)]
    )
    finding = next(fact for fact in facts if fact.record == "finding")
    assert finding.category == "风险隐患" and finding.source == "巡防发现"


def test_a_later_source_joins_through_the_hook(monkeypatch, town):
    incident = sources.FigureSource(
        "incident", "群体性事件", lambda center_id, first, last: [Fact("incident", first, "甲村", "土地纠纷", "上级交办")]
    )
    monkeypatch.setattr(sources, "FIGURE_SOURCES", [*sources.FIGURE_SOURCES, incident])
    facts = sources.collect(town.pk, date(2026, 11, 1), date(2026, 11, 30))
    assert [fact.record for fact in facts] == ["incident"]
    assert sources.record_labels()["incident"] == "群体性事件"
