"""Sensible defaults for the reference lists and deadline rules (statutory, from domain.md).

Idempotent: entries are matched by code and never overwritten, so admins' edits survive a rerun.
Production installs run it too (`manage.py load_reference`); the demo loader calls it first.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from governance.models import DeadlineRule, Department, ReferenceItem, ReferenceKind, RoutingRule
from governance.models.reference import DEFAULT_COUNTS_FROM

REFERENCE_FILE = Path(settings.BASE_DIR) / "fixtures" / "reference.json"


def read_reference(path=REFERENCE_FILE):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def load_reference(path=REFERENCE_FILE):
    """Create the county-wide lists and rules that are missing; returns how many were created."""
    data = read_reference(path)
    created = 0
    for kind in ReferenceKind.values:
        for order, entry in enumerate(data[kind]):
            code, name = entry[0], entry[1]
            resolved = bool(entry[2]) if len(entry) > 2 else False
            _item, was_created = ReferenceItem.objects.get_or_create(
                kind=kind,
                code=code,
                center=None,
                defaults={"name": name, "sort_order": order, "counts_as_resolved": resolved},
            )
            created += was_created
    for rule in data["deadline_rules"]:
        lookup = {
            "name": rule["name"],
            "stage": rule["stage"],
            "case_kind": rule.get("case_kind", ""),
            "center": None,
        }
        for key, kind in (
            ("tier", ReferenceKind.TIER),
            ("petition_kind", ReferenceKind.PETITION_KIND),
            ("mediation_type", ReferenceKind.MEDIATION_TYPE),
        ):
            code = rule.get(key)
            lookup[key] = ReferenceItem.objects.get(kind=kind, code=code, center=None) if code else None
        defaults = {
            "amount": rule["amount"],
            "unit": rule["unit"],
            "basis": rule.get("basis", ""),
            "yellow_days": rule.get("yellow_days", 3),
            "counts_from": rule.get("counts_from", DEFAULT_COUNTS_FROM[rule["stage"]]),
        }
        _rule, was_created = DeadlineRule.objects.get_or_create(defaults=defaults, **lookup)
        created += was_created
    return created


@transaction.atomic
def load_routing(center, path=REFERENCE_FILE):
    """Suggested lead departments by category for one center, where the department exists."""
    data = read_reference(path)
    created = 0
    departments = {d.name: d for d in Department.objects.filter(center=center)}
    for code, names in data["routing"].items():
        names = [names] if isinstance(names, str) else names
        department = next((departments[n] for n in names if n in departments), None)
        category = ReferenceItem.objects.filter(kind=ReferenceKind.CATEGORY, code=code, center=None).first()
        if department is None or category is None:
            continue
        _rule, was_created = RoutingRule.objects.get_or_create(center=center, category=category, defaults={"lead_department": department})
        created += was_created
    return created
