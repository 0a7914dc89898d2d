"""The lobby WebSocket: snapshot on connect, ordered deltas, resync after a gap, no personal data."""

import json
import re
from datetime import date

import pytest
from asgiref.sync import sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator

from governance import live
from governance.models import Case, LobbyScreen, Party, QueueService, ReceptionWindow
from governance.reference_defaults import load_reference

pytestmark = pytest.mark.django_db(transaction=True)

PARTY = {"name": "欧阳振华", "id_number": "11010519491231002X", "phone": "13912345678", "address": "甲镇甲村三组18号"}


def application():
    from zongzhi.routing import websocket_urlpatterns

    return URLRouter(websocket_urlpatterns)


@pytest.fixture
def screen(center):
    load_reference()
    service = QueueService.objects.create(center=center, name="信访接待", prefix="A")
    window = ReceptionWindow.objects.create(center=center, number=1)
    window.services.set([service])
    return LobbyScreen.objects.create(
        center=center,
        name="大厅主屏",
        slug="hall",
        layout=[("figures", {"period": "today", "title": "今日"}), ("queue", {"recent": 5, "announce": True}), ("results", {"count": 6})],
    )


def _register_published_case(center):
    """A resolved case cleared for the board, whose party carries every kind of personal data."""
    from governance.models import ReferenceItem

    ref = {(r.kind, r.code): r for r in ReferenceItem.objects.all()}
    case = Case.objects.create(
        center=center,
        code="甲镇综治〔2026〕0001号",
        year=2026,
        sequence=1,
        kind="dispute",
        source=ref[("source", "walk_in")],
        category=ref[("category", "neighbour")],
        summary=f"{PARTY['name']}与邻居纠纷",
        received_on=date(2026, 11, 1),
        resolved_on=date(2026, 11, 20),
        status="resolved",
        outcome=ref[("outcome", "mediated")],
        publishable=True,
        outcome_note=f"{PARTY['name']}满意",
    )
    Party.objects.create(case=case, **PARTY)
    return case


async def _connect(slug="hall"):
    communicator = WebsocketCommunicator(application(), f"/ws/lobby/{slug}/")
    connected, code = await communicator.connect()
    return communicator, connected, code


def _assert_no_personal_data(message):
    text = json.dumps(message, ensure_ascii=False)
    for value in PARTY.values():
        assert value not in text
    # no phone number, whole or masked ("139****5678"); timestamps' microseconds must not trip it
    assert not re.search(r"(?<!\d)1[3-9]\d[\d*]{4}\d{4}(?!\d)", text)


async def test_snapshot_on_connect_carries_layout_data_and_sequence(screen):
    communicator, connected, _ = await _connect()
    assert connected
    message = await communicator.receive_json_from()
    assert message["type"] == "snapshot"
    assert [p["type"] for p in message["screen"]["panels"]] == ["figures", "queue", "results"]
    assert set(message["data"]) == {"figures", "queue", "results", "center", "warnings"}
    assert message["seq"] == 0
    await communicator.disconnect()


async def test_unknown_screen_is_refused(screen):
    communicator, connected, code = await _connect("no-such-screen")
    assert not connected
    assert code == 4404


async def test_deltas_arrive_in_order_with_consecutive_sequence_numbers(screen):
    communicator, _, _ = await _connect()
    first = await communicator.receive_json_from()
    await sync_to_async(live.send_center_refresh)(screen.center_id, "case")
    await sync_to_async(live.send_center_refresh)(screen.center_id, "queue")
    one = await communicator.receive_json_from()
    two = await communicator.receive_json_from()
    assert (one["type"], one["seq"], set(one["data"])) == ("delta", first["seq"] + 1, {"figures", "results"})
    assert (two["type"], two["seq"], set(two["data"])) == ("delta", first["seq"] + 2, {"queue"})
    await communicator.disconnect()


async def test_a_client_that_saw_a_gap_gets_a_full_snapshot_on_resync(screen):
    communicator, _, _ = await _connect()
    await communicator.receive_json_from()
    # Deltas sent while this screen was away are lost (Channels keeps nothing): bump the sequence
    # behind its back, then a ping tells the client it is behind, and a resync brings it up to date.
    await sync_to_async(live.next_seq)(screen.center_id)
    await sync_to_async(live.next_seq)(screen.center_id)
    await communicator.send_json_to({"type": "ping"})
    pong = await communicator.receive_json_from()
    assert pong == {"type": "pong", "seq": 2, "version": pong["version"]}
    await communicator.send_json_to({"type": "resync"})
    snapshot = await communicator.receive_json_from()
    assert snapshot["type"] == "snapshot" and snapshot["seq"] == 2
    await communicator.disconnect()


async def test_queue_call_reaches_the_screen_after_commit(screen):
    from governance.services.queue import queue_call_next, queue_issue_ticket

    communicator, _, _ = await _connect()
    await communicator.receive_json_from()
    service_id = await sync_to_async(lambda: QueueService.objects.get(prefix="A").pk)()
    await sync_to_async(queue_issue_ticket)(service_id=service_id)
    await communicator.receive_json_from()  # the ticket's delta
    window_id = await sync_to_async(lambda: ReceptionWindow.objects.get(number=1).pk)()
    await sync_to_async(queue_call_next)(window_id=window_id)
    delta = await communicator.receive_json_from()
    assert delta["data"]["queue"]["calls"][0]["ticket"] == "A001"
    assert delta["data"]["queue"]["calls"][0]["window"] == 1
    await communicator.disconnect()


async def test_no_message_carries_personal_data(screen):
    await sync_to_async(_register_published_case)(screen.center)
    communicator, _, _ = await _connect()
    snapshot = await communicator.receive_json_from()
    assert snapshot["data"]["results"][0]["code"] == "甲镇综治〔2026〕0001号"
    _assert_no_personal_data(snapshot)
    await sync_to_async(live.send_center_refresh)(screen.center_id, "case")
    _assert_no_personal_data(await communicator.receive_json_from())
    await communicator.disconnect()


async def test_layout_change_sends_the_new_layout_without_reload(screen):
    communicator, _, _ = await _connect()
    await communicator.receive_json_from()

    def change_layout():
        screen.layout = [("clock", None)]
        screen.save()
        live._group_send(live.center_group(screen.center_id), {"type": "lobby.layout", "slug": screen.slug})

    await sync_to_async(change_layout)()
    message = await communicator.receive_json_from()
    assert message["type"] == "snapshot"
    assert [p["type"] for p in message["screen"]["panels"]] == ["clock"]
    await communicator.disconnect()


async def test_full_application_refuses_a_foreign_origin(screen):
    from zongzhi.asgi import application as asgi_app

    communicator = WebsocketCommunicator(asgi_app, "/ws/lobby/hall/", headers=[(b"origin", b"http://evil.example"), (b"host", b"127.0.0.1")])
    connected, _ = await communicator.connect()
    assert not connected


def _publish_warning(center):
    """A published security warning of the center, drafted and published by the center's director."""
    from datetime import timedelta

    from django.utils import timezone

    from governance.warnings import services
    from governance.warnings.models import WarningType
    from tests.factories import make_staff

    director = make_staff("director", center=center, first_name=PARTY["name"], email="warner@example.org")
    today = timezone.localdate()
    data = services.WarningData(
        WarningType.objects.get_or_create(name="防溺水", center=None)[0].pk,  # a flushed database lost the starter list
        "severe",
        "严防中小学生溺水",
        "河塘水位上涨。",
        "家长履行监护责任。",
        today,
        today + timedelta(days=10),
        [],
    )
    warning = services.warning_create(center=center, actor=director, data=data)
    services.warning_approve(pk=warning.pk, actor=director)
    return services.warning_publish(pk=warning.pk, actor=director), director


async def test_a_published_warning_reaches_the_screen_and_carries_no_personal_data(screen):
    from governance.warnings import services

    def add_panel():
        screen.layout = [*[(b.block_type, b.value) for b in screen.layout], ("warnings", {"count": 3})]
        screen.save()

    await sync_to_async(add_panel)()
    communicator, _, _ = await _connect()
    snapshot = await communicator.receive_json_from()
    assert snapshot["data"]["warnings"] == [] and snapshot["screen"]["panels"][-1]["type"] == "warnings"
    warning, director = await sync_to_async(_publish_warning)(screen.center)
    approved = await communicator.receive_json_from()  # the approval's delta: nothing to show yet
    assert approved["data"] == {"warnings": []}
    delta = await communicator.receive_json_from()
    assert (delta["type"], delta["reason"], set(delta["data"])) == ("delta", "warnings", {"warnings"})
    [item] = delta["data"]["warnings"]
    assert (item["title"], item["level_label"], item["colour"], item["villages"]) == ("严防中小学生溺水", "严重", "orange", [])
    _assert_no_personal_data(delta)
    assert director.username not in json.dumps(delta, ensure_ascii=False)
    await sync_to_async(services.warning_withdraw)(pk=warning.pk, actor=director, reason="解除")
    delta = await communicator.receive_json_from()
    assert delta["data"]["warnings"] == []
    await communicator.disconnect()
