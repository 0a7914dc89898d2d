"""governance.prevention.demo: both demo centers have teams with members' personal data (encrypted),
patrols reviewed and waiting, and one finding registered as a hazard case, linked both ways."""

import pytest

from governance.models import CaseEvent, Center
from governance.prevention.models import Finding, Patrol, Team, TeamMember

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("slug", ["shifan", "heping"])
def test_each_demo_center_has_its_network_and_log(demo_county, slug):
    center = Center.objects.get(slug=slug)
    teams = Team.objects.filter(center=center)
    assert teams.count() == 2 and set(teams.values_list("status", flat=True)) == {"active"}
    members = TeamMember.objects.filter(team__center=center)
    assert members.count() >= 4 and all(m.id_number and len(m.id_number) == 18 for m in members)
    assert all(m.id_number_hash for m in members)
    states = set(Patrol.objects.filter(center=center).values_list("status", flat=True))
    assert states == {"reviewed", "recorded"}
    finding = Finding.objects.get(patrol__center=center, case__isnull=False)
    assert finding.case.kind == "hazard" and finding.case.center == center
    registered = CaseEvent.objects.get(case=finding.case, action="register")
    assert f"#{finding.patrol_id}" in registered.reason
