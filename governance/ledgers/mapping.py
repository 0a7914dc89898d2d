"""The preview's mapping step: each name of a file that matched no department, village (community) or
entry is listed once with how many rows use it; the user says which existing entry it means, the
choice is saved as the center's alias and the file is checked again, so one decision fixes every row
that uses the name. A user who may add entries of that list may create the entry instead."""

from __future__ import annotations

import uuid

from governance import scoping
from governance.ledgers import pipeline
from governance.ledgers.aliases import ALIAS_KIND_OF, save_alias
from governance.ledgers.resources import reference_items
from governance.models import Department, ReferenceKind, Workstation

REFERENCE_KINDS = {
    "category": ReferenceKind.CATEGORY,
    "outcome": ReferenceKind.OUTCOME,
    "source": ReferenceKind.SOURCE,
    "petition_kind": ReferenceKind.PETITION_KIND,
}
CREATE = "__create__"
# An outcome is created with its answer to "does it count as resolved (化解)?": the user says which.
CREATE_RESOLVED = "__create_resolved__"
CREATE_UNRESOLVED = "__create_unresolved__"
# Who may create the entry a name stands for, instead of mapping it. Petition kinds are not created
# here: they are the three kinds of the 信访工作条例, and each decides a deadline rule.
CREATE_PERMISSIONS = {
    "departments": "governance.add_department",
    "workstation": "governance.add_workstation",
    "category": "governance.add_referenceitem",
    "source": "governance.add_referenceitem",
    "outcome": "governance.add_referenceitem",
}


def choices_for(accessor, center):
    """The names an unknown value of this column may be mapped to, in the center."""
    if accessor == "departments":
        return list(Department.objects.filter(center=center).order_by("sort_order", "name").values_list("name", flat=True))
    if accessor == "workstation":
        return list(Workstation.objects.filter(center=center).order_by("name").values_list("name", flat=True))
    return [name for _pk, name, _code in reference_items(REFERENCE_KINDS[accessor], center.pk)]


def may_create(user, accessor):
    permission = CREATE_PERMISSIONS.get(accessor)
    return bool(permission and user.has_perm(permission))


def create_options(accessor):
    """The values of the "create it" choices of a column: outcomes say whether they count as resolved."""
    return (CREATE_RESOLVED, CREATE_UNRESOLVED) if accessor == "outcome" else (CREATE,)


def mapping_rows(job, user=None):
    """[(index, accessor, header, name, rows, choices, may create)] of the job's unknown names."""
    cache = {}
    rows = []
    for index, (accessor, header, name, count) in enumerate(job.preview.get("unknown", [])):
        if accessor not in cache:
            cache[accessor] = choices_for(accessor, job.center)
        rows.append((index, accessor, header, name, count, cache[accessor], user is not None and may_create(user, accessor)))
    return rows


def entry_center(job, user, accessor):
    """Where a created entry lives: departments and villages in the job's center; reference entries in
    the user's center, or county-wide (no center) when a county-level user creates them, as the
    reference lists' own screen places them."""
    if accessor in ("departments", "workstation"):
        return job.center
    return None if scoping.sees_all_centers(user) else job.center


def _create_entry(job, user, accessor, name, target):
    """The entry the name stands for, made where entry_center says (audited)."""
    from django.db import transaction

    from governance.models import ReferenceItem
    from governance.services.audit import audit

    center = entry_center(job, user, accessor)
    with transaction.atomic():
        if accessor in ("departments", "workstation"):
            model = Department if accessor == "departments" else Workstation
            # get_or_create: a second user creating the same name at once finds the first one's.
            entry, _created = model.objects.get_or_create(center=center, name=name[: model._meta.get_field("name").max_length])
        else:
            code = f"c{center.pk if center else 0}-{uuid.uuid4().hex[:12]}"  # generated, never typed; unique without counting rows
            entry = ReferenceItem.objects.create(
                kind=REFERENCE_KINDS[accessor],
                code=code,
                name=name[:60],
                center=center,
                counts_as_resolved=target == CREATE_RESOLVED,
            )
        audit("import_create_entry", actor=user, center_id=job.center.pk, obj=entry, name=entry.name, job=job.pk, county_wide=center is None)


def map_names(job, user, data) -> int:
    """Save the aliases chosen in `data` ("map-<index>" → an entry's name, or a create option where the
    user may create the entry) and check the file again; returns how many were saved. Choices outside
    the offered names are ignored."""
    saved = 0
    for index, accessor, _header, name, _count, choices, creatable in mapping_rows(job, user):
        target = (data.get(f"map-{index}") or "").strip()
        if target in create_options(accessor) and creatable:
            _create_entry(job, user, accessor, name, target)
            saved += 1
        elif target and target in choices and accessor in ALIAS_KIND_OF:
            save_alias(center=job.center, kind=ALIAS_KIND_OF[accessor], alias=name, target=target, actor=user)
            saved += 1
    if saved:
        pipeline.recheck_import(job)
    return saved
