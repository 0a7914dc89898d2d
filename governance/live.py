"""Live updates: group names and message shapes in one place; the consumer only listens.

Services call `schedule_center_refresh` inside their transaction; the message leaves after commit,
so a rolled-back change never reaches a screen. Payloads name what changed, never who.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

logger = logging.getLogger(__name__)


def center_group(center_id):
    return f"center.{center_id}"


def schedule_center_refresh(center_id, reason):
    """After commit, tell every screen of the center that its figures changed."""
    transaction.on_commit(lambda: send_center_refresh(center_id, reason))


def send_center_refresh(center_id, reason):
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(center_group(center_id), {"type": "center.changed", "reason": reason})
    except Exception:  # a broken channel layer must never break a committed change
        logger.exception("live update for center %s failed", center_id)
