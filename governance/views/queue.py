"""The reception desk: issue queue tickets and call the next one at a window."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from governance import scoping
from governance.models import QueueService, QueueTicket, ReceptionWindow
from governance.services.queue import queue_call_next, queue_issue_ticket


def _center_id(request):
    if not request.user.has_perm("governance.change_queueticket"):
        raise PermissionDenied
    center_id = scoping.center_id_of(request.user)
    if center_id is None:
        raise PermissionDenied
    return center_id


def desk(request):
    center_id = _center_id(request)
    today = timezone.localdate()
    context = {
        "services": QueueService.objects.filter(center_id=center_id, is_active=True),
        "windows": ReceptionWindow.objects.filter(center_id=center_id).prefetch_related("services"),
        "called": QueueTicket.objects.filter(center_id=center_id, day=today, status=QueueTicket.Status.CALLED).select_related("service", "window"),
        "waiting": QueueTicket.objects.filter(center_id=center_id, day=today, status=QueueTicket.Status.WAITING).count(),
    }
    return render(request, "governance/admin/queue_desk.html", context)


@require_POST
def issue(request, service_id):
    center_id = _center_id(request)
    service = get_object_or_404(QueueService, pk=service_id, center_id=center_id)
    try:
        ticket = queue_issue_ticket(service_id=service.pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Ticket %(ticket)s issued.") % {"ticket": ticket.label})
    return redirect("governance_queue_desk")


@require_POST
def call_next(request, window_id):
    center_id = _center_id(request)
    window = get_object_or_404(ReceptionWindow, pk=window_id, center_id=center_id)
    try:
        ticket = queue_call_next(window_id=window.pk, actor=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if ticket is None:
            messages.info(request, _("Nobody is waiting for this window."))
        else:
            messages.success(request, _("Calling %(ticket)s to window %(window)s.") % {"ticket": ticket.label, "window": window.number})
    return redirect("governance_queue_desk")


def queue_admin_urls():
    from django.urls import path

    return [
        path("queue/", desk, name="governance_queue_desk"),
        path("queue/issue/<int:service_id>/", issue, name="governance_queue_issue"),
        path("queue/call/<int:window_id>/", call_next, name="governance_queue_call"),
    ]
