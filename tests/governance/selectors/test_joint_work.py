"""The situation dashboard's joint prevention and joint action figures: each counted through its
app's scoping, shown only to those who may open the list behind it."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from governance.incidents.models import Incident
from governance.institutions.rules.periods import last_day_of_month, month_start
from governance.models import Center
from governance.prevention.models import Patrol
from governance.selectors.joint_work import joint_work
from governance.warnings.models import SecurityWarning

pytestmark = pytest.mark.django_db


def _figures(username, today):
    return {figure.label: figure for figure in joint_work(get_user_model().objects.get(username=username), today)}


def test_a_center_sees_its_own_joint_work_and_the_county_every_centers(demo_county):
    today = timezone.localdate()
    month = (month_start(today), last_day_of_month(today))
    shifan = Center.objects.get(slug="shifan")
    mine = _figures("shifan_director", today)
    county = _figures("county", today)
    assert mine["本月巡逻"].value == str(Patrol.objects.filter(center=shifan, patrol_date__range=month).count())
    assert county["本月巡逻"].value == str(Patrol.objects.filter(patrol_date__range=month).count())
    in_force = SecurityWarning.objects.filter(status="published", valid_until__gte=today)
    assert mine["生效中的治安预警"].value == str(in_force.filter(center=shifan).count())
    assert county["生效中的治安预警"].value == str(in_force.count())
    active = Incident.objects.filter(status__in=("open", "controlled"))
    assert mine["正在处置的突发事件"].value == str(active.filter(center=shifan).count())
    assert county["正在处置的突发事件"].value == str(active.count()) and active.count() > active.filter(center=shifan).count()
    assert mine["防控计划按期完成率"].value.endswith("%") or mine["防控计划按期完成率"].value == "—"
    assert mine["本月巡逻"].url == reverse("prevention_patrol_modeladmin_index")


def test_figures_are_left_out_for_those_who_may_not_open_their_lists(demo_county):
    today = timezone.localdate()
    assert _figures("shifan_editor", today) == {}  # the web editor sees none of these records
    police = _figures("shifan_police", today)
    assert "本月巡逻" not in police


def test_the_dashboard_page_shows_the_block(demo_county, client):
    client.force_login(get_user_model().objects.get(username="shifan_director"))
    page = client.get(reverse("institutions_situation"))
    assert page.status_code == 200
    assert "联防联动" in page.content.decode() and "本月巡逻" in page.content.decode()
