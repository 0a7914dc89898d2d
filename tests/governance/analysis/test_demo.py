"""governance.analysis.demo: both demo centers have last month's analysis approved at a held joint
meeting (on its agenda, its opinions turned into meeting tasks) and this month's draft."""

import pytest
from django.utils import timezone

from governance.analysis import periods
from governance.analysis.models import SituationAnalysis
from governance.institutions.models import AgendaItem
from governance.models import Center

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["shifan", "heping"])
def test_each_demo_center_has_an_approved_and_a_draft_analysis(demo_county, slug):
    center = Center.objects.get(slug=slug)
    today = timezone.localdate()
    approved = SituationAnalysis.objects.get(center=center, status="approved")
    assert approved.period_start == periods.last_complete(periods.MONTH, today).start
    assert approved.meeting is not None and approved.meeting.center_id == center.pk
    assert AgendaItem.objects.filter(pk=approved.agenda_item_id, meeting=approved.meeting).exists()
    opinions = list(approved.opinions.select_related("task"))
    assert len(opinions) == 3 and all(o.task is not None and o.task.meeting_id == approved.meeting_id for o in opinions)
    assert approved.figures["tables"]["village"] and approved.overview
    draft = SituationAnalysis.objects.get(center=center, status="draft")
    assert draft.period_start == periods.period_of(periods.MONTH, today).start
