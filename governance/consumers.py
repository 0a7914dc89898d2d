"""The lobby screens' WebSocket: read-only, snapshot on connect and on request, then deltas."""

import time

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from governance.live import center_group
from governance.selectors import lobby

NOT_FOUND = 4404
# Re-join the group this often (the group expiry is days): often enough that expiry never
# silences a screen, rarely enough that a crowd of screens pinging together stays cheap.
REJOIN_SECONDS = 3600


class LobbyConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self):
        self.slug = self.scope["url_route"]["kwargs"]["slug"]
        screen = await database_sync_to_async(lobby.active_screen)(self.slug)
        if screen is None:
            await self.close(code=NOT_FOUND)
            return
        self.center_id = screen.center_id
        self.group = center_group(screen.center_id)
        await self.channel_layer.group_add(self.group, self.channel_name)
        self.joined_at = time.monotonic()
        await self.accept()
        await self.send_snapshot()

    async def disconnect(self, code):
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs):
        kind = content.get("type") if isinstance(content, dict) else None
        if kind == "resync":
            await self.send_snapshot()
        elif kind == "ping":
            # Re-joining refreshes the group membership so that expiry never silences a screen.
            if time.monotonic() - self.joined_at > REJOIN_SECONDS:
                await self.channel_layer.group_add(self.group, self.channel_name)
                self.joined_at = time.monotonic()
            seq = await database_sync_to_async(lobby.current_seq)(self.center_id)
            await self.send_json({"type": "pong", "seq": seq, "version": lobby.PAGE_VERSION})

    async def send_snapshot(self):
        screen = await database_sync_to_async(lobby.active_screen)(self.slug)
        if screen is None:
            await self.close(code=NOT_FOUND)
            return
        await self.send_json(await database_sync_to_async(lobby.snapshot)(screen))

    async def lobby_delta(self, event):
        await self.send_json(event["message"])

    async def lobby_layout(self, event):
        if event.get("slug") == self.slug:
            await self.send_snapshot()
