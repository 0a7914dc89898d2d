"""Live updates: group names and message shapes in one place; the consumer only listens.

Services call `schedule_center_refresh` inside their transaction. After commit the center's lobby
sequence number goes up by one, the changed sections are serialised once, and the delta goes to
the center's group. A rolled-back change never reaches a screen, and a transaction that changes a
thousand cases (an import) sends one delta per reason, not one per row.
"""

import asyncio
import logging
import weakref
from functools import partial

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F

logger = logging.getLogger(__name__)


def center_group(center_id):
    return f"center.{center_id}"


class _Batch:
    """The refreshes scheduled on one database connection until its next commit."""

    __slots__ = ("open", "sent")

    def __init__(self):
        self.open = True  # calls still join this batch (its transaction has not committed yet)
        self.sent = set()  # (center_id, reason) already sent at this commit


# The open batch of each database connection (Django keeps one connection per thread); weak, so a
# connection that goes away takes its batch with it.
_batches = weakref.WeakKeyDictionary()


def schedule_center_refresh(center_id, reason):
    """After commit (once per transaction, center and reason), send the center's screens a delta.

    Every call registers its own callback with transaction.on_commit (public API); the callbacks of
    one transaction share a batch, and at commit the first of them for a center and reason sends
    while the others return at once. Deduplicating when the callbacks run, not when they are
    registered, stays right when a savepoint rolls back: Django drops that savepoint's callbacks, and
    a later call in the same transaction has registered its own. (Deduplicating at registration
    would need Django's list of pending callbacks, which is not public API.) Outside a transaction
    on_commit runs the callback at once: each call sends.
    """
    connection = connections[DEFAULT_DB_ALIAS]  # the one transaction.on_commit() registers with
    batch = _batches.get(connection)
    if batch is None or not batch.open:
        batch = _batches[connection] = _Batch()
    transaction.on_commit(partial(_send_once, batch, center_id, reason), robust=True)


def _send_once(batch, center_id, reason):
    # Runs after the commit: calls from now on belong to the next transaction. A batch whose
    # transaction rolled back never gets here; the next transaction simply goes on with it.
    batch.open = False
    if (center_id, reason) in batch.sent:
        return
    batch.sent.add((center_id, reason))
    send_center_refresh(center_id, reason)


def next_seq(center_id):
    from governance.models import LobbyState

    LobbyState.objects.get_or_create(center_id=center_id)
    LobbyState.objects.filter(center_id=center_id).update(seq=F("seq") + 1)
    return LobbyState.objects.values_list("seq", flat=True).get(center_id=center_id)


def send_center_refresh(center_id, reason):
    from governance.selectors.lobby import delta

    try:
        with transaction.atomic():
            seq = next_seq(center_id)
        message = delta(center_id, seq, reason)
        _group_send(center_group(center_id), {"type": "lobby.delta", "message": message})
    except Exception:  # a broken channel layer must never break a committed change
        logger.exception("live update for center %s failed", center_id)


def schedule_screen_changed(screen):
    """After commit, running screens re-render with the new layout (no reload)."""
    center_id, slug = screen.center_id, screen.slug
    transaction.on_commit(lambda: _safe_send(center_group(center_id), {"type": "lobby.layout", "slug": slug}), robust=True)


def _safe_send(group, event):
    try:
        _group_send(group, event)
    except Exception:
        logger.exception("live update to %s failed", group)


# The event loop of this process's ASGI server, told by zongzhi.asgi on every connection. The
# screens' consumers wait on it. Channels' in-memory layer (the one-process default) wakes a waiting
# consumer with a plain future: set from another loop, that wake-up sits unnoticed until the server
# loop wakes for something else (seconds, or the next ping). Sends from threads without that loop
# (the periodic jobs, the ledger jobs' thread) therefore run on the server's loop.
_server_loop = None
SEND_TIMEOUT = 10


def remember_server_loop(loop):
    global _server_loop
    if _server_loop is not loop:
        _server_loop = loop


def _running_loop():
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


def _group_send(group, event):
    layer = get_channel_layer()
    if layer is None:
        return
    loop = _server_loop
    if loop is not None and loop.is_running() and _running_loop() is not loop:
        asyncio.run_coroutine_threadsafe(layer.group_send(group, event), loop).result(SEND_TIMEOUT)
    else:
        async_to_sync(layer.group_send)(group, event)
