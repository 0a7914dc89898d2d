"""The reception queue: issue a ticket, call the next one at a window. Each is one service."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from governance import live
from governance.models import QueueService, QueueTicket, ReceptionWindow
from governance.services.audit import audit


@transaction.atomic
def queue_issue_ticket(service_id, actor=None):
    """Issue the next ticket number of the day for a service (A001, A002…)."""
    service = QueueService.objects.select_for_update().filter(pk=service_id, is_active=True).first()
    if service is None:
        raise ValidationError({"service": _("This service does not take tickets.")})
    today = timezone.localdate()
    last = QueueTicket.objects.filter(service=service, day=today).aggregate(n=Max("number"))["n"] or 0
    ticket = QueueTicket.objects.create(center_id=service.center_id, service=service, day=today, number=last + 1)
    audit("queue_issue", actor=actor, center_id=service.center_id, obj=ticket, ticket=ticket.label)
    live.schedule_center_refresh(service.center_id, "queue")
    return ticket


@transaction.atomic
def queue_call_next(window_id, actor=None):
    """Close the window's current ticket and call the oldest waiting ticket it serves, if any."""
    window = ReceptionWindow.objects.select_for_update().get(pk=window_id)
    if not window.is_open:
        raise ValidationError({"window": _("This window is closed.")})
    today = timezone.localdate()
    QueueTicket.objects.filter(window=window, status=QueueTicket.Status.CALLED).update(status=QueueTicket.Status.DONE)
    ticket = (
        QueueTicket.objects.select_for_update()
        .filter(center_id=window.center_id, day=today, status=QueueTicket.Status.WAITING, service__in=window.services.all())
        .select_related("service")
        .order_by("issued_at", "pk")
        .first()
    )
    if ticket is None:
        return None
    ticket.status, ticket.window, ticket.called_at = QueueTicket.Status.CALLED, window, timezone.now()
    ticket.save(update_fields=["status", "window", "called_at"])
    audit("queue_call", actor=actor, center_id=window.center_id, obj=ticket, ticket=ticket.label, window=window.number)
    live.schedule_center_refresh(window.center_id, "queue")
    return ticket
