"""The preview's mapping step: each name of a file that matched no department or entry is listed once
with how many rows use it; the user says which existing entry it means, the choice is saved as the
center's alias and the file is checked again, so one decision fixes every row that uses the name."""

from __future__ import annotations

from governance.ledgers import jobs
from governance.ledgers.aliases import ALIAS_KIND_OF, save_alias
from governance.ledgers.models import ImportJob, ImportStatus
from governance.ledgers.resources import reference_items
from governance.models import Department, ReferenceKind

REFERENCE_KINDS = {"category": ReferenceKind.CATEGORY, "outcome": ReferenceKind.OUTCOME, "source": ReferenceKind.SOURCE}


def choices_for(accessor, center):
    """The names an unknown value of this column may be mapped to, in the center."""
    if accessor == "departments":
        return list(Department.objects.filter(center=center).order_by("sort_order", "name").values_list("name", flat=True))
    return [name for _pk, name, _code in reference_items(REFERENCE_KINDS[accessor], center.pk)]


def mapping_rows(job):
    """[(index, accessor, header, name, rows, choices)] of the job's unknown names."""
    cache = {}
    rows = []
    for index, (accessor, header, name, count) in enumerate(job.preview.get("unknown", [])):
        if accessor not in cache:
            cache[accessor] = choices_for(accessor, job.center)
        rows.append((index, accessor, header, name, count, cache[accessor]))
    return rows


def map_names(job, user, data) -> int:
    """Save the aliases chosen in `data` ("map-<index>" → an entry's name) and check the file again;
    returns how many were saved. Choices outside the offered names are ignored."""
    saved = 0
    for index, accessor, _header, name, _count, choices in mapping_rows(job):
        target = (data.get(f"map-{index}") or "").strip()
        if target and target in choices and accessor in ALIAS_KIND_OF:
            save_alias(center=job.center, kind=ALIAS_KIND_OF[accessor], alias=name, target=target, actor=user)
            saved += 1
    if saved and ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(status=ImportStatus.PREVIEW_PENDING):
        job.refresh_from_db()
        jobs.dispatch("import", job, inline=job.preview.get("rows", 0) <= jobs.inline_limit())
    return saved
