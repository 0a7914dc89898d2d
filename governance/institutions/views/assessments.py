"""Screens of the assessments: create, the ranked result table with inspection scores and weights,
compute and publish, exports to xlsx and PDF."""

import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import scoping
from governance.institutions import forms
from governance.institutions.models import Assessment
from governance.institutions.pdf import chinese_date
from governance.institutions.rules import flows
from governance.institutions.rules import indicators as ind
from governance.institutions.selectors.visibility import assessments_visible_to
from governance.institutions.services import assessments as services
from governance.institutions.services import common as service_common
from governance.institutions.views.common import call_service, done, file_response, history, move_page, pdf_response
from governance.services.audit import audit

FLOW = flows.ASSESSMENT_FLOW


def _assessment(request, pk):
    return get_object_or_404(assessments_visible_to(request.user).select_related("center"), pk=pk)


def _moves(request, assessment):
    relations = services.relations(request.user, assessment)
    return FLOW.available(assessment.status, relations, service_common.permissions_of(request.user, FLOW))


def assessment_create(request, model_admin=None):
    user = request.user
    if not user.has_perm(flows.RUN_ASSESSMENT):
        raise PermissionDenied
    center_id = scoping.center_id_of(user)
    county = scoping.sees_all_centers(user) and user.has_perm(services.RANK_CENTERS)
    subjects = []
    if center_id:
        subjects += [Assessment.Subject.DEPARTMENTS, Assessment.Subject.WORKSTATIONS]
    if county and not center_id:
        subjects.append(Assessment.Subject.CENTERS)
    if not subjects:
        raise PermissionDenied
    center = scoping.visible_centers(user).get(pk=center_id) if center_id else None
    form = forms.AssessmentForm(request.POST or None, subjects=subjects)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, assessment = call_service(
            form,
            lambda: services.assessment_create(
                actor=user,
                center=None if data["subject"] == Assessment.Subject.CENTERS else center,
                kind=data["kind"],
                subject=data["subject"],
                year=data["year"],
                number=data["number"],
            ),
        )
        if ok:
            return done(request, _("Assessment created. Compute it from the records."), "institutions_assessment", assessment.pk)
    return render(
        request,
        "institutions/admin/form_page.html",
        {
            "title": _("New assessment"),
            "form": form,
            "back_url": reverse("institutions_assessment_modeladmin_index"),
            "submit": _("Create"),
        },
    )


def _columns(assessment):
    return [
        {"key": key, "label": ind.LABELS[key], "weight": assessment.weights.get(key, 0), "definition": ind.DEFINITIONS[key]}
        for key in ind.ALL_INDICATORS
    ]


def _rows(assessment):
    rows = []
    for result in assessment.results.order_by("rank", "sort_order"):
        cells = []
        for key in ind.ALL_INDICATORS:
            value = result.values.get(key)
            ratio = result.ratios.get(key)
            cells.append({"value": value, "ratio": f"{ratio[0]}/{ratio[1]}" if ratio and ratio[1] else ""})
        rows.append({"result": result, "cells": cells})
    return rows


def assessment_inspect(request, pk):
    assessment = _assessment(request, pk)
    moves = _moves(request, assessment)
    return render(
        request,
        "institutions/admin/assessment_inspect.html",
        {
            "assessment": assessment,
            "moves": [m for m in moves if m.action not in ("scores", "weights")],
            "may_score": any(m.action == "scores" for m in moves),
            "may_weigh": any(m.action == "weights" for m in moves),
            "columns": _columns(assessment),
            "rows": _rows(assessment),
            "history": history(assessment, FLOW),
        },
    )


def assessment_move(request, pk, action):
    assessment = _assessment(request, pk)
    if action not in {m.action for m in _moves(request, assessment)}:
        raise PermissionDenied
    back = reverse("institutions_assessment", args=[assessment.pk])
    if action == "compute":
        form = forms.EmptyForm(request.POST or None)
        run = lambda: services.assessment_compute(pk=assessment.pk, actor=request.user)  # noqa: E731
    elif action == "publish":
        form = forms.EmptyForm(request.POST or None)
        run = lambda: services.assessment_publish(pk=assessment.pk, actor=request.user)  # noqa: E731
    elif action == "weights":
        form = forms.weights_form_class()(request.POST or None, initial={k: assessment.weights.get(k, 0) for k in ind.ALL_INDICATORS})
        run = lambda: services.assessment_set_weights(pk=assessment.pk, actor=request.user, weights=form.cleaned_data)  # noqa: E731
    elif action == "scores":
        results = list(assessment.results.order_by("sort_order"))
        fields = {f"score_{r.pk}": r for r in results}
        form = _scores_form(fields, request.POST or None)
        run = lambda: services.assessment_set_scores(  # noqa: E731
            pk=assessment.pk, actor=request.user, scores={r.pk: form.cleaned_data[name] for name, r in fields.items()}
        )
    else:
        raise Http404
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "institutions_assessment", assessment.pk)
    return move_page(request, record=assessment, flow_move=FLOW.moves[action], form=form, back_url=back, title=assessment.title)


def _scores_form(fields, data):
    from django import forms as django_forms

    declared = {
        name: django_forms.DecimalField(
            label=result.name, min_value=Decimal(0), max_value=Decimal(100), decimal_places=2, required=False, initial=result.inspection_score
        )
        for name, result in fields.items()
    }
    return type("ScoresForm", (django_forms.Form,), declared)(data)


def _cell(value):
    """Text that a spreadsheet would run as a formula is written as text (formula injection)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _export_table(assessment):
    header = [_("Rank"), _("Unit")] + [f"{ind.LABELS[k]}（{assessment.weights.get(k, 0)}）" for k in ind.ALL_INDICATORS] + [_("Total score")]
    body = []
    for result in assessment.results.order_by("rank", "sort_order"):
        values = [float(result.values[k]) if result.values.get(k) is not None else None for k in ind.ALL_INDICATORS]
        body.append([result.rank, _cell(result.name), *values, float(result.total) if result.total is not None else None])
    return header, body


def _audit_export(request, assessment, fmt):
    audit("assessment.export", actor=request.user, center_id=assessment.center_id, obj=assessment, format=fmt)


def assessment_xlsx(request, pk):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    assessment = _assessment(request, pk)
    header, body = _export_table(assessment)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Results")[:31]
    sheet.append([_cell(assessment.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(
        [_("Period"), f"{assessment.period_start:%Y-%m-%d} — {assessment.period_end:%Y-%m-%d}", _("Status"), assessment.get_status_display()]
    )
    sheet.append(header)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in body:
        sheet.append(row)
    sheet.column_dimensions["B"].width = 18
    for column in "CDEFGHIJK":
        sheet.column_dimensions[column].width = 14
    buffer = io.BytesIO()
    workbook.save(buffer)
    _audit_export(request, assessment, "xlsx")
    return file_response(buffer.getvalue(), f"{assessment.title}.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def assessment_pdf(request, pk):
    assessment = _assessment(request, pk)
    rows = [
        {"rank": r.rank, "name": r.name, "cells": [r.values.get(k) for k in ind.ALL_INDICATORS], "total": r.total}
        for r in assessment.results.order_by("rank", "sort_order")
    ]
    context = {
        "assessment": assessment,
        "owner_name": assessment.center.name if assessment.center else _("County governance center"),
        "columns": _columns(assessment),
        "rows": rows,
        "status_label": assessment.get_status_display(),
        "period_start": chinese_date(assessment.period_start),
        "period_end": chinese_date(assessment.period_end),
        "computed_at": timezone.localtime(assessment.computed_at).strftime("%Y-%m-%d %H:%M") if assessment.computed_at else "—",
        "printed_on": chinese_date(timezone.localdate()),
    }
    _audit_export(request, assessment, "pdf")
    return pdf_response(
        request, "institutions/pdf/assessment.html", context, f"{assessment.title}.pdf", reverse("institutions_assessment", args=[assessment.pk])
    )
