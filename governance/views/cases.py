"""Admin screens for cases: register, edit details, inspect (timeline and actions), moves, reveal.

Thin: each view validates a form and calls one service function.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from wagtail.admin import messages as admin_messages

from governance import access, scoping, workflow
from governance.flow import stale
from governance.flow.table import StaleEdit
from governance.forms import cases as case_forms
from governance.models import Case, CaseOrder, Party, RoutingRule
from governance.rules.deadlines import warning_colour
from governance.rules.identity import mask_id_number, mask_phone
from governance.selectors import repeat as repeat_selectors
from governance.selectors.cases import cases_visible_to, stage_durations, timeline
from governance.services import cases as services
from governance.services import clock


def _visible_case(request, pk):
    return get_object_or_404(cases_visible_to(request.user).select_related("center", "lead_department"), pk=pk)


def _apply_errors(form, error):
    """Attach a service ValidationError to the form fields it names (or to the form)."""
    if hasattr(error, "error_dict"):
        for field, errs in error.error_dict.items():
            target = field if field in form.fields else None
            for err in errs:
                form.add_error(target, err)
    else:
        for message in error.messages:
            form.add_error(None, message)


# --- register ----------------------------------------------------------------------------------


def register_case(request, model_admin=None):
    centers = scoping.visible_centers(request.user)
    if "register_case" not in access.case_permissions(request.user) or scoping.center_id_of(request.user) is None:
        raise PermissionDenied
    center = centers.get(pk=scoping.center_id_of(request.user))
    form = case_forms.RegistrationForm(request.POST or None, center=center)
    parties = case_forms.PartyFormSet(request.POST or None, prefix="party")
    if request.method == "POST" and form.is_valid() and parties.is_valid():
        data = form.cleaned_data
        party_rows = [
            services.PartyData(
                name=p.cleaned_data.get("name", ""),
                id_number=p.cleaned_data.get("id_number", ""),
                phone=p.cleaned_data.get("phone", ""),
                address=p.cleaned_data.get("address", ""),
                role=p.cleaned_data.get("role") or Party.Role.APPLICANT,
            )
            for p in parties.forms
            if p.has_content()
        ]
        intake = services.Intake(
            kind=data["kind"],
            source_id=data["source"].pk,
            category_id=data["category"].pk,
            petition_kind_id=data["petition_kind"].pk if data["petition_kind"] else None,
            tier_id=data["tier"].pk if data["tier"] else None,
            risk_id=data["risk"].pk if data["risk"] else None,
            summary=data["summary"],
            received_on=data["received_on"],
            place=data["place"],
            people_count=data["people_count"],
            is_private=data["is_private"],
            workstation_id=data["workstation"].pk if data["workstation"] else None,
            parties=party_rows,
        )
        try:
            hint = _repeat_hint(request, center, party_rows)
            if hint and not _confirmed(request, hint):
                # Earlier cases of the same person: shown before anything is saved; "Register anyway" saves.
                return render(request, "governance/admin/case_register.html", {"form": form, "parties": parties, "center": center, "hint": hint})
            case = services.case_register(center=center, actor=request.user, intake=intake, earlier_case_ids=hint.ids if hint else ())
        except ValidationError as error:
            _apply_errors(form, error)
        except workflow.MoveNotAllowed as error:
            form.add_error(None, str(error))
        else:
            receipt = admin_messages.button(reverse("governance_case_document", args=[case.pk, "receipt"]), _("Print the receipt"), new_window=True)
            admin_messages.success(
                request,
                _("Case %(code)s registered. Query code for the party: %(query)s") % {"code": case.code, "query": case.query_code},
                buttons=[receipt],
            )
            return redirect("governance_case_inspect", pk=case.pk)
    return render(request, "governance/admin/case_register.html", {"form": form, "parties": parties, "center": center})


def _repeat_hint(request, center, party_rows):
    """Earlier cases of the people typed (the parties checked first: a bad ID number is reported,
    not matched)."""
    cleaned = services.clean_parties(party_rows)
    return repeat_selectors.repeat_hint(center.pk, cleaned, clock.today())


def _confirmed(request, hint):
    """The clerk pressed "Register anyway" on a hint listing at least these earlier cases."""
    if request.POST.get("confirm_repeat") != "1":
        return False
    shown = {value for value in request.POST.getlist("shown_earlier") if value.isdigit()}
    return {str(pk) for pk in hint.ids} <= shown


# --- inspect -----------------------------------------------------------------------------------


def inspect_case(request, pk):
    case = _visible_case(request, pk)
    relations = access.relations_to(request.user, case)
    permissions = access.case_permissions(request.user)
    events = timeline(case)
    today = timezone.localdate()
    colour = warning_colour(case.due_date, today, case.yellow_days) if case.due_date and case.is_open else ""
    acceptance_colour = ""
    if case.status == workflow.REGISTERED and case.acceptance_due:
        warn_on = case.acceptance_warn_on or case.acceptance_due
        acceptance_colour = "red" if case.acceptance_due < today else "yellow" if warn_on <= today else "green"
    parties = [
        {
            "party": party,
            "id_number": mask_id_number(party.id_number),
            "phone": mask_phone(party.phone),
        }
        for party in case.parties.all()
    ]
    durations = stage_durations(events, timezone.now())
    context = {
        "case": case,
        "parties": parties,
        "may_reveal": access.may_reveal(request.user, case),
        "may_reveal_phone": access.may_reveal_phone(request.user, case),
        "events": [(event, workflow.action_label(event.action)) for event in events],
        "durations": [(label, _format_seconds(durations[value])) for value, label in Case._meta.get_field("status").choices if value in durations],
        "moves": workflow.available_moves(case.status, relations, permissions),
        "may_edit": access.may_edit_details(request.user, case),
        "colour": colour,
        "acceptance_colour": acceptance_colour,
        "mediations": case.mediations.select_related("mediation_type"),
        "orders": case.orders.select_related("department"),
        "cooperating": case.cooperating_departments.all(),
        **_same_person_cases(request.user, case),
    }
    return render(request, "governance/admin/case_inspect.html", context)


def _same_person_cases(user, case):
    """Earlier and later cases of the same person (linked at registration) that the user may see."""
    visible = cases_visible_to(user).select_related("lead_department").order_by("-received_on", "-pk")
    return {
        "earlier_cases": visible.filter(pk__in=case.earlier_cases.values("pk")),
        "later_cases": visible.filter(pk__in=case.later_cases.values("pk")),
    }


def _format_seconds(seconds):
    days, rest = divmod(int(seconds), 86400)
    hours = rest // 3600
    return _("%(d)s d %(h)s h") % {"d": days, "h": hours}


# --- moves -------------------------------------------------------------------------------------


def _version(data):
    return data.get("version")


MOVE_VIEWS = {
    "accept": (
        case_forms.AcceptForm,
        lambda c, u, d: services.case_accept(case_id=c, actor=u, notice_date=d["notice_date"], reason=d["reason"], expected_version=_version(d)),
    ),
    "reject": (
        case_forms.RejectForm,
        lambda c, u, d: services.case_reject(case_id=c, actor=u, reason=d["reason"], notice_date=d["notice_date"], expected_version=_version(d)),
    ),
    "route": (
        case_forms.RouteForm,
        lambda c, u, d: services.case_route(
            case_id=c,
            actor=u,
            lead_department=d["lead_department"],
            cooperating=list(d["cooperating"]),
            responsible_person=d["responsible_person"],
            reason=d["reason"],
            expected_version=_version(d),
        ),
    ),
    "return": (case_forms.ReasonForm, lambda c, u, d: services.case_return(case_id=c, actor=u, reason=d["reason"], expected_version=_version(d))),
    "start": (case_forms.MoveForm, lambda c, u, d: services.case_start(case_id=c, actor=u, expected_version=_version(d))),
    "mediate": (
        case_forms.MediationForm,
        lambda c, u, d: services.case_record_mediation(
            case_id=c,
            actor=u,
            held_on=d["held_on"],
            mediation_type=d["mediation_type"],
            mediator=d["mediator"],
            parties_present=d["parties_present"],
            result=d["result"],
            agreement_reached=d["agreement_reached"],
            agreement_text=d["agreement_text"],
        ),
    ),
    "suspend": (case_forms.ReasonForm, lambda c, u, d: services.case_suspend(case_id=c, actor=u, reason=d["reason"], expected_version=_version(d))),
    "resume": (
        case_forms.OptionalReasonForm,
        lambda c, u, d: services.case_resume(case_id=c, actor=u, reason=d["reason"], expected_version=_version(d)),
    ),
    "extend": (
        case_forms.ExtendForm,
        lambda c, u, d: services.case_extend(
            case_id=c, actor=u, days=d["days"], reason=d["reason"], party_told_on=d["party_told_on"], expected_version=_version(d)
        ),
    ),
    "delay_report": (
        case_forms.DelayReportForm,
        lambda c, u, d: services.case_file_delay_report(case_id=c, actor=u, text=d["text"], party_told_on=d["party_told_on"]),
    ),
    "resolve": (
        case_forms.ResolveForm,
        lambda c, u, d: services.case_resolve(case_id=c, actor=u, outcome=d["outcome"], note=d["note"], expected_version=_version(d)),
    ),
    "feedback": (
        case_forms.FeedbackForm,
        lambda c, u, d: services.case_feedback(case_id=c, actor=u, told_on=d["told_on"], note=d["note"], expected_version=_version(d)),
    ),
    "follow_up": (
        case_forms.FollowUpForm,
        lambda c, u, d: services.case_follow_up(case_id=c, actor=u, result=d["result"], note=d["note"], expected_version=_version(d)),
    ),
    "request_review": (
        case_forms.ReviewForm,
        lambda c, u, d: services.case_request_review(
            case_id=c, actor=u, reason=d["reason"], applied_on=d["applied_on"], expected_version=_version(d)
        ),
    ),
    "archive": (
        case_forms.ArchiveForm,
        lambda c, u, d: services.case_archive(
            case_id=c, actor=u, archive_number=d["archive_number"], retention_years=d["retention_years"], expected_version=_version(d)
        ),
    ),
    "supervise": (case_forms.TextForm, lambda c, u, d: services.case_supervise(case_id=c, actor=u, text=d["text"])),
    "urge": (case_forms.TextForm, lambda c, u, d: services.case_urge(case_id=c, actor=u, text=d["text"], level=CaseOrder.Level.MANUAL)),
}


CASE_LIST_URL_NAME = "governance_case_modeladmin_index"


def case_move(request, pk, action):
    if action not in MOVE_VIEWS:
        raise Http404
    case = _visible_case(request, pk)
    try:
        move = workflow.check_move(action, case.status, access.relations_to(request.user, case), access.case_permissions(request.user))
    except workflow.MoveNotAllowed as error:
        messages.error(request, str(error))
        return redirect("governance_case_inspect", pk=case.pk)
    form_class, perform = MOVE_VIEWS[action]
    extra = {}
    if action == "route":
        extra["suggestion"] = RoutingRule.objects.filter(center=case.center, category=case.category).first()
    form = stale.protect(form_class(request.POST or None, case=case, **extra), case)
    if request.method == "POST" and form.is_valid():
        try:
            perform(case.pk, request.user, form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        except StaleEdit as error:
            stale.refused(form, error)
        except workflow.MoveNotAllowed as error:
            form.add_error(None, str(error))
        else:
            if not cases_visible_to(request.user).filter(pk=case.pk).exists():
                # A department that returns a misrouted case no longer sees it: back to its list.
                if action == "return":
                    messages.success(request, _("Case %(code)s was returned to the center.") % {"code": case.code})
                else:
                    messages.success(request, _("%(action)s: done for case %(code)s.") % {"action": move.label, "code": case.code})
                return redirect(CASE_LIST_URL_NAME)
            messages.success(request, _("%(action)s: done for case %(code)s.") % {"action": move.label, "code": case.code})
            return redirect("governance_case_inspect", pk=case.pk)
    return render(request, "governance/admin/case_move.html", {"case": case, "move": move, "form": form})


# --- edit details ------------------------------------------------------------------------------


def edit_case(request, pk):
    case = _visible_case(request, pk)
    if not access.may_edit_details(request.user, case):
        raise PermissionDenied
    form = stale.protect(case_forms.CaseDetailsForm(request.POST or None, instance=Case.objects.get(pk=case.pk)), case, edits=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {
            "category_id": data["category"].pk,
            "tier_id": data["tier"].pk if data["tier"] else None,
            "risk_id": data["risk"].pk if data["risk"] else None,
            "workstation_id": data["workstation"].pk if data["workstation"] else None,
            **{name: data[name] for name in ("summary", "place", "people_count", "responsible_person", "is_private", "publishable")},
        }
        try:
            services.case_update_details(case_id=case.pk, actor=request.user, expected_version=data["version"], **changes)
        except ValidationError as error:
            _apply_errors(form, error)
        except StaleEdit as error:
            stale.refused(form, error)
        except workflow.MoveNotAllowed as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Case %(code)s updated.") % {"code": case.code})
            return redirect("governance_case_inspect", pk=case.pk)
    return render(request, "governance/admin/case_edit.html", {"case": case, "form": form})


# --- reveal ------------------------------------------------------------------------------------


@require_POST
def reveal_party(request, pk):
    party = get_object_or_404(Party.objects.select_related("case"), pk=pk)
    if not cases_visible_to(request.user).filter(pk=party.case_id).exists():
        raise Http404
    try:
        revealed = services.reveal_party(party=party, actor=request.user)
    except workflow.MoveNotAllowed:
        raise PermissionDenied from None
    return render(request, "governance/admin/party_reveal.html", {"party": party, "revealed": revealed, "case": party.case})


def case_admin_urls():
    from django.urls import path

    from governance.views import case_documents

    return [
        path("cases/register/", register_case, name="governance_case_register"),
        path("cases/<int:pk>/", inspect_case, name="governance_case_inspect"),
        path("cases/<int:pk>/edit/", edit_case, name="governance_case_edit"),
        path("cases/<int:pk>/do/<slug:action>/", case_move, name="governance_case_move"),
        path("cases/party/<int:pk>/reveal/", reveal_party, name="governance_party_reveal"),
        path("cases/<int:pk>/print/<slug:kind>/", case_documents.case_document, name="governance_case_document"),
    ]


def inspect_url(case):
    return reverse("governance_case_inspect", args=[case.pk])
