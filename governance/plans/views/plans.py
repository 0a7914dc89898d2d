"""Screens of the community prevention plans: add, open (milestones with their moves, history),
edit, the plan's moves, milestones added and removed, milestone moves (progress and "done" by the
owner, confirm or send back by the center), and the per-village summary."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance.flow import stale
from governance.flow.table import CENTER
from governance.institutions.views.common import call_service, done, history, move_refusal
from governance.plans import flows, forms
from governance.plans.selectors import milestones_visible_to, plans_visible_to, village_summary
from governance.plans.services import common
from governance.plans.services import plans as services
from governance.plans.views.common import own_center

FLOW = flows.PLAN_FLOW
MILESTONE_FLOW = flows.MILESTONE_FLOW


def _plan(request, pk):
    return get_object_or_404(plans_visible_to(request.user).select_related("center", "village"), pk=pk)


def _may_edit(user, plan):
    return _is_editor(user, plan) and plan.status in flows.EDITABLE_PLAN


def _is_editor(user, plan):
    return CENTER in common.relations_to(user, plan.center_id) and user.has_perm(flows.EDIT_PLAN)


def _refuse_edit(request, plan):
    """PermissionDenied for who may not edit the plan; a redirect back (with the reason) when only
    its state stands in the way; None when the edit may go ahead."""
    if not _is_editor(request.user, plan):
        raise PermissionDenied
    if plan.status not in flows.EDITABLE_PLAN:
        messages.error(request, _("Only a draft or returned plan can be changed."))
        return redirect("plans_plan", pk=plan.pk)
    return None


def _data(form):
    return services.PlanData(measures=form.cleaned_data["measures"], responsible_people=form.cleaned_data["responsible_people"])


def plan_create(request, model_admin=None):
    center = own_center(request, "plans.add_communityplan")
    form = forms.PlanForm(request.POST or None, center_id=center.pk, initial={"year": common.today().year})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: services.plan_create(center=center, actor=request.user, village_id=data["village"].pk, year=data["year"], data=_data(form))  # noqa: E731
        ok, plan = call_service(form, run)
        if ok:
            return done(request, _("Plan drafted. Add its milestones, then submit it."), "plans_plan", plan.pk)
    back = reverse("plans_communityplan_modeladmin_index")
    context = {"form": form, "title": _("Draft a community prevention plan"), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def plan_edit(request, pk):
    plan = _plan(request, pk)
    refusal = _refuse_edit(request, plan)
    if refusal is not None:
        return refusal
    back = reverse("plans_plan", args=[plan.pk])
    initial = {"measures": plan.measures, "responsible_people": plan.responsible_people, "version": plan.version}
    form = stale.protect(forms.PlanForm(request.POST or None, initial=initial, center_id=plan.center_id, editing=True), plan, edits=True)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.plan_update(pk=plan.pk, actor=request.user, data=_data(form), expected_version=form.cleaned_data["version"])  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Plan saved."), "plans_plan", plan.pk)
    context = {"form": form, "title": str(plan), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def _milestone_rows(request, plan):
    rows = []
    for milestone in plan.milestones.select_related("owner_department", "plan__village").order_by("due_date", "pk"):
        moves = services.MILESTONE.available(milestone, request.user) if plan.status == flows.APPROVED else []
        rows.append({"milestone": milestone, "moves": moves})
    return rows


def plan_inspect(request, pk):
    plan = _plan(request, pk)
    may_edit = _may_edit(request.user, plan)
    context = {
        "plan": plan,
        "may_edit": may_edit,
        "milestones": _milestone_rows(request, plan),
        "milestone_form": forms.MilestoneForm(center_id=plan.center_id, initial={"version": plan.version}) if may_edit else None,
        "moves": services.PLAN.available(plan, request.user),
        "history": history(plan, FLOW),
    }
    return render(request, "plans/admin/plan_inspect.html", context)


def plan_move(request, pk, action):
    plan = _plan(request, pk)
    if action not in FLOW.moves:
        raise Http404
    back = reverse("plans_plan", args=[plan.pk])
    relations = services.PLAN.relations(request.user, plan)
    refusal = move_refusal(request, FLOW, action, plan.status, relations, services.PLAN.permissions_of(request.user), back)
    if refusal is not None:
        return refusal
    form = stale.protect(forms.ReasonForm(request.POST or None, initial={"version": plan.version}), plan)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.plan_move(  # noqa: E731
            pk=plan.pk, action=action, actor=request.user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "plans_plan", plan.pk)
    context = {"record": plan, "move": FLOW.moves[action], "form": form, "back_url": back, "title": str(plan), "history": None}
    return render(request, "plans/admin/move.html", context)


def _form_errors(request, form):
    for field, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[field].label if field in form.fields else ''} {error}".strip())


@require_POST
def milestone_add(request, pk):
    plan = _plan(request, pk)
    refusal = _refuse_edit(request, plan)
    if refusal is not None:
        return refusal
    form = forms.MilestoneForm(request.POST, center_id=plan.center_id)
    if form.is_valid():
        data = form.cleaned_data
        department = data["owner_department"]
        milestone = services.MilestoneData(title=data["title"], due_date=data["due_date"], owner_department_id=department.pk if department else None)
        run = lambda: services.milestone_add(plan_id=plan.pk, actor=request.user, data=milestone, expected_version=data["version"])  # noqa: E731
        ok, _made = call_service(form, run)
        if ok:
            return done(request, _("Milestone added."), "plans_plan", plan.pk)
    _form_errors(request, form)
    return redirect("plans_plan", pk=plan.pk)


def _milestone(request, pk):
    return get_object_or_404(milestones_visible_to(request.user).select_related("plan__center", "plan__village", "owner_department"), pk=pk)


@require_POST
def milestone_remove(request, pk):
    milestone = _milestone(request, pk)
    refusal = _refuse_edit(request, milestone.plan)
    if refusal is not None:
        return refusal
    try:
        services.milestone_remove(milestone_id=milestone.pk, actor=request.user)
    except flows.MoveNotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return done(request, _("Milestone removed."), "plans_plan", milestone.plan_id)


MOVE_FORMS = {"progress": forms.ProgressForm, "report": forms.DoneForm}


def milestone_move(request, pk, action):
    milestone = _milestone(request, pk)
    if action not in MILESTONE_FLOW.moves:
        raise Http404
    plan = milestone.plan
    back = reverse("plans_plan", args=[plan.pk])
    relations = services.MILESTONE.relations(request.user, milestone)
    refusal = move_refusal(request, MILESTONE_FLOW, action, milestone.status, relations, services.MILESTONE.permissions_of(request.user), back)
    if refusal is not None:
        return refusal
    if plan.status != flows.APPROVED:
        messages.error(request, _("The plan has not been approved yet."))
        return redirect(back)
    form_class = MOVE_FORMS.get(action, forms.ReasonForm)
    initial = {"version": milestone.version, "done_on": common.today()}
    form = stale.protect(form_class(request.POST or None, initial=initial), milestone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: services.milestone_move(  # noqa: E731
            pk=milestone.pk, action=action, actor=request.user, reason=data["reason"], done_on=data.get("done_on"), expected_version=data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": MILESTONE_FLOW.label(action)}, "plans_plan", plan.pk)
    context = {
        "record": milestone,
        "move": MILESTONE_FLOW.moves[action],
        "form": form,
        "back_url": back,
        "title": f"{plan} · {milestone.title}",
        "history": history(milestone, MILESTONE_FLOW),
    }
    return render(request, "plans/admin/move.html", context)


def summary(request):
    if not request.user.has_perm("plans.view_communityplan"):
        raise PermissionDenied
    form = forms.YearForm(request.GET or None, initial={"year": common.today().year})
    year = form.cleaned_data["year"] if form.is_bound and form.is_valid() else common.today().year
    kinds, rows = village_summary(request.user, year)
    return render(request, "plans/admin/summary.html", {"form": form, "year": year, "kinds": kinds, "rows": rows})
