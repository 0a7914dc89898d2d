"""One subscription per center and process for the lobby screens; each delta encoded once.

A process holds one `CenterHub` per center group (and event loop) that has screens connected. The
hub is the only member of the center's channel-layer group in this process: a delta reaches the
process once (one message per process, not per socket), is encoded to a JSON text frame once, and
that same frame goes to every socket of the center in this process. No per-socket JSON work and
no per-socket channel-layer traffic.

Healing: a hub whose channel layer fails (its receive raises, or a liveness probe through the layer
does not come back) closes all its sockets; lobby.js reconnects with backoff, the next connection
builds a fresh hub (joining the group again, so a Redis that restarted empty is joined anew) and
the screen gets a full snapshot. The hub probes the layer (a message to itself through it) every
PROBE_SECONDS while it has screens, and when a screen connects or pings after a quiet spell; one
probe at a time, shared by everyone who asks meanwhile.
"""

import asyncio
import json
import logging
import time
import weakref

from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

PROBE_SECONDS = 5.0  # a probe answered this recently counts as proof that the layer works
PROBE_TIMEOUT = 5.0
SEND_TIMEOUT = 10.0  # a socket that cannot take a frame for this long is closed (lobby.js reconnects)
# Re-join the group this often (the group expiry is days): expiry never silences a process.
REJOIN_SECONDS = 3600
CLOSE_LAYER_FAILED = 1011


def encode(message):
    """The one JSON encoding of a message, shared by every socket that gets it."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"))


class LayerFailed(Exception):
    pass


class CenterHub:
    """The center group's one subscription in this process and the sockets that listen to it."""

    def __init__(self, group, layer):
        self.group = group
        self.layer = layer
        self.members = set()
        self.channel = None
        self.closed = False
        self.joined_at = 0.0
        self.last_ok = 0.0
        self._started = None  # future: the subscription is in place
        self._probe = None  # future of the probe in flight
        self._listener = None
        self._watcher = None

    # --- lifecycle ---------------------------------------------------------------------------

    async def start(self):
        if self._started is None:
            self._started = asyncio.get_running_loop().create_future()
            try:
                self.channel = await self.layer.new_channel()
                await self.layer.group_add(self.group, self.channel)
                self.joined_at = self.last_ok = time.monotonic()
                self._listener = asyncio.create_task(self._listen())
                self._watcher = asyncio.create_task(self._watch())
            except Exception as exc:
                self._started.set_exception(LayerFailed(repr(exc)))
                self._started.exception()  # retrieved: no "never retrieved" warning if no one waits
                _forget(self)
                raise LayerFailed(repr(exc)) from exc
            self._started.set_result(True)
        await self._started

    async def close(self, code=None):
        if self.closed:
            return
        self.closed = True
        _forget(self)
        members, self.members = list(self.members), set()
        if code is not None:
            await asyncio.gather(*(member.close(code=code) for member in members), return_exceptions=True)
        for task in (self._listener, self._watcher):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
        if self.channel is not None:
            try:  # after a failure the layer may still be down: a short try
                await asyncio.wait_for(self.layer.group_discard(self.group, self.channel), PROBE_TIMEOUT if code is None else 1.0)
            except Exception:  # the layer is gone: its membership expires on its own
                logger.debug("group_discard of %s failed", self.group, exc_info=True)

    async def fail(self, reason):
        if not self.closed:
            logger.warning("lobby screens of %s dropped, the channel layer failed: %s", self.group, reason)
            await self.close(code=CLOSE_LAYER_FAILED)

    async def leave(self, member):
        self.members.discard(member)
        if not self.members:
            await self.close()

    # --- liveness ------------------------------------------------------------------------------

    async def alive(self):
        """Whether the layer still carries this hub's messages (a probe through it, at most every
        PROBE_SECONDS; callers meanwhile share the answer). A failed probe closes the hub."""
        if self.closed:
            return False
        if time.monotonic() - self.last_ok < PROBE_SECONDS:
            return True
        if self._probe is None:
            self._probe = asyncio.get_running_loop().create_future()
            probe = self._probe
            try:
                if time.monotonic() - self.joined_at > REJOIN_SECONDS:
                    await asyncio.wait_for(self.layer.group_add(self.group, self.channel), PROBE_TIMEOUT)
                    self.joined_at = time.monotonic()
                await asyncio.wait_for(self.layer.send(self.channel, {"type": "lobby.probe"}), PROBE_TIMEOUT)
                await asyncio.wait_for(asyncio.shield(probe), PROBE_TIMEOUT)
            except Exception as exc:
                await self.fail(f"probe: {exc!r}")
            finally:
                self._probe = None
                if not probe.done():
                    probe.set_result(False)
        else:
            await asyncio.shield(self._probe)
        return not self.closed

    async def _watch(self):
        """Probe the layer every PROBE_SECONDS while screens listen: a layer that fails without
        raising in receive (the pub/sub layer reconnects quietly and loses what was sent meanwhile)
        closes the screens within seconds, and they resync, instead of staying deaf."""
        while not self.closed:
            await asyncio.sleep(PROBE_SECONDS)
            await self.alive()

    # --- receiving -----------------------------------------------------------------------------

    async def _listen(self):
        try:
            while True:
                event = await self.layer.receive(self.channel)
                await self.dispatch(event)
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            await self.fail(f"receive: {exc!r}")

    async def dispatch(self, event):
        kind = event.get("type")
        if kind == "lobby.delta":
            message = event["message"]
            await self.fan_out(message.get("seq"), encode(message))
        elif kind == "lobby.layout":
            for member in list(self.members):
                if member.slug == event.get("slug"):
                    asyncio.create_task(member.send_snapshot())
        elif kind == "lobby.probe":
            self.last_ok = time.monotonic()
            if self._probe is not None and not self._probe.done():
                self._probe.set_result(True)

    async def fan_out(self, seq, frame):
        """The same text frame to every socket; a socket that cannot take it in time is closed."""
        members = list(self.members)
        if not members:
            return
        tasks = [asyncio.create_task(member.push(seq, frame)) for member in members]
        _done, pending = await asyncio.wait(tasks, timeout=SEND_TIMEOUT)
        for member, task in zip(members, tasks):
            if task in pending:
                task.cancel()
                asyncio.create_task(member.close(code=CLOSE_LAYER_FAILED))
            elif not task.cancelled() and task.exception() is not None:
                logger.debug("a lobby socket of %s did not take a frame: %r", self.group, task.exception())


# The hubs of this process: per event loop (each test, and each server process, has its own), per group.
_hubs = weakref.WeakKeyDictionary()


def _forget(hub):
    loop_hubs = _hubs.get(asyncio.get_running_loop(), {})
    if loop_hubs.get(hub.group) is hub:
        del loop_hubs[hub.group]


async def join(group, member):
    """Add a socket to its center's hub in this process (started, and the layer proven alive);
    raises LayerFailed when the channel layer does not work."""
    layer = get_channel_layer()
    if layer is None:
        raise LayerFailed("no channel layer configured")
    loop_hubs = _hubs.setdefault(asyncio.get_running_loop(), {})
    hub = loop_hubs.get(group)
    if hub is None:
        hub = loop_hubs[group] = CenterHub(group, layer)
    hub.members.add(member)  # before the first await: a hub is never left empty while starting
    try:
        await hub.start()
        if not await hub.alive():
            raise LayerFailed("probe failed")
    except BaseException:
        await hub.leave(member)
        raise
    return hub


def hubs():
    """This loop's hubs (for tests and diagnostics)."""
    return dict(_hubs.get(asyncio.get_running_loop(), {}))
