"""The notification outbox: rows per recipient, delivered by email and SMS after commit."""

import logging
from dataclasses import dataclass
from itertools import batched

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from governance.models import Notification, StaffProfile

logger = logging.getLogger(__name__)


class LoggingSmsBackend:
    """Default SMS backend: writes the message to the log and sends nothing.

    The interface of every SMS backend (settings.ZONGZHI_SMS_BACKEND, a class built without
    arguments): `send(phone, text) -> bool`, True only when the gateway accepted the message for
    delivery, False when nothing went out; it may raise on a gateway error (callers log it). Callers
    tell people "sent by text message" and mark notifications as texted only on True, so this one
    answers False: a development install must not claim a text went out.
    """

    def send(self, phone, text):
        logger.info("SMS to %s (not sent: logging backend): %s", phone, text)
        return False


def sms_backend():
    return import_string(getattr(settings, "ZONGZHI_SMS_BACKEND", "governance.services.notifications.LoggingSmsBackend"))()


# --- who gets told ---------------------------------------------------------------------------


def department_users(department_id):
    """Active handlers of a department."""
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__department_id=department_id))


def workstation_users(workstation_id):
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__workstation_id=workstation_id))


def center_staff_with(center_id, permission):
    """Active center staff (not departments or workstations) holding `permission` ("app.codename")."""
    profiles = StaffProfile.objects.filter(
        center_id=center_id, department__isnull=True, workstation__isnull=True, user__is_active=True
    ).select_related("user")
    return [p.user for p in profiles if p.user.has_perm(permission)]


def center_staff(center_id):
    """All active staff of the center itself (not its departments or workstations)."""
    User = get_user_model()
    return list(
        User.objects.filter(
            is_active=True, staff_profile__center_id=center_id, staff_profile__department__isnull=True, staff_profile__workstation__isnull=True
        )
    )


def center_directors(center_id):
    """The center's directors (the 中心主任 role); its staff who accept cases when it has none."""
    from governance import roles

    User = get_user_model()
    directors = list(
        User.objects.filter(
            is_active=True,
            staff_profile__center_id=center_id,
            staff_profile__department__isnull=True,
            staff_profile__workstation__isnull=True,
            groups__name=roles.ROLES["director"][0],
        ).distinct()
    )
    return directors or center_staff_with(center_id, "governance.accept_case")


def county_users():
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__isnull=False, staff_profile__center__isnull=True))


# --- queueing ---------------------------------------------------------------------------------


@dataclass
class Message:
    """A notification to queue: one row per distinct recipient."""

    recipients: list
    kind: str
    title: str
    body: str = ""
    case: object = None
    center_id: int | None = None


def _rows(message):
    center_id = message.center_id if message.center_id is not None else getattr(message.case, "center_id", None)
    seen = set()
    for user in message.recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        yield Notification(recipient=user, case=message.case, center_id=center_id, kind=message.kind, title=message.title, body=message.body)


def notify_many(messages):
    """Queue the messages' rows with one INSERT (per database batch); delivery runs after commit."""
    rows = [row for message in messages for row in _rows(message)]
    created = Notification.objects.bulk_create(rows, batch_size=500)
    ids = [n.pk for n in created if n.pk is not None]
    if ids:
        transaction.on_commit(lambda: deliver(ids))
    return created


def notify(recipients, *, kind, title, body="", case=None, center_id=None):
    """Queue one message per distinct recipient; email goes out after commit."""
    return notify_many([Message(list(recipients), kind, title, body, case, center_id)])


# Kinds urgent enough to go out by SMS as well, to staff who gave a mobile number.
SMS_KINDS = {"urge", "supervise", "reopen", "urgent_report"}


def deliver(notification_ids):
    """Send email (and SMS for urgent kinds) for queued notifications; mark what was sent."""
    now = timezone.now()
    emailed, texted = [], []
    sms = None
    for ids in batched(notification_ids, 500):
        notes = Notification.objects.filter(pk__in=ids).select_related("recipient", "recipient__staff_profile")
        for note in notes:
            if note.recipient.email and note.emailed_at is None:
                try:
                    send_mail(note.title, note.body or note.title, None, [note.recipient.email])
                except Exception:
                    logger.exception("notification %s: email failed", note.pk)
                else:
                    emailed.append(note.pk)
            mobile = getattr(getattr(note.recipient, "staff_profile", None), "mobile", "")
            if note.kind in SMS_KINDS and mobile and note.sms_sent_at is None:
                sms = sms or sms_backend()
                try:
                    sent = sms.send(mobile, note.title)
                except Exception:
                    logger.exception("notification %s: SMS failed", note.pk)
                    continue
                if sent:
                    texted.append(note.pk)
    for ids in batched(emailed, 500):
        Notification.objects.filter(pk__in=ids).update(emailed_at=now)
    for ids in batched(texted, 500):
        Notification.objects.filter(pk__in=ids).update(sms_sent_at=now)
