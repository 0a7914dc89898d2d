"""Admin screens of the ledgers. Thin: forms in, pipeline/services calls, templates out."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import scoping
from governance.ledgers import closing, filters, jobs, mapping, pipeline
from governance.ledgers import messages as msg
from governance.ledgers.forms import LedgerExportForm, LedgerImportForm
from governance.ledgers.models import ExportJob, ExportStatus, ImportJob, ImportStatus
from governance.ledgers.reading import format_class
from governance.ledgers.registers import get_register, registers
from governance.models import Center
from governance.services.audit import audit

EXPORT_PERM = "ledgers.export_ledger"
IMPORT_PERM = "ledgers.import_ledger"
CHANGE_CASE_PERM = "governance.change_case"


def _require(request, perm):
    if not request.user.has_perm(perm):
        raise PermissionDenied


def _register_or_404(slug, user):
    register = get_register(slug)
    if register is None or not register.source.available_to(user):
        raise Http404
    return register


def _own(request, queryset, pk):
    job = get_object_or_404(queryset, pk=pk)
    if job.created_by_id != request.user.pk and not request.user.is_superuser:
        raise Http404
    return job


def _download(data_or_file, file_name, fmt):
    content_type = format_class(fmt)().get_content_type()
    if isinstance(data_or_file, bytes):
        response = HttpResponse(data_or_file, content_type=content_type)
    else:
        response = FileResponse(data_or_file, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, file_name)
    return response


# --- index -------------------------------------------------------------------------------------


def index(request):
    user = request.user
    if not (user.has_perm(EXPORT_PERM) or user.has_perm(IMPORT_PERM)):
        raise PermissionDenied
    query = filters.case_list_params(request.GET).urlencode()
    shown = [register for register in registers() if register.source.available_to(user)]
    context = {
        "registers": shown,
        "may_import": user.has_perm(IMPORT_PERM),
        "import_slugs": {r.slug for r in shown if r.importable and r.may_import(user, scoping.center_id_of(user))},
        "may_export": user.has_perm(EXPORT_PERM),
        "query": f"?{query}" if query else "",
        "imports": ImportJob.objects.filter(created_by=user).select_related("center")[:10],
        "exports": ExportJob.objects.filter(created_by=user)[:10],
        "this_month": timezone.localdate().strftime("%Y-%m"),
        "centers": Center.objects.all() if scoping.sees_all_centers(user) else None,
    }
    return render(request, "ledgers/index.html", context)


# --- export ------------------------------------------------------------------------------------


def export(request, slug):
    _require(request, EXPORT_PERM)
    register = _register_or_404(slug, request.user)
    params = request.GET
    form = LedgerExportForm([register], request.user, data=params if "go" in params else None)
    error = ""
    try:
        spec = pipeline.export_spec(request, register, params)
        count = spec.queryset.count()
    except filters.BadFilter:
        spec, count, error = None, 0, _("The filters in the address are not valid; they were ignored.")
    if spec is not None and "go" in params and form.is_valid():
        fmt = form.selected_format()
        if count <= jobs.inline_limit():
            stream = io.BytesIO()
            _spec, _rows = pipeline.export_now(request, register, params, fmt, stream)
            return _download(stream.getvalue(), f"{spec.file_name}.{fmt}", fmt)
        job = pipeline.start_export(request, register, params, fmt)
        return redirect("ledgers_export_job", pk=job.pk)
    context = {
        "register": register,
        "form": form,
        "count": count,
        "hidden": register.source.hidden_params(params),
        "active_filters": register.source.filter_labels(request, register, params) if not error else [],
        "error": error,
        "background": count > jobs.inline_limit(),
    }
    return render(request, "ledgers/export.html", context)


def export_job(request, pk):
    job = _own(request, ExportJob.objects.all(), pk)
    if job.status in (ExportStatus.PENDING, ExportStatus.RUNNING):
        job = jobs.recover_if_stale("export", job)
    register = get_register(job.register)
    return render(request, "ledgers/export_job.html", {"job": job, "register": register, "progress": jobs.progress_of("export", job)})


def export_download(request, pk):
    job = _own(request, ExportJob.objects.all(), pk)
    if job.status != ExportStatus.DONE or not job.file:
        raise Http404
    return _download(default_storage.open(job.file.name, "rb"), job.file_name, job.file_format)


def template(request, slug):
    """An empty register with its headers, to fill in and import (importable registers only)."""
    _require(request, EXPORT_PERM)
    register = _register_or_404(slug, request.user)
    if not register.importable:
        raise Http404
    stream = io.BytesIO()
    from governance.ledgers.writers import write_ledger

    write_ledger(stream, "xlsx", register, [], reveal=True)
    return _download(stream.getvalue(), f"{register.title}（模板）.xlsx", "xlsx")


# --- import ------------------------------------------------------------------------------------


def import_upload(request, slug):
    _require(request, IMPORT_PERM)
    register = _register_or_404(slug, request.user)
    if not register.importable:
        raise Http404
    user = request.user
    if not scoping.sees_all_centers(user) and scoping.center_id_of(user) is None:
        raise PermissionDenied
    if not register.may_import(user, scoping.center_id_of(user)):
        raise PermissionDenied  # the register's own rule (patrols: the center's staff who record them)
    form = LedgerImportForm([register], user, data=request.POST or None, files=request.FILES or None)
    if request.method == "POST" and form.is_valid():
        center = form.cleaned_data.get("center") or Center.objects.get(pk=scoping.center_id_of(user))
        if not register.may_import(user, center.pk):
            raise PermissionDenied
        try:
            job = pipeline.start_import(user=user, register=register, center=center, uploaded=form.cleaned_data["import_file"])
        except pipeline.UploadRejected as exc:
            form.add_error("import_file", str(exc))
        else:
            return redirect("ledgers_import_job", pk=job.pk)
    return render(request, "ledgers/import.html", {"register": register, "form": form})


def import_job(request, pk):
    job = _own(request, ImportJob.objects.select_related("center"), pk)
    if request.method == "POST":  # the mapping step: names that matched nothing, mapped to entries
        _require(request, IMPORT_PERM)
        saved = mapping.map_names(job, request.user, request.POST)
        if saved:
            messages.success(request, _("Saved. The file was checked again with the names you mapped."))
        return redirect("ledgers_import_job", pk=job.pk)
    running = job.status in (ImportStatus.PREVIEW_PENDING, ImportStatus.PREVIEWING, ImportStatus.COMMIT_PENDING, ImportStatus.COMMITTING)
    if running:
        job = jobs.recover_if_stale("import", job)
    rows = mapping.mapping_rows(job, request.user) if job.status == ImportStatus.PREVIEWED and request.user.has_perm(IMPORT_PERM) else []
    register = get_register(job.register)
    context = {
        "job": job,
        "register": register,
        # Registers of other records than cases: their own list (the case list otherwise).
        "records_url": reverse(register.import_module.LIST_URL) if register.importer else "",
        "preview": job.preview,
        "running": running,
        "progress": jobs.progress_of("import", job),
        "more_problems": max(0, job.preview.get("problem_count", 0) - len(job.preview.get("problems", []))),
        "mapping": rows,
        "may_create_any": any(row[-1] for row in rows),
        # Accepting a difference edits the case (case_update_details): for those who may edit cases.
        "may_accept": request.user.has_perm(CHANGE_CASE_PERM),
        "not_allowed": msg.DIFF_NOT_ALLOWED,
    }
    return render(request, "ledgers/import_job.html", context)


@require_POST
def import_confirm(request, pk):
    _require(request, IMPORT_PERM)
    job = _own(request, ImportJob.objects.all(), pk)
    if not get_register(job.register).may_import(request.user, job.center_id):
        raise PermissionDenied
    accept = request.POST.getlist("accept") if request.user.has_perm(CHANGE_CASE_PERM) else ()
    if not pipeline.confirm_import(job, accept=accept):
        messages.error(request, _("This file cannot be imported: check the problems listed."))
    return redirect("ledgers_import_job", pk=job.pk)


def import_problems(request, pk):
    job = _own(request, ImportJob.objects.all(), pk)
    if not job.problems_file:
        raise Http404
    return _download(default_storage.open(job.problems_file.name, "rb"), f"导入问题清单-{job.original_name}.csv", "csv")


def job_status(request, kind, pk):
    """JSON for the progress bar: status, percent, stage, and whether the page should reload."""
    if kind == "import":
        job = _own(request, ImportJob.objects.all(), pk)
        finished = job.status in (ImportStatus.PREVIEWED, ImportStatus.COMMITTED, ImportStatus.FAILED)
    elif kind == "export":
        job = _own(request, ExportJob.objects.all(), pk)
        finished = job.status in (ExportStatus.DONE, ExportStatus.FAILED)
    else:
        raise Http404
    if not finished:
        job = jobs.recover_if_stale(kind, job)
    progress = jobs.progress_of(kind, job)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "finished": finished,
            "percent": 100 if finished else progress.get("percent", 0),
            "stage": progress.get("stage", ""),
        }
    )


# --- monthly closing ---------------------------------------------------------------------------


def _closing_summary(request):
    _require(request, EXPORT_PERM)
    month = filters.Month.parse(request.GET.get("month")) or filters.Month.parse(timezone.localdate().strftime("%Y-%m"))
    center = request.GET.get("center")
    return closing.month_summary(request.user, month, int(center) if center and center.isdigit() else None)


def closing_page(request):
    summary = _closing_summary(request)
    query = urlencode({k: v for k, v in request.GET.items() if k in ("month", "center")})
    context = {
        "summary": summary,
        "columns": closing.COLUMNS,
        "month_value": str(summary.month),
        "centers": Center.objects.all() if scoping.sees_all_centers(request.user) else None,
        "center_value": request.GET.get("center", ""),
        "xlsx_url": f"{reverse('ledgers_closing_xlsx')}?{query}",
    }
    return render(request, "ledgers/closing.html", context)


def closing_xlsx(request):
    summary = _closing_summary(request)
    stream = io.BytesIO()
    closing.write_xlsx(summary, stream)
    audit("export", actor=request.user, center_id=scoping.center_id_of(request.user), register="closing", month=str(summary.month), rows=0)
    return _download(stream.getvalue(), f"{summary.title}.xlsx", "xlsx")
