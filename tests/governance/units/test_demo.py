"""The demo county's unit internal security: eight units per demo center, with phones; checks with
findings; one finding turned into an issued notice; a second load changes nothing."""

import pytest

from governance.institutions.models import RectificationNotice
from governance.models import Center
from governance.units.demo import load_demo_units
from governance.units.models import CheckResult, Unit, UnitCheck

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["shifan", "heping"])
def test_each_demo_center_has_units_checks_and_a_notice(demo_county, slug):
    center = Center.objects.get(slug=slug)
    units = Unit.objects.filter(center=center)
    assert units.count() == 8 and units.filter(is_key=True).exists()
    assert units.exclude(lead_phone="").count() >= 6 and units.exclude(credit_code="").count() == 8
    checks = UnitCheck.objects.filter(center=center)
    assert set(checks.values_list("status", flat=True)) == {"draft", "completed"}
    assert CheckResult.objects.filter(check_record__center=center, result="non_compliant").count() >= 2
    with_notice = CheckResult.objects.filter(check_record__center=center, notice__isnull=False)
    assert with_notice.count() == 1 and with_notice.get().notice.status == "issued"


def test_a_second_load_changes_nothing(demo_county):
    before = (Unit.objects.count(), UnitCheck.objects.count(), RectificationNotice.objects.count())
    assert load_demo_units() == 0
    assert (Unit.objects.count(), UnitCheck.objects.count(), RectificationNotice.objects.count()) == before
