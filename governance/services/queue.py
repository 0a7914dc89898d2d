"""The reception queue: issue a ticket, call the next one at a window. Each is one service, and a
ticket's moves (waiting → called → done) go through the engine like every other lifecycle."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from governance.flow import engine
from governance.flow.relations import relations_to
from governance.flow.table import CENTER, SYSTEM, Flow, move, table
from governance.models import QueueService, QueueTicket, ReceptionWindow
from governance.services import clock

WAITING, CALLED, DONE = QueueTicket.Status.WAITING, QueueTicket.Status.CALLED, QueueTicket.Status.DONE
CALL_TICKETS = "governance.change_queueticket"

QUEUE_FLOW = Flow(
    "queue",
    ((WAITING, gettext_lazy("Waiting")), (CALLED, gettext_lazy("Called")), (DONE, gettext_lazy("Done"))),
    table(
        move("call", gettext_lazy("Call"), [(WAITING, CALLED)], CALL_TICKETS, {CENTER, SYSTEM}),
        move("finish", gettext_lazy("Done"), [(CALLED, DONE)], CALL_TICKETS, {CENTER, SYSTEM}),
    ),
)
QUEUE = engine.Lifecycle(
    model=QueueTicket,
    flow=QUEUE_FLOW,
    relations=lambda actor, ticket: relations_to(actor, ticket.center_id),
    subject="queue",
    live_reason="queue",
    public=False,
)


@transaction.atomic
def queue_issue_ticket(*, service_id, actor=None):
    """Issue the next ticket number of the day for a service (A001, A002…)."""
    service = QueueService.objects.select_for_update().filter(pk=service_id, is_active=True).first()
    if service is None:
        raise ValidationError({"service": _("This service does not take tickets.")})
    today = clock.today()
    last = QueueTicket.objects.filter(service=service, day=today).aggregate(n=Max("number"))["n"] or 0
    ticket = QueueTicket.objects.create(center_id=service.center_id, service=service, day=today, number=last + 1)
    engine.note(QUEUE, ticket, "issue", actor, from_status="", data={"ticket": ticket.label})
    return ticket


@transaction.atomic
def queue_call_next(*, window_id, actor=None):
    """Close the window's current ticket and call the oldest waiting ticket it serves, if any."""
    window = ReceptionWindow.objects.select_for_update().get(pk=window_id)
    if not window.is_open:
        raise ValidationError({"window": _("This window is closed.")})
    current = QueueTicket.objects.filter(window=window, status=CALLED).values_list("pk", flat=True)
    engine.perform_batch(QUEUE, list(current), "finish", actor, prepare=lambda tickets: {t.pk: engine.Step() for t in tickets})
    ticket = (
        QueueTicket.objects.filter(center_id=window.center_id, day=clock.today(), status=WAITING, service__in=window.services.all())
        .order_by("issued_at", "pk")
        .first()
    )
    if ticket is None:
        return None

    def apply(called):
        called.window, called.called_at = window, timezone.now()
        return ["window", "called_at"]

    called = engine.perform(QUEUE, ticket.pk, "call", actor, apply=apply, data={"ticket": ticket.label, "window": window.number})
    called.service = ticket.service
    return called
