"""The preview's mapping step: each name of a file that matched no department or entry is listed once
with how many rows use it; the user says which existing entry it means, the choice is saved as the
center's alias and the file is checked again, so one decision fixes every row that uses the name."""

from __future__ import annotations

import uuid

from governance.ledgers import pipeline
from governance.ledgers.aliases import ALIAS_KIND_OF, save_alias
from governance.ledgers.resources import reference_items
from governance.models import Department, ReferenceKind

REFERENCE_KINDS = {"category": ReferenceKind.CATEGORY, "outcome": ReferenceKind.OUTCOME, "source": ReferenceKind.SOURCE}
CREATE = "__create__"
# Who may create the entry a name stands for, instead of mapping it. Outcomes are not created here:
# whether one counts as resolved is a decision for the reference lists' screen.
CREATE_PERMISSIONS = {
    "departments": "governance.add_department",
    "category": "governance.add_referenceitem",
    "source": "governance.add_referenceitem",
}


def choices_for(accessor, center):
    """The names an unknown value of this column may be mapped to, in the center."""
    if accessor == "departments":
        return list(Department.objects.filter(center=center).order_by("sort_order", "name").values_list("name", flat=True))
    return [name for _pk, name, _code in reference_items(REFERENCE_KINDS[accessor], center.pk)]


def may_create(user, accessor):
    permission = CREATE_PERMISSIONS.get(accessor)
    return bool(permission and user.has_perm(permission))


def mapping_rows(job, user=None):
    """[(index, accessor, header, name, rows, choices, may create)] of the job's unknown names."""
    cache = {}
    rows = []
    for index, (accessor, header, name, count) in enumerate(job.preview.get("unknown", [])):
        if accessor not in cache:
            cache[accessor] = choices_for(accessor, job.center)
        rows.append((index, accessor, header, name, count, cache[accessor], user is not None and may_create(user, accessor)))
    return rows


def _create_entry(job, user, accessor, name):
    """The entry the name stands for, made in the job's center (audited)."""
    from django.db import transaction

    from governance.models import ReferenceItem
    from governance.services.audit import audit

    with transaction.atomic():
        if accessor == "departments":
            entry = Department.objects.create(center=job.center, name=name[: Department._meta.get_field("name").max_length])
        else:
            kind = REFERENCE_KINDS[accessor]
            code = f"c{job.center.pk}-{uuid.uuid4().hex[:12]}"  # generated, never typed; unique without counting rows
            entry = ReferenceItem.objects.create(kind=kind, code=code, name=name[:60], center=job.center)
        audit("import_create_entry", actor=user, center_id=job.center.pk, obj=entry, name=entry.name, job=job.pk)


def map_names(job, user, data) -> int:
    """Save the aliases chosen in `data` ("map-<index>" → an entry's name, or CREATE where the user may
    create the entry) and check the file again; returns how many were saved. Choices outside the
    offered names are ignored."""
    saved = 0
    for index, accessor, _header, name, _count, choices, creatable in mapping_rows(job, user):
        target = (data.get(f"map-{index}") or "").strip()
        if target == CREATE and creatable:
            _create_entry(job, user, accessor, name)
            saved += 1
        elif target and target in choices and accessor in ALIAS_KIND_OF:
            save_alias(center=job.center, kind=ALIAS_KIND_OF[accessor], alias=name, target=target, actor=user)
            saved += 1
    if saved:
        pipeline.recheck_import(job)
    return saved
