"""Screens of the situation analyses: generate a draft, edit it, open it (figures, text, opinions,
history, moves), take a move, print the PDF. Thin: a form in, one service call, a redirect out."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from governance import scoping
from governance.analysis import flow, forms, selectors, services
from governance.flow import relations, stale
from governance.flow.relations import permissions_of
from governance.institutions.pdf import chinese_date
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal, pdf_response
from governance.services import clock

FLOW = flow.ANALYSIS_FLOW
INDEX = "analysis_situationanalysis_modeladmin_index"
PAGE = "analysis_analysis"


def _analysis(request, pk):
    return get_object_or_404(selectors.visible_to(request.user).select_related("center", "meeting"), pk=pk)


def _is_center_staff(user, center_id, permission):
    return user.has_perm(permission) and flow.CENTER in relations.relations_to(user, center_id)


def analysis_create(request, model_admin=None):
    center_id = scoping.center_id_of(request.user)
    if center_id is None or not _is_center_staff(request.user, center_id, flow.ADD):
        raise PermissionDenied
    center = scoping.visible_centers(request.user).get(pk=center_id)
    form = forms.CreateForm(request.POST or None, initial={"day": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ok, analysis = call_service(
            form, lambda: services.analysis_create(center=center, actor=request.user, kind=data["period_kind"], day=data["day"])
        )
        if ok:
            return done(request, _("Draft generated from the records. Edit it, then submit it to the director."), PAGE, analysis.pk)
    context = {"title": _("New security situation analysis"), "form": form, "back_url": reverse(INDEX), "submit": _("Generate the draft")}
    return render(request, "institutions/admin/form_page.html", context)


def _opinion_initial(analysis):
    return [{"text": o.text, "owner": o.owner_id, "deadline": o.deadline} for o in selectors.opinions_of(analysis)]


def _opinions(formset):
    return [
        services.OpinionData(f.cleaned_data["text"], f.cleaned_data["owner"].pk, f.cleaned_data["deadline"])
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


def analysis_edit(request, pk):
    analysis = _analysis(request, pk)
    if analysis.status not in flow.EDITABLE_STATES or not _is_center_staff(request.user, analysis.center_id, flow.CHANGE):
        raise PermissionDenied
    initial = {"overview": analysis.overview, "features": analysis.features, "version": analysis.version}
    form = stale.protect(forms.DraftForm(request.POST or None, initial=initial), analysis, edits=True)
    formset = forms.OpinionFormSet(
        request.POST or None, initial=_opinion_initial(analysis), prefix="opinions", form_kwargs={"center": analysis.center}
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = services.DraftData(form.cleaned_data["overview"], form.cleaned_data["features"], _opinions(formset))
        ok, _result = call_service(
            form, lambda: services.analysis_update_draft(pk=analysis.pk, actor=request.user, data=data, expected_version=form.cleaned_data["version"])
        )
        if ok:
            return done(request, _("Draft saved."), PAGE, analysis.pk)
    context = {"analysis": analysis, "form": form, "formset": formset, "back_url": reverse(PAGE, args=[analysis.pk])}
    return render(request, "analysis/admin/edit.html", context)


def analysis_inspect(request, pk):
    analysis = _analysis(request, pk)
    rel = relations.relations_to(request.user, analysis.center_id)
    context = {
        "analysis": analysis,
        "moves": FLOW.available(analysis.status, rel, permissions_of(request.user, FLOW)),
        "may_edit": analysis.status in flow.EDITABLE_STATES and flow.CENTER in rel and request.user.has_perm(flow.CHANGE),
        "tables": selectors.figure_tables(analysis),
        "rising": selectors.rising_rows(analysis),
        "opinions": selectors.opinions_of(analysis),
        "history": history(analysis, FLOW),
        "index_url": reverse(INDEX),
    }
    return render(request, "analysis/admin/inspect.html", context)


def _version(data):
    return data.get("version")


MOVES = {
    "regenerate": (
        forms.RegenerateForm,
        lambda pk, user, data: services.analysis_regenerate(
            pk=pk, actor=user, rewrite_text=data.get("rewrite_text", False), expected_version=_version(data)
        ),
    ),
    "attach": (
        forms.AttachForm,
        lambda pk, user, data: services.analysis_attach(pk=pk, actor=user, meeting_id=data["meeting"].pk, expected_version=_version(data)),
    ),
    "submit": (forms.MoveForm, lambda pk, user, data: services.analysis_submit(pk=pk, actor=user, expected_version=_version(data))),
    "return": (
        forms.ReasonForm,
        lambda pk, user, data: services.analysis_return(pk=pk, actor=user, reason=data["reason"], expected_version=_version(data)),
    ),
    "approve": (forms.MoveForm, lambda pk, user, data: services.analysis_approve(pk=pk, actor=user, expected_version=_version(data))),
}


def analysis_move(request, pk, action):
    analysis = _analysis(request, pk)
    if action not in MOVES:
        raise Http404
    back = reverse(PAGE, args=[analysis.pk])
    rel = relations.relations_to(request.user, analysis.center_id)
    refusal = move_refusal(request, FLOW, action, analysis.status, rel, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form_class, run = MOVES[action]
    kwargs = {"meetings": services.meetings_for(analysis.center_id)} if action == "attach" else {}
    form = stale.protect(form_class(request.POST or None, initial={"version": analysis.version}, **kwargs), analysis)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, lambda: run(analysis.pk, request.user, form.cleaned_data))
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, PAGE, analysis.pk)
    return move_page(request, record=analysis, flow_move=FLOW.moves[action], form=form, back_url=back, title=analysis.title)


def analysis_pdf(request, pk):
    analysis = _analysis(request, pk)
    context = {
        "analysis": analysis,
        "tables": selectors.figure_tables(analysis),
        "rising": selectors.rising_rows(analysis),
        "opinions": selectors.opinions_of(analysis),
        "overview_paragraphs": [p for p in analysis.overview.splitlines() if p.strip()],
        "features_paragraphs": [p for p in analysis.features.splitlines() if p.strip()],
        "is_final": analysis.status == flow.APPROVED,
        "approved_on": chinese_date(analysis.approved_on) if analysis.approved_on else "",
        "printed_on": chinese_date(clock.today()),
    }
    return pdf_response(request, "analysis/pdf/analysis.html", context, f"{analysis.title}.pdf", reverse(PAGE, args=[analysis.pk]))
