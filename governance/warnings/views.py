"""Screens of the security warnings: draft, edit, open (details, history, moves), move.
Thin: a form in, one service call, a redirect out."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance import scoping
from governance.flow import relations, stale
from governance.flow.relations import permissions_of
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal
from governance.warnings import flow, forms, selectors
from governance.warnings import services as services

FLOW = flow.WARNING_FLOW
INDEX = "warnings_securitywarning_modeladmin_index"


def _warning(request, pk):
    return get_object_or_404(selectors.visible_to(request.user).select_related("center", "warning_type"), pk=pk)


def _data(cleaned):
    return services.WarningData(
        warning_type_id=cleaned["warning_type"].pk,
        village_ids=[village.pk for village in cleaned["villages"]],
        **{name: cleaned[name] for name in ("level", "title", "content", "advice", "valid_from", "valid_until")},
    )


def _form_page(request, form, title, back_url, submit):
    return render(request, "institutions/admin/form_page.html", {"title": title, "form": form, "back_url": back_url, "submit": submit})


def warning_create(request, model_admin=None):
    center_id = scoping.center_id_of(request.user)
    if center_id is None or not request.user.has_perm(flow.ADD) or flow.CENTER not in relations.relations_to(request.user, center_id):
        raise PermissionDenied
    center = scoping.visible_centers(request.user).get(pk=center_id)
    form = forms.WarningForm(request.POST or None, center=center)
    if request.method == "POST" and form.is_valid():
        ok, warning = call_service(form, lambda: services.warning_create(center=center, actor=request.user, data=_data(form.cleaned_data)))
        if ok:
            return done(request, _("Draft warning saved. The director approves and publishes it."), "warnings_warning", warning.pk)
    return _form_page(request, form, _("New security warning"), reverse(INDEX), _("Save the draft"))


def warning_edit(request, pk):
    warning = _warning(request, pk)
    if warning.status != flow.DRAFT or flow.CENTER not in relations.relations_to(request.user, warning.center_id):
        raise PermissionDenied
    if not request.user.has_perm("warnings.change_securitywarning"):
        raise PermissionDenied
    initial = {name: getattr(warning, name) for name in ("level", "title", "content", "advice", "valid_from", "valid_until")}
    initial.update(warning_type=warning.warning_type_id, villages=list(warning.villages.values_list("pk", flat=True)), version=warning.version)
    form = stale.protect(forms.WarningForm(request.POST or None, center=warning.center, initial=initial), warning, edits=True)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(
            form,
            lambda: services.warning_update_draft(
                pk=warning.pk, actor=request.user, data=_data(form.cleaned_data), expected_version=form.cleaned_data["version"]
            ),
        )
        if ok:
            return done(request, _("Draft saved."), "warnings_warning", warning.pk)
    return _form_page(request, form, _("Edit the draft warning"), reverse("warnings_warning", args=[warning.pk]), _("Save"))


def warning_inspect(request, pk):
    warning = _warning(request, pk)
    rel = relations.relations_to(request.user, warning.center_id)
    moves = FLOW.available(warning.status, rel, permissions_of(request.user, FLOW), exclude=("expire",))
    return render(
        request,
        "warnings/admin/inspect.html",
        {
            "warning": warning,
            "villages": warning.village_names(),
            "moves": moves,
            "may_edit": warning.status == flow.DRAFT and flow.CENTER in rel and request.user.has_perm("warnings.change_securitywarning"),
            "history": history(warning, FLOW),
            "index_url": reverse(INDEX),
        },
    )


def _version(data):
    return data.get("version")


MOVES = {
    "approve": (forms.MoveForm, lambda pk, user, data: services.warning_approve(pk=pk, actor=user, expected_version=_version(data))),
    "return": (
        forms.ReasonForm,
        lambda pk, user, data: services.warning_return(pk=pk, actor=user, reason=data["reason"], expected_version=_version(data)),
    ),
    "publish": (forms.MoveForm, lambda pk, user, data: services.warning_publish(pk=pk, actor=user, expected_version=_version(data))),
    "withdraw": (
        forms.ReasonForm,
        lambda pk, user, data: services.warning_withdraw(pk=pk, actor=user, reason=data["reason"], expected_version=_version(data)),
    ),
}


def warning_move(request, pk, action):
    warning = _warning(request, pk)
    if action not in MOVES:
        raise Http404
    back = reverse("warnings_warning", args=[warning.pk])
    rel = relations.relations_to(request.user, warning.center_id)
    refusal = move_refusal(request, FLOW, action, warning.status, rel, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form_class, run = MOVES[action]
    form = stale.protect(form_class(request.POST or None, initial={"version": warning.version}), warning)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, lambda: run(warning.pk, request.user, form.cleaned_data))
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "warnings_warning", warning.pk)
    return move_page(request, record=warning, flow_move=FLOW.moves[action], form=form, back_url=back, title=warning.title)
