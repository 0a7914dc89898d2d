"""governance.live: sends from threads without the server's event loop reach the screens at once."""

import asyncio
import threading
import time

from channels.layers import get_channel_layer

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
