"""governance.institutions.demo: the demo county's working systems load with load_demo, cover every
state the screens show, and a second run creates and changes nothing."""

import pytest
from django.apps import apps
from django.utils import timezone

from governance.demo import load_demo
from governance.institutions.models import Assessment, JointMeeting, RectificationNotice, ScreeningReport
from governance.institutions.rules import flows
from governance.institutions.selectors.situation import situation
from governance.models import Center

pytestmark = pytest.mark.django_db


def snapshot():
    tables = {}
    for model in apps.get_app_config("institutions").get_models(include_auto_created=True):
        tables[model._meta.db_table] = list(model._base_manager.order_by("pk").values())
    return tables


def test_demo_working_systems_load_once_and_show_every_state():
    from django.contrib.auth import get_user_model

    load_demo()
    before = snapshot()
    second = load_demo()
    assert second.created == 0
    assert snapshot() == before

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
