"""Repeat petitioners (重复反映): is the person being registered a party of earlier cases?

Pure functions, no database: the selector (governance.selectors.repeat) reads the candidate parties
of the center's earlier cases and asks these which of them are the same person.

- The ID number decides when both sides have one: equal keyed hashes match, different ones never do
  (two people may share a phone, e.g. a household).
- Otherwise the name together with the phone: both must be given and equal (names repeat in a
  township, so a name alone never matches).
"""

import re
from dataclasses import dataclass, field
from datetime import date, timedelta


@dataclass(frozen=True)
class Person:
    """A party typed at intake: the name, the keyed hashes of the ID number (under every configured
    key: governance.crypto.keyed_hashes) and the phone."""

    name: str
    id_hashes: frozenset = frozenset()
    phone: str = ""


@dataclass(frozen=True)
class EarlierParty:
    """A party of an earlier case, as stored (the ID number only as its keyed hash)."""

    case_id: int
    name: str
    id_number_hash: str = ""
    phone: str = ""


def normalise_name(name):
    return "".join((name or "").split())


def normalise_phone(phone):
    return re.sub(r"[\s\-－—()（）]", "", phone or "")


def same_person(person: Person, party: EarlierParty) -> bool:
    hashes = {h for h in person.id_hashes if h}
    if hashes and party.id_number_hash:
        return party.id_number_hash in hashes
    name, phone = normalise_name(person.name), normalise_phone(person.phone)
    return bool(name and phone) and name == normalise_name(party.name) and phone == normalise_phone(party.phone)


def matching_cases(people, parties, exclude=()) -> dict[int, list[int]]:
    """{earlier case id: indexes (into `people`) of the typed people found among its parties}."""
    found: dict[int, list[int]] = {}
    for party in parties:
        if party.case_id in exclude:
            continue
        for index, person in enumerate(people):
            if same_person(person, party):
                indexes = found.setdefault(party.case_id, [])
                if index not in indexes:
                    indexes.append(index)
    return found


@dataclass
class RepeatCount:
    """How many of the earlier cases fall within the repeat-filer period, and whether the new case
    brings the person to the center's threshold (InstitutionSettings.repeat_filer_threshold/_days)."""

    recent: int
    threshold: int
    days: int
    reached: bool = field(default=False)


def repeat_count(received_dates, today: date, *, threshold: int, days: int) -> RepeatCount:
    """Earlier cases received within `days` before `today`, the new one counted as one more."""
    since = today - timedelta(days=days)
    recent = sum(1 for received in received_dates if received is not None and since <= received <= today)
    return RepeatCount(recent=recent, threshold=threshold, days=days, reached=recent + 1 >= threshold)
