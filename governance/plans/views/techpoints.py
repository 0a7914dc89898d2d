"""Screens of the technical prevention points: add, open (state, checks, history), edit, and the
moves (a check, a fault, a repair, the removal)."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance.flow import stale
from governance.flow.table import CENTER
from governance.institutions.views.common import call_service, done, history, move_refusal
from governance.plans import flows, forms
from governance.plans.selectors import points_visible_to
from governance.plans.services import common
from governance.plans.services import techpoints as services
from governance.plans.views.common import own_center

FLOW = flows.POINT_FLOW


def _point(request, pk):
    return get_object_or_404(points_visible_to(request.user).select_related("center", "village", "kind"), pk=pk)


def _data(form):
    data = form.cleaned_data
    return services.PointData(
        village_id=data["village"].pk, kind_id=data["kind"].pk, location=data["location"], installed_on=data["installed_on"], note=data["note"]
    )


def point_create(request, model_admin=None):
    center = own_center(request, "plans.add_techpoint")
    form = forms.PointForm(request.POST or None, center_id=center.pk)
    if request.method == "POST" and form.is_valid():
        ok, point = call_service(form, lambda: services.point_create(center=center, actor=request.user, data=_data(form)))
        if ok:
            return done(request, _("Point added."), "plans_techpoint", point.pk)
    back = reverse("plans_techpoint_modeladmin_index")
    context = {"form": form, "title": _("Add a technical prevention point"), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def _may_change(user, point):
    return CENTER in common.relations_to(user, point.center_id) and user.has_perm("plans.change_techpoint") and point.status != flows.REMOVED


def point_edit(request, pk):
    point = _point(request, pk)
    if not _may_change(request.user, point):
        raise PermissionDenied
    initial = {
        "village": point.village_id,
        "kind": point.kind_id,
        "location": point.location,
        "installed_on": point.installed_on,
        "note": point.note,
        "version": point.version,
    }
    form = stale.protect(forms.PointForm(request.POST or None, initial=initial, center_id=point.center_id), point, edits=True)
    if request.method == "POST" and form.is_valid():
        run = lambda: services.point_update(pk=point.pk, actor=request.user, data=_data(form), expected_version=form.cleaned_data["version"])  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Point saved."), "plans_techpoint", point.pk)
    back = reverse("plans_techpoint", args=[point.pk])
    context = {"form": form, "title": str(point), "back_url": back, "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def point_inspect(request, pk):
    point = _point(request, pk)
    context = {
        "point": point,
        "may_change": _may_change(request.user, point),
        "moves": services.POINT.available(point, request.user),
        "history": history(point, FLOW),
    }
    return render(request, "plans/admin/point_inspect.html", context)


def point_move(request, pk, action):
    point = _point(request, pk)
    if action not in FLOW.moves:
        raise Http404
    back = reverse("plans_techpoint", args=[point.pk])
    relations = services.POINT.relations(request.user, point)
    refusal = move_refusal(request, FLOW, action, point.status, relations, services.POINT.permissions_of(request.user), back)
    if refusal is not None:
        return refusal
    form_class = forms.CheckForm if action in ("check", "repair") else forms.ReasonForm
    form = stale.protect(form_class(request.POST or None, initial={"version": point.version}), point)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: services.point_move(  # noqa: E731
            pk=point.pk, action=action, actor=request.user, reason=data["reason"], checked_on=data.get("checked_on"), expected_version=data["version"]
        )
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "plans_techpoint", point.pk)
    context = {"record": point, "move": FLOW.moves[action], "form": form, "back_url": back, "title": str(point), "history": None}
    return render(request, "plans/admin/move.html", context)
