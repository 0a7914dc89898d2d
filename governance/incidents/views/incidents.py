"""Screens of the incidents: open one (from an urgent report, a group case or by hand), its page (the
log in time order, people involved masked, moves, timeline), edits, the moves and log entries, the
people involved and the logged reveal, the closing report's PDF, and the dashboard panel's body."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import scoping
from governance.flow import stale
from governance.flow.relations import permissions_of
from governance.flow.table import CENTER, MoveNotAllowed
from governance.incidents import flows, forms
from governance.incidents.models import Incident
from governance.incidents.selectors import active_incidents, incidents_visible_to, people_visible_to
from governance.incidents.services import common
from governance.incidents.services import incidents as services
from governance.institutions.pdf import chinese_date
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal, pdf_response
from governance.prevention.views.teams import _own_center
from governance.selectors.cases import cases_visible_to

FLOW = flows.INCIDENT_FLOW


def _incident(request, pk):
    return get_object_or_404(incidents_visible_to(request.user).select_related("center", "lead_department", "screening_report", "case"), pk=pk)


def _details(form):
    data = form.cleaned_data
    return dict(
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        estimated_people=data["estimated_people"],
        lead_official=data["lead_official"],
        lead_department_id=data["lead_department"].pk if data["lead_department"] else None,
        village_ids=[v.pk for v in data["villages"]],
    )


def _initial_from_source(request, reports, cases):
    """The form's first values when opened from an urgent report (?report=) or a group case (?case=)."""
    initial = {"opened_at": forms.now_minute(), "kind": Incident.Kind.EARLY_SIGN}
    report = reports.filter(pk=request.GET.get("report")).first() if str(request.GET.get("report", "")).isdigit() else None
    case = cases.filter(pk=request.GET.get("case")).first() if str(request.GET.get("case", "")).isdigit() else None
    if report is not None:
        initial.update(source="report", report=report.pk, summary=report.summary, estimated_people=report.people_count)
        initial.update(title=report.summary[:40], villages=[report.workstation_id])
    elif case is not None:
        initial.update(source="case", case=case.pk, summary=case.summary, estimated_people=case.people_count, title=case.summary[:40])
        initial.update(kind=Incident.Kind.GROUP_EVENT, villages=[case.workstation_id] if case.workstation_id else [])
    return initial


def incident_create(request, model_admin=None):
    center = _own_center(request, "incidents.add_incident")
    reports, cases = services.urgent_reports_for(center), services.group_cases_for(center)
    form = forms.OpenIncidentForm(
        request.POST or None, initial=_initial_from_source(request, reports, cases), center_id=center.pk, reports=reports, cases=cases
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        incident_data = services.IncidentData(
            **_details(form),
            opened_at=data["opened_at"],
            source=data["source"],
            report_id=data["report"].pk if data["report"] else None,
            case_id=data["case"].pk if data["case"] else None,
        )
        ok, incident = call_service(form, lambda: services.incident_open(center=center, actor=request.user, data=incident_data))
        if ok:
            return done(request, _("Incident opened; the county has been notified."), "incidents_incident", incident.pk)
    back = reverse("incidents_incident_modeladmin_index")
    context = {"form": form, "title": _("Open an incident"), "back_url": back, "submit": _("Open the incident")}
    return render(request, "institutions/admin/form_page.html", context)


def incident_inspect(request, pk):
    incident = _incident(request, pk)
    relations = common.relations_to(request.user, incident.center_id)
    active = incident.status in flows.ACTIVE_STATES
    may_handle = CENTER in relations and request.user.has_perm(flows.HANDLE) and active
    source_visible = incident.case_id and cases_visible_to(request.user).filter(pk=incident.case_id).exists()
    context = {
        "incident": incident,
        "villages": incident.villages.order_by("name"),
        "log": incident.log.select_related("recorded_by").prefetch_related("departments"),
        "people": [{"person": p, **services.masked(p)} for p in incident.people.all()],
        "may_handle": may_handle,
        "may_edit": may_handle and request.user.has_perm("incidents.change_incident"),
        "may_reveal": services.may_reveal(request.user, incident),
        "person_form": forms.PersonForm() if may_handle else None,
        "moves": FLOW.available(incident.status, relations, permissions_of(request.user, FLOW), exclude=flows.FORM_MOVES),
        "log_moves": flows.LOG_MOVES,
        "case_visible": source_visible,
        "history": history(incident, FLOW, labels=flows.NOTE_LABELS),
    }
    return render(request, "incidents/admin/incident_inspect.html", context)


def incident_edit(request, pk):
    incident = _incident(request, pk)
    if CENTER not in common.relations_to(request.user, incident.center_id) or not request.user.has_perm("incidents.change_incident"):
        raise PermissionDenied
    if incident.status not in flows.ACTIVE_STATES:
        messages.error(request, _("A closed or cancelled incident is read-only."))
        return redirect("incidents_incident", pk=incident.pk)
    initial = {name: getattr(incident, name) for name in ("kind", "title", "summary", "estimated_people", "lead_official")}
    initial.update(lead_department=incident.lead_department_id, villages=list(incident.villages.values_list("pk", flat=True)))
    initial["version"] = incident.version
    form = stale.protect(forms.IncidentForm(request.POST or None, initial=initial, center_id=incident.center_id), incident, edits=True)
    if request.method == "POST" and form.is_valid():
        data = services.IncidentData(**_details(form), opened_at=incident.opened_at)
        run = lambda: services.incident_update(pk=incident.pk, actor=request.user, data=data, expected_version=form.cleaned_data["version"])  # noqa: E731
        ok, _saved = call_service(form, run)
        if ok:
            return done(request, _("Incident saved."), "incidents_incident", incident.pk)
    back = reverse("incidents_incident", args=[incident.pk])
    return render(request, "institutions/admin/form_page.html", {"form": form, "title": incident.title, "back_url": back, "submit": _("Save")})


def incident_move(request, pk, action):
    incident = _incident(request, pk)
    if action not in FLOW.moves or action in flows.FORM_MOVES:
        raise Http404
    back = reverse("incidents_incident", args=[incident.pk])
    relations = common.relations_to(request.user, incident.center_id)
    refusal = move_refusal(request, FLOW, action, incident.status, relations, permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    if action in flows.LOG_MOVES:
        kind = flows.LOG_MOVES[action]
        form = forms.LogForm(request.POST or None, initial={"occurred_at": forms.now_minute()}, center_id=incident.center_id, kind=kind)
        run = lambda: services.log_add(  # noqa: E731
            pk=incident.pk,
            actor=request.user,
            kind=kind,
            occurred_at=form.cleaned_data["occurred_at"],
            content=form.cleaned_data["content"],
            department_ids=[d.pk for d in form.cleaned_data.get("departments") or ()],
            people=form.cleaned_data.get("people", ""),
            reported_to=form.cleaned_data.get("reported_to", ""),
        )
    elif action == "close":
        form = stale.protect(forms.CloseForm(request.POST or None, initial={"version": incident.version}), incident)
        run = lambda: services.incident_close(  # noqa: E731
            pk=incident.pk, actor=request.user, closing_report=form.cleaned_data["closing_report"], expected_version=form.cleaned_data["version"]
        )
    else:
        form = stale.protect(forms.ReasonForm(request.POST or None, initial={"version": incident.version}), incident)
        run = lambda: services.incident_move(  # noqa: E731
            pk=incident.pk, action=action, actor=request.user, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
        )
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "incidents_incident", incident.pk)
    return move_page(request, record=incident, flow_move=FLOW.moves[action], form=form, back_url=back, title=incident.title)


@require_POST
def person_add(request, pk):
    incident = _incident(request, pk)
    if CENTER not in common.relations_to(request.user, incident.center_id) or not request.user.has_perm(flows.HANDLE):
        raise PermissionDenied
    if incident.status not in flows.ACTIVE_STATES:
        messages.error(request, FLOW.message("state"))
        return redirect("incidents_incident", pk=incident.pk)
    form = forms.PersonForm(request.POST)
    if form.is_valid():
        data = services.PersonData(**form.cleaned_data)
        ok, _person = call_service(form, lambda: services.person_add(incident=incident, actor=request.user, data=data))
        if ok:
            return done(request, _("Person added."), "incidents_incident", incident.pk)
    for name, errors in form.errors.items():
        for error in errors:
            messages.error(request, f"{form.fields[name].label if name in form.fields else ''} {error}".strip())
    return redirect("incidents_incident", pk=incident.pk)


@require_POST
def person_reveal(request, pk):
    person = get_object_or_404(people_visible_to(request.user).select_related("incident"), pk=pk)
    try:
        revealed = services.person_reveal(person=person, actor=request.user)
    except MoveNotAllowed as exc:
        raise PermissionDenied(str(exc)) from exc
    return render(request, "incidents/admin/person_reveal.html", {"person": person, "revealed": revealed, "incident": person.incident})


def incident_pdf(request, pk):
    """The closing report (处置情况报告) with the log; a draft watermark until the incident is closed."""
    incident = _incident(request, pk)
    context = {
        "incident": incident,
        "villages": "、".join(incident.villages.order_by("name").values_list("name", flat=True)),
        "log": incident.log.prefetch_related("departments"),
        "people_count": incident.people.count(),
        "draft": incident.status != flows.CLOSED,
        "opened": timezone.localtime(incident.opened_at),
        "closed": timezone.localtime(incident.closed_at) if incident.closed_at else None,
        "printed_on": chinese_date(common.today()),
    }
    file_name = f"incident-{incident.pk}.pdf"
    return pdf_response(request, "incidents/pdf/incident_report.html", context, file_name, reverse("incidents_incident", args=[incident.pk]))


def panel_body(request):
    """The dashboard panel's body alone, fetched again every half minute by the panel (static/incidents)."""
    if not request.user.has_perm("incidents.view_incident"):
        raise PermissionDenied
    return render(request, "incidents/panels/_open_body.html", panel_context(request.user))


def panel_context(user):
    return {"incidents": list(active_incidents(user)[:20]), "many_centers": scoping.sees_all_centers(user)}
