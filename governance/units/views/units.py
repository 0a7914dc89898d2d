"""Screens of the unit registry: add, open (the lead's phone masked, its checks and the notices
they gave, moves, history), edit, close or reopen, and the logged reveal of the lead's phone."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import scoping
from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER
from governance.institutions.views.common import call_service, done, history, reason_move
from governance.units import flows, forms
from governance.units.selectors import checks_visible_to, notices_visible_to, units_visible_to
from governance.units.services import checks as check_services
from governance.units.services import common
from governance.units.services import units as services

FLOW = flows.UNIT_FLOW


def _unit(request, pk):
    return get_object_or_404(units_visible_to(request.user).select_related("center", "kind", "village"), pk=pk)


def own_center(request, permission):
    """The center of a center-staff user holding `permission`, or PermissionDenied."""
    profile = scoping.profile_of(request.user)
    if profile is None or not profile.center_id or profile.department_id or profile.workstation_id or not request.user.has_perm(permission):
        raise PermissionDenied
    return profile.center


def _data(form):
    data = form.cleaned_data
    return services.UnitData(
        kind_id=data["kind"].pk,
        name=data["name"],
        address=data["address"],
        lead_name=data["lead_name"],
        lead_phone=data["lead_phone"],
        credit_code=data["credit_code"],
        village_id=data["village"].pk if data["village"] else None,
        is_key=data["is_key"],
    )


def unit_create(request, model_admin=None):
    center = own_center(request, "units.add_unit")
    form = forms.UnitForm(request.POST or None, center_id=center.pk)
    if request.method == "POST" and form.is_valid():
        ok, unit = call_service(form, lambda: services.unit_create(center=center, actor=request.user, data=_data(form)))
        if ok:
            return done(request, _("Unit added."), "units_unit", unit.pk)
    context = {"form": form, "title": _("Add a unit"), "back_url": reverse("units_unit_modeladmin_index"), "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def unit_edit(request, pk):
    unit = _unit(request, pk)
    if CENTER not in common.relations_to(request.user, unit.center_id) or not request.user.has_perm("units.change_unit"):
        raise PermissionDenied
    initial = {
        "name": unit.name,
        "kind": unit.kind_id,
        "village": unit.village_id,
        "address": unit.address,
        "credit_code": unit.credit_code,
        "lead_name": unit.lead_name,
        "lead_phone": unit.lead_phone,
        "is_key": unit.is_key,
        "version": unit.version,
    }
    form = stale.protect(forms.UnitForm(request.POST or None, initial=initial, center_id=unit.center_id), unit, edits=True)
    if request.method == "POST" and form.is_valid():
        version = form.cleaned_data["version"]
        run = lambda: services.unit_update(pk=unit.pk, actor=request.user, data=_data(form), expected_version=version)  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Unit saved."), "units_unit", unit.pk)
    context = {"form": form, "title": unit.name, "back_url": reverse("units_unit", args=[unit.pk]), "submit": _("Save")}
    return render(request, "institutions/admin/form_page.html", context)


def unit_inspect(request, pk):
    unit = _unit(request, pk)
    relations = common.relations_to(request.user, unit.center_id)
    in_center = CENTER in relations
    notices = list(check_services.unit_notices(unit).select_related("recipient"))
    visible_notices = set(notices_visible_to(request.user, check_services.unit_notices(unit)).values_list("pk", flat=True))
    context = {
        "unit": unit,
        "lead_phone": services.masked_phone(unit),
        "may_change": in_center and request.user.has_perm("units.change_unit") and unit.status == flows.ACTIVE,
        "may_check": in_center and request.user.has_perm(flows.ADD_CHECK) and unit.status == flows.ACTIVE,
        "may_reveal": services.may_reveal(request.user, unit),
        "moves": FLOW.available(unit.status, relations, permissions_of(request.user, FLOW)),
        "history": history(unit, FLOW, labels=flows.NOTE_LABELS),
        "checks": checks_visible_to(request.user, unit.checks.all()).order_by("-check_date", "-pk"),
        "notices": notices,
        "visible_notices": visible_notices,
    }
    return render(request, "units/admin/unit_inspect.html", context)


def unit_move(request, pk, action):
    unit = _unit(request, pk)
    return reason_move(
        request,
        record=unit,
        flow=FLOW,
        action=action,
        relations=common.relations_to(request.user, unit.center_id),
        permissions=permissions_of(request.user, FLOW),
        back_url=reverse("units_unit", args=[unit.pk]),
        url_name="units_unit",
        form_class=forms.ReasonForm,
        service=services.unit_move,
        title=unit.name,
    )


@require_POST
def unit_reveal(request, pk):
    unit = _unit(request, pk)
    try:
        revealed = services.lead_reveal(unit=unit, actor=request.user)
    except flows.MoveNotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "units/admin/unit_reveal.html", {"unit": unit, "revealed": revealed})
