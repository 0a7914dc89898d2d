"""The lobby fan-out (governance/fanout.py): one subscription and one encoding per delta and process,
whatever the number of sockets; snapshots computed once per center and sequence number in a
reconnect storm; a broken channel layer drops the screens (they reconnect) instead of leaving them deaf."""

import asyncio
import threading
import time

import pytest
from asgiref.sync import sync_to_async
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from governance import fanout, live
from governance.consumers import LobbyConsumer
from governance.models import LobbyScreen
from governance.selectors import lobby


def application():
    from zongzhi.routing import websocket_urlpatterns

    return URLRouter(websocket_urlpatterns)


@pytest.fixture(autouse=True)
def fresh_snapshot_cache():
    lobby.clear_snapshot_cache()
    yield
    lobby.clear_snapshot_cache()


@pytest.fixture
def screen(center):
    return LobbyScreen.objects.create(center=center, name="大厅主屏", slug="hall", layout=[("queue", {"recent": 5, "announce": True})])


@pytest.fixture
def encodes(monkeypatch):
    """The deltas encoded (fanout.encode), counted."""
    calls = []
    real = fanout.encode

    def counting(message):
        if message.get("type") == "delta":
            calls.append(message["seq"])
        return real(message)

    monkeypatch.setattr(fanout, "encode", counting)
    return calls


async def _connect_many(count, slug="hall"):
    communicators = [WebsocketCommunicator(application(), f"/ws/lobby/{slug}/") for _ in range(count)]
    results = await asyncio.gather(*(c.connect(timeout=60) for c in communicators))
    assert all(connected for connected, _code in results)
    return communicators


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("sockets", [1, 12])
async def test_each_delta_is_encoded_once_per_process_whatever_the_number_of_sockets(screen, encodes, sockets):
    communicators = await _connect_many(sockets)
    snapshots = [await c.receive_from(30) for c in communicators]
    assert len(set(snapshots)) == 1  # the same snapshot frame for every screen

    await sync_to_async(live.send_center_refresh)(screen.center_id, "queue")
    frames = [await c.receive_from(30) for c in communicators]

    assert len(encodes) == 1  # one encoding, however many sockets
    assert len(set(frames)) == 1 and '"type":"delta"' in frames[0]
    group = live.center_group(screen.center_id)
    assert len(fanout.hubs()[group].members) == sockets
    layer = get_channel_layer()
    if isinstance(layer, InMemoryChannelLayer):  # the process is one member of the group, not one per socket
        assert len(layer.groups[group]) == 1
    for communicator in communicators:
        await communicator.disconnect()
    assert group not in fanout.hubs()  # the last socket gone, the subscription goes too


@pytest.mark.django_db(transaction=True)
async def test_a_reconnect_storm_computes_the_snapshot_once_per_center_and_sequence(screen, monkeypatch):
    computed, encoded = [], []
    real_sections, real_snapshot = lobby.sections, lobby.snapshot
    monkeypatch.setattr(lobby, "sections", lambda *a, **k: computed.append(a) or real_sections(*a, **k))
    monkeypatch.setattr(lobby, "snapshot", lambda *a, **k: encoded.append(a) or real_snapshot(*a, **k))

    communicators = await _connect_many(40)
    assert {(await c.receive_json_from(30))["seq"] for c in communicators} == {0}
    assert (len(computed), len(encoded)) == (1, 1)

    await sync_to_async(live.next_seq)(screen.center_id)  # a new sequence number: computed anew, once
    for communicator in communicators:
        await communicator.send_json_to({"type": "resync"})
    assert {(await c.receive_json_from(30))["seq"] for c in communicators} == {1}
    assert (len(computed), len(encoded)) == (2, 2)
    for communicator in communicators:
        await communicator.disconnect()


def test_concurrent_snapshot_requests_wait_for_the_one_computation_in_flight(monkeypatch):
    """The single-flight lock: threads asking at once for the same center and sequence number get
    the result of one computation; another sequence number is computed on its own."""
    computed = []

    def slow_sections(center_id):
        computed.append(center_id)
        time.sleep(0.2)
        return {"queue": {"center": center_id}}

    monkeypatch.setattr(lobby, "sections", slow_sections)
    barrier = threading.Barrier(16)
    results = []

    def ask():
        barrier.wait()
        results.append(lobby._cached_sections(7, 3))

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)

    assert computed == [7] and len(results) == 16 and all(r is results[0] for r in results)
    lobby._cached_sections(7, 4)
    lobby._cached_sections(8, 3)
    assert computed == [7, 7, 8]


async def test_deltas_arriving_during_a_snapshot_follow_it_in_order(monkeypatch):
    consumer = LobbyConsumer()
    consumer.slug = "hall"
    consumer.center_id = 1
    consumer._held = []
    consumer._snapshot_lock = asyncio.Lock()
    sent = []

    async def send(text_data=None, bytes_data=None, close=False):
        sent.append(text_data)

    monkeypatch.setattr(consumer, "send", send)
    monkeypatch.setattr(lobby, "snapshot_frame", lambda slug: (1, 5, "snapshot@5"))
    async with consumer._snapshot_lock:
        await consumer.push(5, "delta@5")  # covered by the snapshot
        await consumer.push(6, "delta@6")
        assert sent == []
        await consumer._send_snapshot_now()
    await consumer.push(7, "delta@7")

    assert sent == ["snapshot@5", "delta@6", "delta@7"]


@pytest.mark.django_db(transaction=True)
async def test_a_screen_on_a_broken_layer_is_dropped_and_new_screens_are_refused(screen, monkeypatch):
    [communicator] = await _connect_many(1)
    await communicator.receive_from(30)
    layer = get_channel_layer()

    async def broken(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(fanout, "PROBE_SECONDS", 0.0)  # the next ping probes the layer
    monkeypatch.setattr(layer, "send", broken)
    monkeypatch.setattr(layer, "group_add", broken)
    await communicator.send_json_to({"type": "ping"})
    closed = await communicator.receive_output(5)
    assert closed == {"type": "websocket.close", "code": fanout.CLOSE_LAYER_FAILED}
    assert live.center_group(screen.center_id) not in fanout.hubs()

    refused = WebsocketCommunicator(application(), "/ws/lobby/hall/")
    connected, _code = await refused.connect()
    assert not connected

    monkeypatch.undo()  # the layer is back: the next screen gets a snapshot and live deltas again
    monkeypatch.setattr(lobby, "SNAPSHOT_TTL", 0.0)
    [again] = await _connect_many(1)
    assert (await again.receive_json_from(30))["type"] == "snapshot"
    await sync_to_async(live.send_center_refresh)(screen.center_id, "queue")
    assert (await again.receive_json_from(30))["type"] == "delta"
    await again.disconnect()
