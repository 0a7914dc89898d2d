"""The lobby screens' WebSocket: read-only, snapshot on connect and on request, then deltas.

The socket has no channel of its own: its center's hub in this process (governance/fanout.py)
receives each delta once and hands every socket the same encoded frame (`push`). While a snapshot
is on its way (connect, resync, a new layout) the socket holds the frames that arrive and, after
the snapshot, sends those it does not already cover, in order.
"""

import asyncio
import json
import logging

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from governance import fanout
from governance.live import center_group
from governance.selectors import lobby

logger = logging.getLogger(__name__)

_centers = {}  # screen slug -> center id, as last seen by this process

NOT_FOUND = 4404


class LobbyConsumer(AsyncWebsocketConsumer):
    # No per-socket channel: Channels gives a consumer none when its alias names no layer
    # (get_channel_layer returns None); the process's hub holds the one subscription per center.
    channel_layer_alias = "lobby-sockets-use-the-hub"

    hub = None

    async def connect(self):
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        self._held = []
        self._snapshot_lock = asyncio.Lock()
        # The screen's center, as last seen by this process: a reconnect storm then costs one
        # database round per screen (the snapshot, which also checks that the screen is active).
        center_id = _centers.get(self.slug)
        for _attempt in range(2):
            if center_id is None:
                screen = await database_sync_to_async(lobby.active_screen)(self.slug)
                if screen is None:
                    await self.close(code=NOT_FOUND)
                    return
                center_id = screen.center_id
            async with self._snapshot_lock:  # deltas from the moment we join wait for the snapshot
                try:
                    self.hub = await fanout.join(center_group(center_id), self)
                except fanout.LayerFailed as exc:  # refused: lobby.js retries with backoff
                    logger.warning("lobby screen %s refused, the channel layer does not work: %s", self.slug, exc)
                    await self.close()
                    return
                self.center_id = center_id
                frame = await database_sync_to_async(lobby.snapshot_frame)(self.slug)
                if frame is not None and frame[0] == center_id:
                    _centers[self.slug] = center_id
                    await self.accept()
                    await self._send(frame)
                    return
                await self.hub.leave(self)  # gone, or moved to another center since last seen
                self.hub = None
                _centers.pop(self.slug, None)
                if frame is None:
                    await self.close(code=NOT_FOUND)
                    return
                center_id = frame[0]
        await self.close()

    async def disconnect(self, code):
        if self.hub is not None:
            await self.hub.leave(self)

    async def receive(self, text_data=None, bytes_data=None):
        content = self._decode(text_data)
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "resync":
            await self.send_snapshot()
        elif kind == "ping":
            # A screen on a hub whose layer stopped working is closed (lobby.js reconnects), not left deaf.
            if self.hub is None or not await self.hub.alive():
                return
            seq = await database_sync_to_async(lobby.current_seq)(self.center_id)
            await self.send(text_data=fanout.encode({"type": "pong", "seq": seq, "version": lobby.PAGE_VERSION}))

    @staticmethod
    def _decode(text_data):
        try:
            return json.loads(text_data) if text_data else None
        except ValueError:
            return None

    # --- called by the hub ---------------------------------------------------------------------

    async def push(self, seq, frame):
        """The hub's encoded delta: sent as is, or held while a snapshot is on its way."""
        if self._snapshot_lock.locked():
            self._held.append((seq, frame))
        else:
            await self.send(text_data=frame)

    async def send_snapshot(self):
        async with self._snapshot_lock:
            await self._send_snapshot_now()

    async def _send_snapshot_now(self):
        frame = await database_sync_to_async(lobby.snapshot_frame)(self.slug)
        if frame is None or frame[0] != self.center_id:  # gone or moved: the reconnect sorts it out
            _centers.pop(self.slug, None)
            await self.close(code=NOT_FOUND if frame is None else None)
            return
        await self._send(frame)

    async def _send(self, frame):
        _center_id, seq, text = frame
        await self.send(text_data=text)
        while self._held:  # frames may still arrive while these go out: until none is left
            delta_seq, delta = self._held.pop(0)
            if delta_seq is None or delta_seq > seq:
                await self.send(text_data=delta)
