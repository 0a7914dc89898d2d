"""Earlier cases of the people being registered (重复反映), within one center only.

Reads the candidate parties (by ID-number hash, or by name and phone) and leaves the decision to
the pure matcher (governance.rules.repeat). What it returns carries no personal data of the earlier
cases: their code, stage, lead department and date received, and which of the people the clerk
typed was found there.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q

from governance.crypto import keyed_hashes
from governance.models import Case, Party
from governance.rules import repeat as rules

LIMIT = 20  # the most recent earlier cases shown and linked


@dataclass
class EarlierCase:
    pk: int
    code: str
    status_label: str
    lead_department: str
    received_on: date
    matched: list = field(default_factory=list)  # the typed names found among its parties


@dataclass
class RepeatHint:
    cases: list
    count: rules.RepeatCount | None = None

    @property
    def ids(self):
        return [case.pk for case in self.cases]

    def __bool__(self):
        return bool(self.cases)


def people_of(parties):
    """The matcher's Person for each PartyData (ID number and phone as validated at intake)."""
    return [
        rules.Person(
            name=party.name or "",
            id_hashes=frozenset(h for h in keyed_hashes((party.id_number or "").strip()) if h),
            phone=party.phone or "",
        )
        for party in parties
    ]


def earlier_cases(center_id, parties, *, exclude_case_id=None, limit=LIMIT):
    """The center's earlier cases one of `parties` (PartyData) is a party of, the newest first."""
    people = people_of(parties)
    hashes = {h for person in people for h in person.id_hashes}
    by_name = Q()
    for person in people:
        name, phone = rules.normalise_name(person.name), rules.normalise_phone(person.phone)
        if name and phone:
            by_name |= Q(name=name, phone=phone)
    if not hashes and not by_name:
        return []
    wanted = by_name
    if hashes:
        wanted |= Q(id_number_hash__in=hashes)
    candidates = Party.objects.filter(case__center_id=center_id).filter(wanted).values_list("case_id", "name", "id_number_hash", "phone")
    found = rules.matching_cases(people, [rules.EarlierParty(*row) for row in candidates], exclude={exclude_case_id})
    if not found:
        return []
    cases = Case.objects.filter(pk__in=found, center_id=center_id).select_related("lead_department").order_by("-received_on", "-pk")[:limit]
    return [
        EarlierCase(
            pk=case.pk,
            code=case.code,
            status_label=case.get_status_display(),
            lead_department=case.lead_department.name if case.lead_department_id else "",
            received_on=case.received_on,
            matched=[parties[index].name for index in found[case.pk]],
        )
        for case in cases
    ]


def repeat_hint(center_id, parties, today, *, exclude_case_id=None):
    """The earlier cases and, by the center's repeat-filer settings, whether the person reaches the
    threshold with this case."""
    from governance.institutions.models import settings_for

    cases = earlier_cases(center_id, parties, exclude_case_id=exclude_case_id)
    if not cases:
        return RepeatHint([])
    config = settings_for(center_id)
    count = rules.repeat_count([case.received_on for case in cases], today, threshold=config.repeat_filer_threshold, days=config.repeat_filer_days)
    return RepeatHint(cases, count)
