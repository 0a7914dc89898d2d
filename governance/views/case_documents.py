"""Printable documents from the case page (A4 PDF, official style, with a seal area): the
registration receipt (回执) for every intake channel, the same receipt as a letter for a window
envelope, the notice of acceptance (受理告知书) and the notice of non-acceptance (不予受理告知书).

Who may print: the front desk of the case's center (`access.may_see_query_code`); others get 403, or
404 for a case they may not see. Each download is logged on the case's timeline (action "print").
The remedy wording of the notice of non-acceptance is templates/governance/pdf/rejection_remedy.html.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from governance import access, workflow
from governance.flow import engine
from governance.institutions.pdf import chinese_date
from governance.institutions.views.common import pdf_response
from governance.models import Party
from governance.selectors.cases import cases_visible_to
from governance.services import clock
from governance.services.case_lifecycle import CASE
from zongzhi import public_urls

RECEIPT, RECEIPT_LETTER, ACCEPTANCE, NON_ACCEPTANCE = "receipt", "receipt-letter", "acceptance", "non-acceptance"


def was_accepted(case):
    return case.accepted_on is not None


def was_rejected(case):
    return case.accepted_on is None and bool(case.reject_reason) and case.status in (workflow.REJECTED, workflow.ARCHIVED)


@dataclass(frozen=True)
class Document:
    kind: str
    button: str  # the case page's button
    title: str  # the document's name on the timeline
    template: str
    applies: Callable


DOCUMENTS = {
    document.kind: document
    for document in (
        Document(RECEIPT, _("Print the receipt"), _("Registration receipt"), "governance/pdf/receipt.html", lambda case: True),
        Document(
            RECEIPT_LETTER,
            _("Print the receipt as a letter (window envelope)"),
            _("Registration receipt (letter)"),
            "governance/pdf/receipt_letter.html",
            lambda case: True,
        ),
        Document(ACCEPTANCE, _("Print the notice of acceptance"), _("Notice of acceptance"), "governance/pdf/acceptance.html", was_accepted),
        Document(
            NON_ACCEPTANCE,
            _("Print the notice of non-acceptance"),
            _("Notice of non-acceptance"),
            "governance/pdf/non_acceptance.html",
            was_rejected,
        ),
    )
}


def documents_for(user, case):
    """The documents `user` may print for `case` in its current state (none for those who may not)."""
    if not access.may_see_query_code(user, case):
        return []
    return [document for document in DOCUMENTS.values() if document.applies(case)]


def document_url(case, kind):
    return reverse("governance_case_document", args=[case.pk, kind])


def progress_lookup(request, center):
    """Where the party looks progress up: the center's public progress lookup page when it has one
    (`page` True), else the center's site (or the portal's root) with a plain instruction. On the
    host the clerk reached the portal by, or ZONGZHI_PUBLIC_BASE_URL (zongzhi.public_urls)."""
    from pages.models import CenterHomePage, ProgressLookupPage

    home = CenterHomePage.objects.live().public().filter(center=center).first()
    if home is not None:
        page = home.section(ProgressLookupPage)
        url = public_urls.page_url(page, request) if page is not None else None
        if url:
            return {"url": url, "page": True}
        url = public_urls.page_url(home, request)
        if url:
            return {"url": url, "page": False}
    return {"url": public_urls.absolute(request, "/"), "page": False}


def document_context(request, case):
    today = clock.today()
    return {
        "case": case,
        "center": case.center,
        "applicant": case.parties.filter(role=Party.Role.APPLICANT).first(),
        "received_on": chinese_date(case.received_on),
        "notice_on": chinese_date(case.notice_date or today),
        "printed_on": chinese_date(today),
        "acceptance_due": chinese_date(case.acceptance_due) if case.acceptance_due and case.status == workflow.REGISTERED else "",
        "due_date": chinese_date(case.due_date) if case.due_date else "",
        "lookup": progress_lookup(request, case.center),
    }


def case_document(request, pk, kind):
    document = DOCUMENTS.get(kind)
    if document is None:
        raise Http404
    case = get_object_or_404(cases_visible_to(request.user).select_related("center", "source", "category"), pk=pk)
    if not access.may_see_query_code(request.user, case):
        raise PermissionDenied
    if not document.applies(case):
        raise Http404
    back_url = reverse("governance_case_inspect", args=[case.pk])
    response = pdf_response(request, document.template, document_context(request, case), f"{case.code}-{kind}.pdf", back_url)
    if response.status_code == 200:  # not the redirect that says the PDF toolchain is missing
        engine.note(CASE, case, "print", request.user, reason=str(document.title), data={"document": kind}, changed=False)
    return response
