"""The audit screen: who did what, when, to which record. For center directors (their center's
rows) and county staff (every center's), as governance.selectors.audit scopes it; filterable,
paginated and exported to xlsx (the export is itself written to the audit)."""

import io
import json

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance import scoping
from governance.ledgers.parsing import escape_formula
from governance.selectors import audit as selector
from governance.services.audit import audit

PAGE_SIZE = 50
EXPORT_LIMIT = 50_000


class AuditFilterForm(forms.Form):
    person = forms.CharField(label=gettext_lazy("Person"), required=False, max_length=150)
    action = forms.ChoiceField(label=gettext_lazy("Action"), required=False)
    record_type = forms.CharField(label=gettext_lazy("Record type"), required=False, max_length=40)
    record_id = forms.CharField(label=gettext_lazy("Record ID"), required=False, max_length=40)
    case_code = forms.CharField(label=gettext_lazy("Case code"), required=False, max_length=60)
    date_from = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("All actions")), *actions]

    def audit_filter(self):
        if not self.is_valid():
            return selector.AuditFilter()
        data = {name: value.strip() if isinstance(value, str) else value for name, value in self.cleaned_data.items()}
        return selector.AuditFilter(**data)


def _form(request):
    if not selector.may_view(request.user):
        raise PermissionDenied
    return AuditFilterForm(request.GET or None, actions=selector.action_choices(request.user))


def _details(data):
    return json.dumps(data, ensure_ascii=False, sort_keys=True) if data else ""


def audit_list(request):
    form = _form(request)
    flt = form.audit_filter()
    page = Paginator(selector.rows(request.user, flt), PAGE_SIZE).get_page(request.GET.get("page"))
    entries = [{**row, "who": selector.who(row), "label": selector.action_label(row["act"]), "text": _details(row["details"])} for row in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "governance/admin/audit_list.html",
        {"form": form, "page": page, "entries": entries, "query": query.urlencode(), "all_centers": scoping.sees_all_centers(request.user)},
    )


def audit_export(request):
    """The filtered rows as xlsx (at most EXPORT_LIMIT); the export is audited with its filters."""
    from openpyxl import Workbook

    form = _form(request)
    flt = form.audit_filter()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Audit log"))
    sheet.append([_("Time"), _("Person"), _("Username"), _("Action"), _("Center"), _("Record type"), _("Record ID"), _("Case code"), _("Details")])
    count = 0
    for row in selector.rows(request.user, flt)[:EXPORT_LIMIT]:
        at = timezone.localtime(row["at"]).replace(tzinfo=None) if row["at"] else None
        cells = [selector.who(row), row["who_username"], row["act"], row["center_name"] or "", row["otype"], row["oid"], row["case_code"] or ""]
        sheet.append([at, *(escape_formula(str(cell)) for cell in cells), escape_formula(_details(row["details"]))])
        count += 1
    stream = io.BytesIO()
    book.save(stream)
    audit("export", actor=request.user, center_id=scoping.center_id_of(request.user), register="audit", filters=flt.as_dict(), rows=count)
    response = HttpResponse(stream.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="audit-{timezone.localdate():%Y%m%d}.xlsx"'
    return response


def audit_admin_urls():
    from django.urls import path

    return [
        path("audit/", audit_list, name="governance_audit"),
        path("audit/export/", audit_export, name="governance_audit_export"),
    ]
