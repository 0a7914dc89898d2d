"""Screens of the unit checks: record a check (a result per checklist item), open it, edit the
draft, complete or cancel it, and turn a non-compliant item into a rectification notice."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER
from governance.institutions.services.notices import NoticeData
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal
from governance.units import flows, forms
from governance.units.selectors import checks_visible_to, notices_visible_to, results_visible_to, units_visible_to
from governance.units.services import checks as services
from governance.units.services import common
from governance.units.views.units import own_center

FLOW = flows.CHECK_FLOW


def _check(request, pk):
    return get_object_or_404(checks_visible_to(request.user).select_related("center", "unit", "recorded_by"), pk=pk)


def _data(form, unit_id):
    data = form.cleaned_data
    results = [services.ResultData(item_id, result, note) for item_id, result, note in form.result_rows()]
    return services.CheckData(
        unit_id=unit_id, check_date=data["check_date"], inspectors=data["inspectors"], findings=data["findings"], results=results
    )


def check_create(request, model_admin=None):
    center = own_center(request, flows.ADD_CHECK)
    unit = None
    if str(request.GET.get("unit", "")).isdigit():
        unit = units_visible_to(request.user).filter(pk=int(request.GET["unit"]), center=center, status=flows.ACTIVE).first()
    initial = {"check_date": common.today(), **({"unit": unit.pk} if unit else {})}
    form = forms.CheckForm(request.POST or None, center_id=center.pk, fixed_unit=unit, initial=initial)
    if request.method == "POST" and form.is_valid():
        unit_id = form.cleaned_data["unit"].pk
        ok, check = call_service(form, lambda: services.check_create(center=center, actor=request.user, data=_data(form, unit_id)))
        if ok:
            return done(request, _("Check recorded."), "units_check", check.pk)
    back = reverse("units_unit", args=[unit.pk]) if unit else reverse("units_unitcheck_modeladmin_index")
    context = {"form": form, "title": _("Record a unit check"), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def check_edit(request, pk):
    check = _check(request, pk)
    relations = common.relations_to(request.user, check.center_id)
    if CENTER not in relations or not request.user.has_perm(flows.CHANGE_CHECK):
        raise PermissionDenied
    if check.status != flows.DRAFT:  # completed or cancelled since the page was opened
        messages.error(request, _("Only a draft check can be edited."))
        return redirect("units_check", pk=check.pk)
    initial = {"unit": check.unit_id, "check_date": check.check_date, "inspectors": check.inspectors, "findings": check.findings}
    for result in check.results.all():
        initial[f"result_{result.item_id}"], initial[f"note_{result.item_id}"] = result.result, result.note
    initial["version"] = check.version
    form = forms.CheckForm(request.POST or None, center_id=check.center_id, fixed_unit=check.unit, initial=initial)
    form = stale.protect(form, check, edits=True)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        run = lambda: services.check_update(pk=check.pk, actor=request.user, data=_data(form, check.unit_id), expected_version=version)  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Check saved."), "units_check", check.pk)
    context = {"form": form, "title": str(check), "back_url": reverse("units_check", args=[check.pk]), "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def check_inspect(request, pk):
    check = _check(request, pk)
    relations = common.relations_to(request.user, check.center_id)
    results = list(check.results.select_related("item", "notice"))
    notice_ids = [r.notice_id for r in results if r.notice_id]
    visible = set(notices_visible_to(request.user, check_notices(notice_ids)).values_list("pk", flat=True))
    context = {
        "check": check,
        "results": results,
        "visible_notices": visible,
        "may_edit": CENTER in relations and request.user.has_perm(flows.CHANGE_CHECK) and check.status == flows.DRAFT,
        "may_convert": services.may_convert(request.user, check),
        "moves": FLOW.available(check.status, relations, permissions_of(request.user, FLOW)),
        "history": history(check, FLOW, labels=flows.NOTE_LABELS),
        "unit_visible": units_visible_to(request.user).filter(pk=check.unit_id).exists(),
    }
    return render(request, "units/admin/check_inspect.html", context)


def check_notices(ids):
    from governance.institutions.models import RectificationNotice

    return RectificationNotice.objects.filter(pk__in=ids)


def check_move(request, pk, action):
    check = _check(request, pk)
    if action not in FLOW.moves:
        raise Http404
    back = reverse("units_check", args=[check.pk])
    relations = common.relations_to(request.user, check.center_id)
    refusal = move_refusal(request, FLOW, action, check.status, relations, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form = stale.protect(forms.ReasonForm(request.POST or None, initial={"version": check.version}), check)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.check_move(  # noqa: E731
            pk=check.pk, action=action, actor=request.user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "units_check", check.pk)
    return move_page(request, record=check, flow_move=FLOW.moves[action], form=form, back_url=back, title=str(check))


def result_notice(request, pk):
    result = get_object_or_404(results_visible_to(request.user).select_related("check_record__unit", "check_record__center", "item", "notice"), pk=pk)
    check = result.check_record
    back = reverse("units_check", args=[check.pk])
    if not services.may_convert_in(request.user, check):
        raise PermissionDenied
    refusal = services.conversion_refusal(result)
    if refusal:  # the check is not completed, the item is compliant, or it already has its notice
        messages.error(request, refusal)
        return redirect(back)
    initial = {**services.notice_defaults(result), "issue": True}
    form = forms.NoticeForm(request.POST or None, center=check.center, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notice_data = NoticeData(
            recipient_id=data["recipient"].pk,
            problem=data["problem"],
            place=data["place"],
            basis=data["basis"],
            measures=data["measures"],
            responsible_person=data["responsible_person"],
            funds=data["funds"],
            deadline=data["deadline"],
            contingency_plan=data["contingency_plan"],
        )
        run = lambda: services.result_to_notice(result_id=result.pk, actor=request.user, data=notice_data, issue=data["issue"])  # noqa: E731
        ok, notice = call_service(form, run)
        if ok:
            messages.success(request, _("Rectification notice %(notice)s made from the finding.") % {"notice": notice})
            return redirect(back)
    context = {
        "form": form,
        "title": _("Turn the finding into a rectification notice"),
        "back_url": back,
        "submit": _("Save the notice"),
        "intro": f"{check.unit.name} · {result.item.name}：{result.note}",
    }
    return render(request, "institutions/admin/form_page.html", context)
