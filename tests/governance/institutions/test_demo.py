"""governance.institutions.demo: the demo county's working systems load with load_demo and cover every
state the screens show. That a second run creates and changes nothing is checked over every table,
these included, by tests/governance/test_demo.py."""

import pytest
from django.utils import timezone

from governance.institutions.models import Assessment, JointMeeting, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows
from governance.institutions.selectors.situation import situation
from governance.models import Center

pytestmark = pytest.mark.django_db


def test_demo_working_systems_show_every_state(demo_county):
    from django.contrib.auth import get_user_model

    shifan = Center.objects.get(slug="shifan")
    states = set(RectificationNotice.objects.filter(center=shifan).values_list("status", flat=True))
    assert states == {flows.DRAFT, flows.ISSUED, flows.RECEIVED, flows.RECTIFIED, flows.CLOSED, flows.ESCALATED}
    assert RectificationNotice.objects.get(center=shifan, status=flows.CLOSED).number.startswith("示范镇综治整改〔")
    assert JointMeeting.objects.filter(center=shifan, status=flows.CLOSED).count() >= 2
    assert JointMeeting.objects.filter(center=shifan, status=flows.PLANNED, scheduled_on__gt=timezone.localdate()).exists()
    assert ScreeningReport.objects.filter(center=shifan, kind="urgent").exists()
    assert ScreeningReport.objects.filter(center=shifan, is_zero=True).exists()
    assert ScreeningReport.objects.filter(center=shifan, on_time=False).exists()
    assert Assessment.objects.filter(center__isnull=True, results__total__isnull=False).exists()

    director = get_user_model().objects.get(username="shifan_director")
    kinds = {w.kind for w in situation(director, timezone.localdate())["warnings"]}
    assert {"village", "category", "repeat", "group"} <= kinds
