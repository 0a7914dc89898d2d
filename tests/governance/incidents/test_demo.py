"""governance.incidents.demo: both demo centers have a closed incident with a full log and people
involved (personal data encrypted), an open early sign, and a key work item with tasks."""

import pytest

from governance.incidents.models import Incident, IncidentPerson, KeyWork, KeyWorkTask
from governance.models import Center

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["shifan", "heping"])
def test_each_demo_center_has_incidents_and_key_work(demo_county, slug):
    center = Center.objects.get(slug=slug)
    closed = Incident.objects.get(center=center, status="closed")
    assert closed.kind == "group_event" and closed.closing_report
    assert {"action", "deploy", "report"} <= set(closed.log.values_list("kind", flat=True))
    sign = Incident.objects.get(center=center, status="open")
    assert sign.kind == "early_sign"
    people = IncidentPerson.objects.filter(incident__center=center)
    assert people.count() >= 3 and all(p.id_number and len(p.id_number) == 18 and p.id_number_hash for p in people)
    work = KeyWork.objects.get(center=center)
    states = set(KeyWorkTask.objects.filter(key_work=work).values_list("status", flat=True))
    assert {"assigned", "in_progress", "done"} <= states


def test_shifan_opened_its_incident_from_the_urgent_report(demo_county):
    closed = Incident.objects.get(center__slug="shifan", status="closed")
    assert closed.source == "report" and closed.screening_report.kind == "urgent"
