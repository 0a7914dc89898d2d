"""governance.plans.demo: both demo centers have a plan per village for the current year, with
milestones in every state, and technical prevention points in every state."""

import pytest

from governance.models import Center
from governance.plans.models import CommunityPlan, Milestone, TechPoint
from governance.services import clock

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["shifan", "heping"])
def test_each_demo_center_has_plans_and_points(demo_county, slug):
    center = Center.objects.get(slug=slug)
    plans = CommunityPlan.objects.filter(center=center, year=clock.today().year)
    assert plans.count() == center.workstations.count()
    assert {"approved", "submitted"} <= set(plans.values_list("status", flat=True)) or "draft" in set(plans.values_list("status", flat=True))
    states = set(Milestone.objects.filter(center=center).values_list("status", flat=True))
    assert states == {"open", "reported", "confirmed", "sent_back"}
    assert Milestone.objects.filter(center=center, owner_department__name="派出所").exists()
    assert set(TechPoint.objects.filter(center=center).values_list("status", flat=True)) == {"working", "faulty", "removed"}
