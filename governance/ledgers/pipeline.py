"""The steps of an import (upload → preview → confirm → commit) and of an export, on job rows.

Views call `start_import`, `confirm_import` and `export_spec`; the job runner (jobs.py) calls
`preview`, `commit` and `export_job`, in the request for small files and in the background otherwise.
Every step reads the upload from the default storage, never from a worker's local disk.
"""

from __future__ import annotations

import csv
import io
import tempfile
from dataclasses import dataclass

from django.core.files import File
from django.core.files.base import ContentFile
from django.http import HttpRequest, QueryDict
from django.utils import timezone

from governance import scoping
from governance.ledgers import filters, jobs
from governance.ledgers import messages as msg
from governance.ledgers.importing import plan_import, sha256_of
from governance.ledgers.models import ExportJob, ExportStatus, ImportJob, ImportStatus
from governance.ledgers.reading import format_of, open_table
from governance.ledgers.registers import get_register
from governance.ledgers.services import ImportRejected, ledger_export, ledger_import_commit

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class UploadRejected(ValueError):
    """The upload cannot become a job (empty, too large, not a spreadsheet); Chinese message."""


def _size(n):
    return f"{n / 1024 / 1024:.1f} MB"


# --- import ------------------------------------------------------------------------------------


def start_import(*, user, register, center, uploaded) -> ImportJob:
    """Store the upload in the default storage and check it (in the request if small)."""
    if uploaded.size and uploaded.size > MAX_UPLOAD_BYTES:
        raise UploadRejected(msg.FILE_TOO_LARGE.format(size=_size(uploaded.size), limit=_size(MAX_UPLOAD_BYTES)))
    data = uploaded.read()
    try:
        fmt = format_of(data, uploaded.name)
        estimated = open_table(data, uploaded.name).estimated_rows
    except ValueError as exc:
        raise UploadRejected(str(exc)) from None
    except Exception:
        raise UploadRejected(msg.FILE_UNREADABLE.format(format=fmt.upper(), detail="")) from None
    job = ImportJob(
        center=center,
        register=register.slug,
        created_by=user,
        original_name=(uploaded.name or f"upload.{fmt}")[-200:],
        sha256=sha256_of(data),
    )
    # A storage name of our own (ASCII, unique); the original name is kept for the audit rows.
    job.file.save(f"{register.slug}-{timezone.now():%Y%m%d%H%M%S}.{fmt}", ContentFile(data), save=False)
    job.save()
    jobs.dispatch("import", job, inline=estimated <= jobs.inline_limit())
    return job


def _phase(progress, start, end, stage):
    def report(done, total):
        progress(start + (end - start) * (done / total if total else 1), 100, stage)

    return report


def preview(job, progress):
    """The dry run: check every row, keep the findings on the job, write no case."""
    register = get_register(job.register)
    data = jobs.read_upload(job)
    plan = plan_import(data, job.original_name, register, job.center, progress=_phase(progress, 0, 100, "checking"))
    _save_findings(job, plan, ImportStatus.PREVIEWED)
    progress(100, 100, "checked", force=True)


def _save_findings(job, plan, status, message=""):
    problems_name = ""
    if plan.problems:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(msg.PROBLEMS_HEADERS)
        writer.writerows(problem.as_list() for problem in plan.problems)
        problems_name = jobs.save_file(job.problems_file, f"problems-{job.pk}.csv", buffer.getvalue().encode("utf-8-sig"))
    ImportJob.objects.filter(pk=job.pk).update(
        status=status, preview=plan.summary(), problems_file=problems_name, message=message, finished_at=timezone.now()
    )


def recheck_import(job) -> bool:
    """Check a previewed file again (the user mapped unknown names to entries): back to waiting for the
    preview, then run it (in the request if small). False if the job was not previewed."""
    if not ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(status=ImportStatus.PREVIEW_PENDING):
        return False
    job.refresh_from_db()
    jobs.dispatch("import", job, inline=job.preview.get("rows", 0) <= jobs.inline_limit())
    return True


def confirm_import(job, accept=()) -> bool:
    """The user confirmed a clean preview: import it (in the request if small), applying the differences
    accepted (codes of rows already in the system). False if not allowed."""
    job.refresh_from_db()
    if not job.is_valid:
        return False
    offered = {code for _line, _serial, code, _found, acceptable in job.preview.get("differences", []) if acceptable}
    preview = {**job.preview, "accept": sorted(set(accept) & offered)}
    moved = ImportJob.objects.filter(pk=job.pk, status=ImportStatus.PREVIEWED).update(
        status=ImportStatus.COMMIT_PENDING, heartbeat_at=timezone.now(), attempts=0, preview=preview
    )
    if not moved:
        return False
    job.refresh_from_db()
    rows = job.preview.get("rows", 0)
    jobs.dispatch("import", job, inline=rows <= jobs.inline_limit())
    return True


def commit(job, progress):
    """Check the stored file again and write it in one transaction, or record why not."""
    register = get_register(job.register)
    data = jobs.read_upload(job)
    if sha256_of(data) != job.sha256:
        ImportJob.objects.filter(pk=job.pk).update(status=ImportStatus.FAILED, message=msg.FILE_CHANGED, finished_at=timezone.now())
        return
    plan = plan_import(data, job.original_name, register, job.center, progress=_phase(progress, 0, 50, "checking"))
    if not plan.ok:
        _save_findings(job, plan, ImportStatus.PREVIEWED)
        return
    try:
        ledger_import_commit(
            plan=plan,
            actor=job.created_by,
            file_name=job.original_name,
            job=job,
            progress=_phase(progress, 50, 100, "writing"),
            accept=job.preview.get("accept", ()),
        )
    except ImportRejected as rejected:
        _save_findings(job, rejected.plan, ImportStatus.PREVIEWED)
        return
    progress(100, 100, "done", force=True)


# --- export ------------------------------------------------------------------------------------


@dataclass
class ExportSpec:
    queryset: object
    title: str | None
    with_center: bool
    file_name: str
    month: object
    center: object


def _request_for(user, params):
    request = HttpRequest()
    request.method = "GET"
    request.user = user
    request.GET = params
    return request


def export_spec(request, register, params: QueryDict) -> ExportSpec:
    """What an export of `register` with these parameters holds, and its title and file name.

    Raises filters.BadFilter for parameters the case list would refuse (case registers; the other
    sources ignore what they do not know).
    """
    from governance.models import Center

    user = request.user
    month = filters.Month.parse(params.get("month"))
    center = None
    center_param = params.get("center")
    if scoping.sees_all_centers(user):
        if center_param and center_param.isdigit():
            center = Center.objects.filter(pk=int(center_param)).first()
    else:
        center = Center.objects.filter(pk=scoping.center_id_of(user)).first()
    source = register.source
    queryset = source.filter(request, register, params)
    queryset = filters.scope_to_center(queryset, user, center.pk if center else None)
    queryset = filters.scope_to_month(queryset, month, field=source.month_field)
    place = center.name if center else "全部中心"
    title = f"{place}{register.title}（{month.label}）" if month else None
    stamp = str(month) if month else timezone.localdate().isoformat()
    short = center.short_name if center else "全部中心"
    return ExportSpec(
        queryset=queryset,
        title=title,
        with_center=scoping.sees_all_centers(user),
        file_name=f"{register.title}-{short}-{stamp}",
        month=month,
        center=center,
    )


def export_now(request, register, params, fmt, stream):
    spec = export_spec(request, register, params)
    rows = ledger_export(
        user=request.user,
        register=register,
        queryset=spec.queryset,
        fmt=fmt,
        stream=stream,
        title=spec.title,
        with_center=spec.with_center,
        params=_plain(params),
    )
    return spec, rows


def _plain(params):
    return {key: values if len(values) > 1 else values[0] for key, values in params.lists()}


def start_export(request, register, params, fmt) -> ExportJob:
    job = ExportJob.objects.create(
        center_id=scoping.center_id_of(request.user),
        register=register.slug,
        created_by=request.user,
        params={key: values for key, values in params.lists()},
        file_format=fmt,
    )
    jobs.dispatch("export", job)
    return job


def export_job(job, progress):
    register = get_register(job.register)
    params = QueryDict(mutable=True)
    for key, values in job.params.items():
        params.setlist(key, values)
    request = _request_for(job.created_by, params)
    spec = export_spec(request, register, params)
    total = spec.queryset.count()
    with tempfile.TemporaryFile() as handle:
        rows = ledger_export(
            user=job.created_by,
            register=register,
            queryset=spec.queryset,
            fmt=job.file_format,
            stream=handle,
            title=spec.title,
            with_center=spec.with_center,
            progress=_phase(progress, 0, 95, "writing"),
            total=total,
            params=_plain(params),
        )
        handle.seek(0)
        job.file.save(f"export-{job.pk}.{job.file_format}", File(handle), save=False)
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.DONE, file=job.file.name, file_name=f"{spec.file_name}.{job.file_format}", rows=rows, finished_at=timezone.now()
    )
    progress(100, 100, "done", force=True)
