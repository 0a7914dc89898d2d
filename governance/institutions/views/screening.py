"""Screens of the screening reports: file the half-monthly report (items or zero), file an urgent
report, open a report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance import scoping
from governance.institutions import forms
from governance.institutions.selectors.visibility import reports_visible_to
from governance.institutions.services import common as service_common
from governance.institutions.services import screening as services
from governance.institutions.views.common import call_service, history
from governance.models import Workstation
from governance.selectors.cases import cases_visible_to

FILE_PERMISSION = services.FILE_PERMISSION


def _workstations(request):
    """The workstations the user may report for: their own, or (center staff) all of the center's."""
    user = request.user
    profile = scoping.profile_of(user)
    if not user.has_perm(FILE_PERMISSION) or profile is None or profile.center_id is None or profile.department_id:
        raise PermissionDenied
    stations = Workstation.objects.filter(center_id=profile.center_id, is_active=True).order_by("name")
    if profile.workstation_id:
        stations = stations.filter(pk=profile.workstation_id)
    return stations, profile.center_id


def report_file(request, model_admin=None):
    stations, center_id = _workstations(request)
    today = service_common.today()
    form = forms.ScreeningReportForm(request.POST or None, workstations=stations, today=today)
    items = forms.ScreeningItemFormSet(request.POST or None, prefix="item", form_kwargs={"center_id": center_id})
    if request.method == "POST" and form.is_valid() and items.is_valid():
        data = form.cleaned_data
        rows = [
            services.ItemData(
                kind=f.cleaned_data["kind"],
                category_id=f.cleaned_data["category"].pk,
                summary=f.cleaned_data["summary"],
                place=f.cleaned_data["place"],
                people_count=f.cleaned_data["people_count"],
                party_name=f.cleaned_data["party_name"],
            )
            for f in items.forms
            if f.has_changed() and f.cleaned_data.get("summary")
        ]
        ok, report = call_service(
            form,
            lambda: services.screening_file(
                workstation=data["workstation"],
                actor=request.user,
                period_start=data["period"],
                items=rows,
                summary=data["summary"],
                zero=data["zero"],
            ),
        )
        if ok:
            if rows:
                messages.success(request, _("Report filed: %(count)s matters registered as cases.") % {"count": len(rows)})
            else:
                messages.success(request, _("Zero report filed."))
            return redirect("institutions_report", pk=report.pk)
    return render(request, "institutions/admin/report_file.html", {"form": form, "items": items})


def report_urgent(request):
    stations, center_id = _workstations(request)
    form = forms.UrgentReportForm(request.POST or None, workstations=stations, center_id=center_id)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, report = call_service(
            form,
            lambda: services.screening_file_urgent(
                workstation=data["workstation"],
                actor=request.user,
                summary=data["summary"],
                category_id=data["category"].pk,
                people_count=data["people_count"],
                place=data["place"],
            ),
        )
        if ok:
            messages.success(
                request, _("Urgent report filed as case %(code)s; the center director has been alerted.") % {"code": report.incident_case.code}
            )
            return redirect("institutions_report", pk=report.pk)
    return render(
        request,
        "institutions/admin/form_page.html",
        {
            "title": _("Urgent report (incident or group event)"),
            "form": form,
            "submit": _("Report now"),
            "back_url": reverse("institutions_screeningreport_modeladmin_index"),
            "intro": _("Handle, contain and report at the same time: this creates an incident case and alerts the center director at once."),
        },
    )


def report_inspect(request, pk):
    report = get_object_or_404(reports_visible_to(request.user).select_related("workstation", "center", "filed_by", "incident_case"), pk=pk)
    visible_cases = set(
        cases_visible_to(request.user).filter(pk__in=[i.case_id for i in report.items.all()] + [report.incident_case_id]).values_list("pk", flat=True)
    )
    return render(
        request,
        "institutions/admin/report_inspect.html",
        {
            "report": report,
            "items": report.items.select_related("category", "case"),
            "visible_cases": visible_cases,
            "history": history(report, labels={"file": _("Report filed"), "urgent": _("Urgent report filed")}),
        },
    )
