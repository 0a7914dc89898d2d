"""What the working-system screens share: calling a service from a form, the history of a record,
the move page, file responses."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from governance import workflow
from governance.flow import stale
from governance.flow.table import StaleEdit
from governance.institutions.pdf import PdfUnavailable, render_pdf
from governance.models import AuditEvent


def apply_errors(form, error):
    """Attach a service ValidationError to the fields it names (or to the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


def call_service(form, service):
    """Run `service()`; its refusals become form errors (a stale one also re-binds the form to the
    record as it is now: governance.flow.stale). Returns (ok, result)."""
    try:
        return True, service()
    except ValidationError as error:
        apply_errors(form, error)
    except StaleEdit as error:
        stale.refused(form, error)
    except workflow.MoveNotAllowed as error:
        form.add_error(None, str(error))
    return False, None


def move_refusal(request, flow, action, status, relations, permissions, back_url):
    """None when the actor may take `action` now. When only the record's state stands in the way (it
    moved on since the page was opened), the flow's message and a redirect back to the record;
    otherwise PermissionDenied."""
    if action in {m.action for m in flow.available(status, relations, permissions)}:
        return None
    try:  # who may take a move does not depend on the state: ask from any state it starts from
        flow.check(action, next(iter(flow.moves[action].sources)), relations, permissions)
    except workflow.MoveNotAllowed:
        raise PermissionDenied from None
    messages.error(request, flow.message("state"))
    return redirect(back_url)


def history(obj, flow=None, labels=None):
    """The record's audit rows, oldest first, with the move's label (or the note's, from `labels`) and the state names."""
    rows = AuditEvent.objects.filter(object_type=obj._meta.model_name, object_id=str(obj.pk)).order_by("created_at", "pk")
    result = []
    for event in rows:
        action = event.action.split(".", 1)[-1]
        data = event.data or {}
        # A note (an event that moves nothing) is not in the flow's moves: `labels` names it.
        label = flow.label(action) if flow is not None and action in flow.moves else (labels or {}).get(action, action)
        if action == "create":
            label = _("Created")
        elif action == "edit":
            label = _("Edited")
        result.append(
            {
                "event": event,
                "label": label,
                "from": flow.state_label(data.get("from")) if flow and data.get("from") else "",
                "to": flow.state_label(data.get("to")) if flow and data.get("to") else "",
                "reason": data.get("reason", ""),
                "actor": event.actor_label,  # the snapshot: a renamed or deactivated user still shows
            }
        )
    return result


def move_page(request, *, record, flow_move, form, back_url, title, template="institutions/admin/move.html", extra=None):
    return render(request, template, {"record": record, "move": flow_move, "form": form, "back_url": back_url, "title": title, **(extra or {})})


def done(request, message, url_name, pk):
    messages.success(request, message)
    return redirect(url_name, pk=pk)


def reason_move(request, *, record, flow, action, relations, permissions, back_url, url_name, form_class, service, title):
    """The page of a move whose only input is a reason: refused as move_refusal says; on a valid POST,
    `service(pk=, action=, actor=, reason=, expected_version=)`, then back to the record (`url_name`)."""
    if action not in flow.moves:
        raise Http404
    refusal = move_refusal(request, flow, action, record.status, relations, permissions, back_url)
    if refusal is not None:
        return refusal
    form = stale.protect(form_class(request.POST or None, initial={"version": record.version}), record)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        run = lambda: service(pk=record.pk, action=action, actor=request.user, reason=data["reason"], expected_version=data["version"])  # noqa: E731
        ok, _result = call_service(form, run)
        if ok:
            return done(request, _("%(move)s: done.") % {"move": flow.label(action)}, url_name, record.pk)
    return move_page(request, record=record, flow_move=flow.moves[action], form=form, back_url=back_url, title=title)


def file_response(data, file_name, content_type, inline=False):
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, file_name)
    return response


def pdf_response(request, template, context, file_name, back_url):
    try:
        data = render_pdf(template, context)
    except PdfUnavailable as exc:
        messages.error(request, str(exc))
        return redirect(back_url)
    return file_response(data, file_name, "application/pdf", inline=True)
