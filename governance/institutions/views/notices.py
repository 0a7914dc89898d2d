"""Screens of the rectification notices: draft, edit, open (details, history, moves), move, PDF,
evidence download. Thin: a form in, one service call, a redirect out."""

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import scoping
from governance.flow import stale
from governance.institutions import forms
from governance.institutions.models import NoticeEvidence
from governance.institutions.pdf import chinese_date
from governance.institutions.rules import flows
from governance.institutions.selectors.visibility import notices_visible_to
from governance.institutions.services import common as service_common
from governance.institutions.services import notices as services
from governance.institutions.views.common import call_service, done, history, move_page, move_refusal, pdf_response

FLOW = flows.NOTICE_FLOW


def _notice(request, pk):
    return get_object_or_404(notices_visible_to(request.user).select_related("center", "recipient", "case", "issuer"), pk=pk)


def _data(cleaned):
    return services.NoticeData(
        recipient_id=cleaned["recipient"].pk,
        case_id=cleaned["case"].pk if cleaned.get("case") else None,
        **{
            name: cleaned[name]
            for name in ("problem", "place", "basis", "measures", "responsible_person", "funds", "deadline", "contingency_plan", "issuer_name")
        },
    )


def notice_create(request, model_admin=None):
    center_id = scoping.center_id_of(request.user)
    if center_id is None or not request.user.has_perm("institutions.add_rectificationnotice"):
        raise PermissionDenied
    center = scoping.visible_centers(request.user).get(pk=center_id)
    initial = {}
    if request.GET.get("case"):
        initial["case"] = request.GET["case"]
    form = forms.NoticeForm(request.POST or None, center=center, initial=initial)
    if request.method == "POST" and form.is_valid():
        ok, notice = call_service(form, lambda: services.notice_create(center=center, actor=request.user, data=_data(form.cleaned_data)))
        if ok:
            return done(request, _("Draft notice saved. Check it, then issue it."), "institutions_notice", notice.pk)
    return render(
        request,
        "institutions/admin/form_page.html",
        {
            "title": _("New rectification notice"),
            "form": form,
            "back_url": reverse("institutions_rectificationnotice_modeladmin_index"),
            "submit": _("Save the draft"),
        },
    )


def notice_edit(request, pk):
    notice = _notice(request, pk)
    if notice.status != flows.DRAFT or flows.CENTER not in service_common.relations_to(request.user, notice.center_id):
        raise PermissionDenied
    initial = {name: getattr(notice, name) for name in services.EDITABLE if not name.endswith("_id")}
    initial.update(recipient=notice.recipient_id, case=notice.case_id, version=notice.version)
    form = stale.protect(forms.NoticeForm(request.POST or None, center=notice.center, initial=initial), notice, edits=True)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(
            form,
            lambda: services.notice_update_draft(
                pk=notice.pk, actor=request.user, data=_data(form.cleaned_data), expected_version=form.cleaned_data["version"]
            ),
        )
        if ok:
            return done(request, _("Draft saved."), "institutions_notice", notice.pk)
    return render(
        request,
        "institutions/admin/form_page.html",
        {
            "title": _("Edit the draft notice"),
            "form": form,
            "back_url": reverse("institutions_notice", args=[notice.pk]),
            "submit": _("Save"),
        },
    )


def notice_inspect(request, pk):
    notice = _notice(request, pk)
    relations = service_common.relations_to(request.user, notice.center_id, notice.recipient_id)
    today = timezone.localdate()
    late = notice.is_open and notice.deadline < today
    # The sweep marks notices overdue; the button is there only once the deadline has passed.
    moves = FLOW.available(notice.status, relations, service_common.permissions_of(request.user, FLOW), exclude=() if late else ("overdue",))
    if notice.receipt_on is not None:
        moves = [m for m in moves if m.action != "receipt"]
    return render(
        request,
        "institutions/admin/notice_inspect.html",
        {
            "notice": notice,
            "moves": moves,
            "may_edit": notice.status == flows.DRAFT and flows.CENTER in relations,
            "history": history(notice, FLOW),
            "evidence": notice.evidence.all(),
            "late": late,
            "days_left": (notice.deadline - today).days,
        },
    )


MOVES = {
    "issue": (forms.EmptyForm, lambda pk, user, data, files: services.notice_issue(pk=pk, actor=user, expected_version=data.get("version"))),
    "cancel": (forms.ReasonForm, lambda pk, user, data, files: services.notice_cancel(pk=pk, actor=user, reason=data["reason"])),
    "receipt": (
        forms.ReceiptForm,
        lambda pk, user, data, files: services.notice_return_receipt(
            pk=pk, actor=user, received_on=data["received_on"], signer=data["signer"], note=data["note"]
        ),
    ),
    "rectified": (
        forms.RectifiedForm,
        lambda pk, user, data, files: services.notice_report_rectified(
            pk=pk, actor=user, rectified_on=data["rectified_on"], note=data["note"], evidence=[(f, data["description"]) for f in data["files"]]
        ),
    ),
    "reinspect_pass": (
        forms.ReinspectForm,
        lambda pk, user, data, files: services.notice_reinspect(
            pk=pk, actor=user, passed=True, note=data["note"], reinspected_on=data["reinspected_on"]
        ),
    ),
    "reinspect_fail": (
        forms.ReinspectForm,
        lambda pk, user, data, files: services.notice_reinspect(
            pk=pk, actor=user, passed=False, note=data["note"], reinspected_on=data["reinspected_on"]
        ),
    ),
    "overdue": (forms.EmptyForm, lambda pk, user, data, files: services.notice_mark_overdue(pk=pk, actor=user)),
    "escalate": (forms.ReasonForm, lambda pk, user, data, files: services.notice_escalate(pk=pk, actor=user, reason=data["reason"])),
    "urge": (forms.TextForm, lambda pk, user, data, files: services.notice_urge(pk=pk, actor=user, text=data["text"])),
}


def notice_move(request, pk, action):
    notice = _notice(request, pk)
    if action not in MOVES:
        raise Http404
    relations = service_common.relations_to(request.user, notice.center_id, notice.recipient_id)
    back = reverse("institutions_notice", args=[notice.pk])
    refusal = move_refusal(request, FLOW, action, notice.status, relations, service_common.permissions_of(request.user, FLOW), back)
    if refusal is not None:
        return refusal
    form_class, run = MOVES[action]
    form = stale.protect(form_class(request.POST or None, request.FILES or None, initial={"version": notice.version}), notice)
    if request.method == "POST" and form.is_valid():
        ok, _result = call_service(form, lambda: run(notice.pk, request.user, form.cleaned_data, request.FILES))
        if ok:
            return done(request, _("%(move)s: done.") % {"move": FLOW.label(action)}, "institutions_notice", notice.pk)
    return move_page(
        request,
        record=notice,
        flow_move=FLOW.moves[action],
        form=form,
        back_url=back,
        title=notice.number or str(notice),
    )


def notice_pdf(request, pk):
    notice = _notice(request, pk)
    context = {
        "notice": notice,
        "is_draft": notice.status in (flows.DRAFT, flows.CANCELLED),
        "deadline": chinese_date(notice.deadline),
        "issued_on": chinese_date(notice.issued_on),
        "receipt_on": chinese_date(notice.receipt_on),
    }
    name = f"整改通知书-{notice.number or _('draft')}.pdf"
    return pdf_response(request, "institutions/pdf/notice.html", context, name, reverse("institutions_notice", args=[notice.pk]))


def evidence_download(request, pk, evidence_pk):
    notice = _notice(request, pk)
    evidence = get_object_or_404(NoticeEvidence, pk=evidence_pk, notice=notice)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.file.name.rsplit("/", 1)[-1])
