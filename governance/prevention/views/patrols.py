"""Screens of the joint-prevention log: record a patrol, open it (findings and their cases, moves,
history), review or return it, add a finding, register a finding as a case; the monthly figures."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal
from governance.prevention import flows, forms
from governance.prevention.models import Finding
from governance.prevention.selectors import month_report, patrols_visible_to
from governance.prevention.services import common
from governance.prevention.services import patrols as services
from governance.prevention.views.teams import _own_center
from governance.selectors.cases import cases_visible_to

FLOW = flows.PATROL_FLOW


def _patrol(request, pk):
    return get_object_or_404(patrols_visible_to(request.user).select_related("center", "recorded_by"), pk=pk)


def patrol_create(request, model_admin=None):
    center = _own_center(request, flows.RECORD_PATROL)
    form = forms.PatrolForm(request.POST or None, center_id=center.pk, initial={"patrol_date": common.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        found = []
        if (data["finding"] or "").strip():
            found.append(services.FindingData(description=data["finding"], kind=data["finding_kind"], place=data["finding_place"]))
        patrol_data = services.PatrolData(
            patrol_date=data["patrol_date"],
            start_time=data["start_time"],
            end_time=data["end_time"],
            team_ids=[t.pk for t in data["teams"]],
            route=data["route"],
            people_count=data["people_count"],
            hours=data["hours"],
            summary=data["summary"],
            village_ids=[v.pk for v in data["villages"]],
            participant_ids=[m.pk for m in data["participants"]],
            findings=found,
        )
        ok, patrol = call_service(form, lambda: services.patrol_record(center=center, actor=request.user, data=patrol_data))
        if ok:
            return done(request, _("Patrol recorded."), "prevention_patrol", patrol.pk)
    back = reverse("prevention_patrol_modeladmin_index")
    context = {"form": form, "title": _("Record a patrol"), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def patrol_inspect(request, pk):
    patrol = _patrol(request, pk)
    relations = common.relations_to(request.user, patrol.center_id)
    in_center = CENTER in relations
    findings = list(patrol.findings.select_related("village", "case"))
    visible_cases = set(cases_visible_to(request.user).filter(pk__in=[f.case_id for f in findings if f.case_id]).values_list("pk", flat=True))
    may_convert = in_center and request.user.has_perm(services.CONVERT_PERMISSION) and request.user.has_perm("governance.register_case")
    context = {
        "patrol": patrol,
        "teams": patrol.teams.order_by("name"),
        "villages": patrol.villages.order_by("name"),
        "participants": patrol.participants.select_related("team").order_by("team__name", "pk"),
        "findings": findings,
        "visible_cases": visible_cases,
        "may_convert": may_convert,
        "may_add_finding": in_center and request.user.has_perm("prevention.change_patrol") and patrol.status != flows.REVIEWED,
        "finding_form": forms.FindingForm(center_id=patrol.center_id),
        "moves": FLOW.available(patrol.status, relations, permissions_of(request.user, FLOW)),
        "history": history(patrol, FLOW, labels=flows.NOTE_LABELS),
    }
    return render(request, "prevention/admin/patrol_inspect.html", context)


def patrol_move(request, pk, action):
    patrol = _patrol(request, pk)
    if action not in FLOW.moves:
        raise Http404
    back = reverse("prevention_patrol", args=[patrol.pk])
    relations = common.relations_to(request.user, patrol.center_id)
    refusal = move_refusal(request, FLOW, action, patrol.status, relations, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form = stale.protect(forms.ReasonForm(request.POST or None, initial={"version": patrol.version}), patrol)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.patrol_move(  # noqa: E731
            pk=patrol.pk, action=action, actor=request.user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "prevention_patrol", patrol.pk)
    return move_page(request, record=patrol, flow_move=FLOW.moves[action], form=form, back_url=back, title=str(patrol))


@require_POST
def finding_add(request, pk):
    patrol = _patrol(request, pk)
    if CENTER not in common.relations_to(request.user, patrol.center_id) or not request.user.has_perm("prevention.change_patrol"):
        raise PermissionDenied
    form = forms.FindingForm(request.POST, center_id=patrol.center_id)
    if form.is_valid():
        data = form.cleaned_data
        finding = services.FindingData(
            description=data["description"], kind=data["kind"], place=data["place"], village_id=data["village"].pk if data["village"] else None
        )
        ok, _finding = call_service(form, lambda: services.finding_add(patrol=patrol, actor=request.user, data=finding))
        if ok:
            return done(request, _("Finding added."), "prevention_patrol", patrol.pk)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("prevention_patrol", pk=patrol.pk)


def finding_case(request, pk):
    finding = get_object_or_404(Finding.objects.filter(patrol__in=patrols_visible_to(request.user)).select_related("patrol", "case"), pk=pk)
    patrol = finding.patrol
    back = reverse("prevention_patrol", args=[patrol.pk])
    if CENTER not in common.relations_to(request.user, patrol.center_id) or not request.user.has_perm(services.CONVERT_PERMISSION):
        raise PermissionDenied
    if finding.case_id:
        messages.error(request, _("This finding is already registered as case %(code)s.") % {"code": finding.case.code})
        return redirect(back)
    kind = "dispute" if finding.kind == Finding.Kind.DISPUTE else "hazard"
    form = forms.FindingCaseForm(request.POST or None, center_id=patrol.center_id, initial={"case_kind": kind})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: services.finding_to_case(  # noqa: E731
            finding_id=finding.pk,
            actor=request.user,
            case_kind=data["case_kind"],
            category_id=data["category"].pk,
            reporter_name=data["reporter_name"],
            reporter_phone=data["reporter_phone"],
            people_count=data["people_count"],
        )
        ok, case = call_service(form, run)
        if ok:
            messages.success(request, _("Registered as case %(code)s.") % {"code": case.code})
            return redirect(back)
    context = {
        "form": form,
        "title": _("Register the finding as a case"),
        "back_url": back,
        "submit": _("Register the case"),
        "intro": finding.description,
    }
    return render(request, "institutions/admin/form_page.html", context)


def monthly_report(request):
    if not request.user.has_perm("prevention.view_patrol"):
        raise PermissionDenied
    today = common.today()
    form = forms.MonthForm(request.GET or None, initial={"month": today})
    month = form.cleaned_data["month"] if form.is_bound and form.is_valid() else today
    rows, total = month_report(request.user, month)
    return render(request, "prevention/admin/monthly.html", {"form": form, "month": month, "rows": rows, "total": total})
