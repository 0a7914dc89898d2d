"""The notification outbox: rows per recipient, delivered by email and SMS after commit."""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from governance.models import Notification, StaffProfile

logger = logging.getLogger(__name__)


class LoggingSmsBackend:
    """Default SMS backend: writes the message to the log (a real gateway plugs in here)."""

    def send(self, phone, text):
        logger.info("SMS to %s: %s", phone, text)
        return True


def sms_backend():
    return import_string(getattr(settings, "ZONGZHI_SMS_BACKEND", "governance.services.notifications.LoggingSmsBackend"))()


def department_users(department_id):
    User = get_user_model()
    return list(User.objects.filter(is_active=True, staff_profile__department_id=department_id))


def center_users_with_perm(center_id, codename):
    """Active users of the center (not department handlers) who hold a case permission."""
    profiles = StaffProfile.objects.filter(
        center_id=center_id, department__isnull=True, workstation__isnull=True, user__is_active=True
    ).select_related("user")
    return [p.user for p in profiles if p.user.has_perm(f"governance.{codename}")]


def notify(recipients, *, kind, title, body="", case=None, center_id=None):
    """Queue one message per distinct recipient; email goes out after commit."""
    rows = []
    seen = set()
    for user in recipients:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        rows.append(
            Notification(
                recipient=user,
                case=case,
                center_id=center_id if center_id is not None else getattr(case, "center_id", None),
                kind=kind,
                title=title,
                body=body,
            )
        )
    created = Notification.objects.bulk_create(rows)
    if created:
        ids = [n.pk for n in created if n.pk is not None]
        transaction.on_commit(lambda: deliver(ids))
    return created


# Kinds urgent enough to go out by SMS as well, to staff who gave a mobile number.
SMS_KINDS = {"urge", "supervise", "reopen", "urgent_report"}


def deliver(notification_ids):
    """Send email (and SMS for urgent kinds) for queued notifications; mark what was sent."""
    now = timezone.now()
    notes = Notification.objects.filter(pk__in=notification_ids).select_related("recipient", "recipient__staff_profile")
    sms = None
    for note in notes:
        if note.recipient.email and note.emailed_at is None:
            try:
                send_mail(note.title, note.body or note.title, None, [note.recipient.email])
            except Exception:
                logger.exception("notification %s: email failed", note.pk)
            else:
                Notification.objects.filter(pk=note.pk).update(emailed_at=now)
        mobile = getattr(getattr(note.recipient, "staff_profile", None), "mobile", "")
        if note.kind in SMS_KINDS and mobile and note.sms_sent_at is None:
            sms = sms or sms_backend()
            try:
                sent = sms.send(mobile, note.title)
            except Exception:
                logger.exception("notification %s: SMS failed", note.pk)
                continue
            if sent:
                Notification.objects.filter(pk=note.pk).update(sms_sent_at=now)
