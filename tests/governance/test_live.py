"""governance.live: sends from threads without the server's event loop reach the screens at once."""

import asyncio
import threading
import time

import pytest
from channels.layers import get_channel_layer
from django.db import transaction

from governance import live


def test_a_send_from_a_plain_thread_wakes_a_waiting_screen_at_once(monkeypatch):
    """The periodic jobs and the ledger jobs' thread send from plain threads. With Channels'
    in-memory layer a message sent on another event loop sat unnoticed until the server's loop woke
    for something else (here: the 5 s timeout)."""
    monkeypatch.setattr(live, "_server_loop", None)
    layer = get_channel_layer()
    group = "center.test-live-thread"

    async def scenario():
        live.remember_server_loop(asyncio.get_running_loop())  # as zongzhi.asgi does per connection
        channel = await layer.new_channel()
        await layer.group_add(group, channel)
        sender = threading.Thread(target=live._group_send, args=(group, {"type": "lobby.delta", "message": {"seq": 1}}))
        started = time.monotonic()
        sender.start()
        try:
            message = await asyncio.wait_for(layer.receive(channel), 5)
        finally:
            await layer.group_discard(group, channel)
        elapsed = time.monotonic() - started
        await asyncio.to_thread(sender.join, 5)
        return message, elapsed

    message, elapsed = asyncio.run(scenario())

    assert message["message"] == {"seq": 1}
    assert elapsed < 1, f"the screen got the message after {elapsed:.1f} s"


def test_without_a_running_server_loop_sends_go_through_async_to_sync(monkeypatch):
    sent = []

    class Layer:
        async def group_send(self, group, event):
            sent.append((group, event, asyncio.get_running_loop()))

    closed = asyncio.new_event_loop()
    closed.close()
    monkeypatch.setattr(live, "_server_loop", closed)  # a loop from an earlier server, not running
    monkeypatch.setattr(live, "get_channel_layer", lambda: Layer())

    live._group_send("center.x", {"type": "lobby.delta"})

    assert [(group, event) for group, event, _loop in sent] == [("center.x", {"type": "lobby.delta"})]
    assert sent[0][2] is not closed


# --- one refresh per transaction, center and reason ----------------------------------------------------


class Rollback(Exception):
    pass


@pytest.fixture
def sends(monkeypatch):
    calls = []
    monkeypatch.setattr(live, "send_center_refresh", lambda center_id, reason: calls.append((center_id, reason)))
    return calls


def test_a_transaction_sends_one_refresh_per_center_and_reason(db, sends, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            live.schedule_center_refresh(1, "case")
        live.schedule_center_refresh(1, "queue")
        live.schedule_center_refresh(2, "case")
        assert sends == []  # nothing before the commit

    assert sends == [(1, "case"), (1, "queue"), (2, "case")]


def test_a_rolled_back_savepoint_does_not_swallow_a_later_refresh(db, sends, django_capture_on_commit_callbacks):
    """Django drops the on_commit callbacks of a rolled-back savepoint: the refresh scheduled there
    must not count as pending for the rest of the transaction."""
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Rollback), transaction.atomic():
            live.schedule_center_refresh(1, "case")
            raise Rollback
        live.schedule_center_refresh(1, "case")

    assert sends == [(1, "case")]


def test_a_refresh_scheduled_only_in_a_rolled_back_savepoint_is_never_sent(db, sends, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        live.schedule_center_refresh(1, "queue")
        with pytest.raises(Rollback), transaction.atomic():
            live.schedule_center_refresh(1, "case")
            raise Rollback

    assert sends == [(1, "queue")]


def test_each_committed_transaction_sends_again(db, sends, django_capture_on_commit_callbacks):
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            live.schedule_center_refresh(1, "case")
            live.schedule_center_refresh(1, "case")

    assert sends == [(1, "case"), (1, "case")]


def test_a_transaction_that_never_committed_does_not_hold_back_the_next(db, sends, django_capture_on_commit_callbacks):
    live.schedule_center_refresh(1, "case")  # pending in the test's transaction, never run
    with django_capture_on_commit_callbacks(execute=True):
        live.schedule_center_refresh(1, "case")

    assert sends == [(1, "case")]


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_call_sends_at_once(sends):
    live.schedule_center_refresh(1, "case")
    live.schedule_center_refresh(1, "case")

    assert sends == [(1, "case"), (1, "case")]
