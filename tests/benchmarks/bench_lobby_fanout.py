#!/usr/bin/env python
"""Benchmark of the lobby screens' fan-out over real WebSockets, against raw Redis pub/sub.

    .venv/bin/python tests/benchmarks/bench_lobby_fanout.py           # fresh temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python tests/benchmarks/bench_lobby_fanout.py       # a dedicated PostgreSQL database
                                                                      # (created and dropped) on that server

Setup: a database is migrated and loaded with the demo county, and enough queue tickets "A" are
issued for every run. Then, per channels-redis layer (--layers core,pubsub: the server's
ZONGZHI_CHANNEL_LAYER) and configuration (N screens × server processes):

- one `manage.py serve` (or `serve --workers 2`) with REDIS_URL and a unique REDIS_PREFIX;
- N screens connect over real WebSockets to /ws/lobby/shifan-hall/ (asyncio + `websockets`) and
  speak the protocol of static/lobby/lobby.js: a snapshot on connect; a delta with the next seq is
  applied; a gap makes the screen send {"type":"resync"}; at the end every screen pings, and a pong
  ahead of the screen's seq also makes it resync; a screen the server drops reconnects with backoff
  and its snapshot covers what it missed (as lobby.js does);
- M updates: "call next" at window 1 over the reception desk's HTTP (logged in as shifan_director),
  one every --interval seconds; each commits and sends one delta to the center's group;
- with 2 workers, one worker is killed (SIGKILL) halfway through the updates (uvicorn starts a new
  one): a worker restart, which its screens must heal from with delivery staying 1.0 (--no-kill: none);
- at the largest N, after the updates: the reconnect storm, every screen closing and reconnecting at
  once, timed until all have their snapshot.

Delivery: an update counts as delivered to a screen when its delta arrived in order, or when a
snapshot (after a gap, a reconnect or the final ping) covered its seq. The ratio must be 1.0.
Latency: from the delta's "sent_at" (set after commit, in governance/selectors/lobby.py delta())
to the moment the screen's coroutine receives it, in-order deltas only (same machine, same clock).

Reference: N subscribers of one raw Redis pub/sub channel (redis.asyncio, one connection each),
the same M messages (the last real delta a screen received) at the same pace, measured the same
way. Redis restarts are not part of this benchmark (it runs on the machine's shared Redis server);
tests/hardening/test_faults.py stops and starts its own redis-server under open screens.

Per layer one line `LAYER <name> delivery=… p95_ms=… p95_vs_redis_pubsub=… reconnect_storm_s=…`;
the layer kept is the one with the lowest p95 among those with delivery 1.0. The last line of output
is exactly one
    RESULT delivery=<x> p95_ms=<x> p95_vs_redis_pubsub=<x> reconnect_storm_s=<x>
for the layer kept: delivery the lowest ratio of its runs, p95_ms its highest p95 at the largest N,
p95_vs_redis_pubsub that p95 divided by the Redis reference's p95 at the same N, and the storm's
seconds. The load average is printed with every run (the machine is often shared).

Loopback only; every phase has a timeout and a watchdog ends the run after --budget seconds;
servers, the database and the Redis keys are always cleaned up.
Also printed per run: the server's CPU time during the updates per delivered message (less
sensitive than latency to other load on the machine), connect time, gaps, resyncs, drops.

Options: --screens 500 (e.g. 100,500: the smaller sizes with one process), --updates 20,
--interval 0.25, --layers core,pubsub, --no-workers (one process only), --no-kill, --budget 330,
--keep (keep the temporary folder), --workdir DIR (reuse a migrated SQLite database there),
--no-compression (screens without permessage-deflate).
"""

import argparse
import asyncio
import contextlib
import http.cookiejar
import json
import os
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "shifan-hall"
USERNAME = "shifan_director"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
RUN_ID = f"{os.getpid()}-{uuid.uuid4().hex[:6]}"
REDIS_PREFIX = f"zongzhi-bench-{RUN_ID}"
STARTED = time.monotonic()


def say(text=""):
    print(text, flush=True)


def elapsed():
    return time.monotonic() - STARTED


def raise_open_file_limit(wanted=65536):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def percentile(values, q):
    if not values:
        return float("nan")
    ordered = sorted(values)
    index = (len(ordered) - 1) * q
    low = int(index)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (index - low)


def sent_at(message):
    return datetime.fromisoformat(message["sent_at"]).timestamp()


def session_cpu_seconds(session_id):
    """User+system CPU seconds of every live process in a session (the server and its workers)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == session_id and fields[0] != "Z":  # field 6 of stat: the session id (zombies: no CPU)
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def process_state(pid):
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return None


# --- database and servers ----------------------------------------------------------------------


def base_env():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "REDIS_")) and k != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="zongzhi.settings.dev", PYTHONUNBUFFERED="1")
    return env


def manage(*args, env, timeout=600):
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


class Database:
    """A dedicated PostgreSQL database when DATABASE_URL is PostgreSQL, else a temporary SQLite file."""

    def __init__(self, workdir):
        given = os.environ.get("DATABASE_URL", "")
        self.pg = given if given.startswith(("postgres://", "postgresql://", "pgsql://")) else None
        if self.pg:
            self.name = f"zongzhi_bench_lobby_{RUN_ID.replace('-', '_')}"
            parts = urllib.parse.urlsplit(self.pg)
            self.url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{self.name}", parts.query, ""))
            self._admin(f'CREATE DATABASE "{self.name}"')
        else:
            self.url = f"sqlite:///{workdir / 'bench.sqlite3'}"

    def _admin(self, sql):
        import dj_database_url
        import psycopg

        cfg = dj_database_url.parse(self.pg)
        with psycopg.connect(
            host=cfg.get("HOST") or None,
            port=cfg.get("PORT") or None,
            user=cfg.get("USER") or None,
            password=cfg.get("PASSWORD") or None,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            conn.execute(sql)

    def drop(self):
        if self.pg:
            self._admin(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    @property
    def kind(self):
        return "PostgreSQL" if self.pg else "SQLite"


def answers(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class Server:
    def __init__(self, env, log_path, workers=1):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        args = [sys.executable, str(ROOT / "manage.py"), "serve", "--host", "127.0.0.1", "--port", str(self.port)]
        if workers > 1:
            args += ["--workers", str(workers)]
        with open(log_path, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 60
        while not answers(f"{self.base_url}/admin/login/"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"server did not start:\n{log_path.read_text(encoding='utf-8', errors='replace')}")
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        # uvicorn's worker processes share the session: make sure none is left.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=5)


class Desk:
    """The reception desk over HTTP: log in, then POST "call next" at window 1."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url, window_id, password):
        self.base_url = base_url
        self.window_id = window_id
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), urllib.request.ProxyHandler({}))
        html = self._open("/admin/login/")
        self._open(
            "/admin/login/", {"csrfmiddlewaretoken": self.CSRF.search(html).group(1), "username": USERNAME, "password": password, "next": "/admin/"}
        )
        html = self._open("/admin/governance/queue/")
        if f"/admin/governance/queue/call/{window_id}/" not in html:
            raise RuntimeError("login failed or the desk has no window 1")
        self.token = self.CSRF.search(html).group(1)

    def _open(self, path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers={"Referer": self.base_url + path})
        with self.opener.open(request, timeout=30) as response:
            return response.read().decode("utf-8")

    def call_next(self):
        started = time.monotonic()
        self._open(f"/admin/governance/queue/call/{self.window_id}/", {"csrfmiddlewaretoken": self.token})
        return time.monotonic() - started


# --- the screens -------------------------------------------------------------------------------


class Screen:
    """One lobby screen, following lobby.js: in-order deltas, resync after a gap or a pong ahead."""

    def __init__(self):
        self.ws = None
        self.last_seq = -1
        self.snapshot_seq = None
        self.direct = set()
        self.recovered = set()
        self.latencies = []
        self.gaps = 0
        self.resyncs = 0
        self.duplicates = 0
        self.resync_pending = False
        self.closed_early = None  # the server dropped the connection (not our own close at the end)
        self.closing = False
        self.last_delta = None
        self.pongs = 0
        self.drops = []  # reasons of the server's drops that the screen healed from by reconnecting
        self.reconnects = 0

    async def open(self, url, origin, gate, compression):
        from websockets.asyncio.client import connect

        self.url, self.origin, self.gate, self.compression = url, origin, gate, compression
        async with gate:
            self.ws = await connect(
                url, origin=origin, proxy=None, open_timeout=60, close_timeout=2, ping_interval=None, max_size=None, compression=compression
            )
            first = json.loads(await asyncio.wait_for(self.ws.recv(), 60))
        assert first["type"] == "snapshot", first
        if self.snapshot_seq is None:
            self.snapshot_seq = self.last_seq = first["seq"]
        else:  # a reconnect: the snapshot covers what was missed meanwhile
            self._snapshot(first)

    def _snapshot(self, message):
        if message["seq"] > self.last_seq:
            self.recovered.update(range(self.last_seq + 1, message["seq"] + 1))
            self.last_seq = message["seq"]
        self.resync_pending = False

    async def run(self, reconnect=True):
        """read(); when the server drops the screen, reconnect with backoff as lobby.js does."""
        attempt = 0
        while True:
            await self.read()
            if self.closing or not reconnect or not self.closed_early:
                return
            self.drops.append(self.closed_early)
            self.closed_early = None
            while not self.closing:
                attempt += 1
                await asyncio.sleep(min(2.0, 0.1 * 2**attempt) * (0.5 + 0.5 * (hash(self) % 100) / 100))
                try:
                    await self.open(self.url, self.origin, self.gate, self.compression)
                    self.reconnects += 1
                    attempt = 0
                    break
                except Exception:  # noqa: BLE001 - try again, like lobby.js
                    continue

    async def _resync(self):
        if not self.resync_pending:
            self.resync_pending = True
            self.resyncs += 1
            await self.ws.send('{"type": "resync"}')

    async def read(self):
        try:
            async for raw in self.ws:
                now = time.time()
                message = json.loads(raw)
                kind = message.get("type")
                if kind == "delta":
                    seq = message["seq"]
                    if seq <= self.last_seq:
                        self.duplicates += 1
                    elif seq == self.last_seq + 1 and not self.resync_pending:
                        self.direct.add(seq)
                        self.latencies.append(now - sent_at(message))
                        self.last_seq = seq
                        self.last_delta = message
                    else:
                        self.gaps += 1
                        await self._resync()
                elif kind == "snapshot":
                    self._snapshot(message)
                elif kind == "pong":
                    self.pongs += 1
                    if message["seq"] > self.last_seq:
                        await self._resync()
            if not self.closing:
                self.closed_early = f"closed by the server: {self.ws.close_code} {self.ws.close_reason}"
        except Exception as exc:  # noqa: BLE001 - a dropped connection is a finding, not a crash
            if not self.closing:
                self.closed_early = repr(exc)

    async def ping(self):
        with contextlib.suppress(Exception):
            await self.ws.send('{"type": "ping"}')

    async def close(self):
        self.closing = True
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.ws.close(), 3)


def worker_pids(server):
    """uvicorn's worker processes of a `serve --workers N` (children of the server process)."""
    pids = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if int(fields[1]) == server.process.pid and "spawn_main" in cmdline:  # field 4: the parent pid
            pids.append(int(entry.name))
    return sorted(pids)


async def reconnect_storm(screens):
    """Every screen (its socket just closed) reconnects at once; seconds until all have a snapshot."""
    gate = asyncio.Semaphore(len(screens))
    for screen in screens:
        screen.snapshot_seq = None
    started = time.monotonic()
    results = await asyncio.wait_for(asyncio.gather(*(s.open(s.url, s.origin, gate, s.compression) for s in screens), return_exceptions=True), 120)
    seconds = time.monotonic() - started
    failed = [r for r in results if isinstance(r, BaseException)]
    await asyncio.gather(*(s.close() for s in screens))
    return seconds, len(failed), failed[0] if failed else None


async def lobby_run(server, n, updates, interval, window_id, password, compression="deflate", kill_worker=False, storm=False):
    url = f"ws://127.0.0.1:{server.port}/ws/lobby/{SCREEN}/"
    origin = f"http://127.0.0.1:{server.port}"
    screens = [Screen() for _ in range(n)]
    gate = asyncio.Semaphore(64)
    started = time.monotonic()
    results = await asyncio.wait_for(asyncio.gather(*(s.open(url, origin, gate, compression) for s in screens), return_exceptions=True), 180)
    failed = [r for r in results if isinstance(r, BaseException)]
    connect_s = time.monotonic() - started
    screens = [s for s, r in zip(screens, results) if not isinstance(r, BaseException)]
    if failed:
        say(f"  ! {len(failed)} of {n} screens could not connect: {failed[0]!r}")
    readers = [asyncio.create_task(s.run()) for s in screens]
    start_seq = max(s.snapshot_seq for s in screens)
    if min(s.snapshot_seq for s in screens) != start_seq:
        say("  ! screens started from different seqs (an update ran during the connects)")

    desk = await asyncio.to_thread(Desk, server.base_url, window_id, password)
    request_times = []
    killed = None
    cpu_before = session_cpu_seconds(server.process.pid)
    for index in range(updates):
        if kill_worker and index == updates // 2:
            # A worker restart mid-run: its screens are dropped, reconnect (lobby.js) and resync.
            pids = worker_pids(server)
            if pids:
                killed = pids[0]
                cpu_used = session_cpu_seconds(server.process.pid) - cpu_before  # the killed worker's CPU goes with it
                os.kill(killed, signal.SIGKILL)
                gone = time.monotonic() + 2
                while time.monotonic() < gone and process_state(killed) not in ("Z", None):
                    await asyncio.sleep(0.01)
                cpu_before = session_cpu_seconds(server.process.pid) - cpu_used
        tick = time.monotonic()
        request_times.append(await asyncio.to_thread(desk.call_next))
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))
    end_seq = start_seq + updates

    # Let the last deltas arrive, then the final ping round: a screen behind resyncs.
    settle = time.monotonic() + 10
    while time.monotonic() < settle and any(s.last_seq < end_seq for s in screens):
        await asyncio.sleep(0.05)
    direct_before_ping = sum(len(s.direct) for s in screens)
    server_cpu = session_cpu_seconds(server.process.pid) - cpu_before
    await asyncio.gather(*(s.ping() for s in screens))
    deadline = time.monotonic() + 20

    def settled(screen):
        return screen.closed_early or (screen.pongs and screen.last_seq >= end_seq and not screen.resync_pending)

    while time.monotonic() < deadline and not all(settled(s) for s in screens):
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.5)  # a server that drops screens on the ping does so right after the pong
    dropped = [s.closed_early for s in screens if s.closed_early]
    sample = next((s.last_delta for s in screens if s.last_delta), None)
    await asyncio.gather(*(s.close() for s in screens))
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    storm_result = await reconnect_storm(screens) if storm else None

    expected = set(range(start_seq + 1, end_seq + 1))
    delivered = sum(len((s.direct | s.recovered) & expected) for s in screens)
    latencies = [x for s in screens for x in s.latencies]
    return {
        "n": n,
        "connected": len(screens),
        "connect_s": connect_s,
        "expected": n * updates,
        "delivered": delivered,
        "direct": direct_before_ping,
        "recovered": sum(len(s.recovered & expected) for s in screens),
        "gaps": sum(s.gaps for s in screens),
        "resyncs": sum(s.resyncs for s in screens),
        "duplicates": sum(s.duplicates for s in screens),
        "dropped": len(dropped),
        "drop_reason": dropped[0] if dropped else "",
        "healed": sum(len(s.drops) for s in screens),
        "reconnects": sum(s.reconnects for s in screens),
        "killed_worker": killed,
        "storm": storm_result,
        "sample": sample,
        "latencies": latencies,
        "request_ms": statistics.median(request_times) * 1000 if request_times else float("nan"),
        "server_cpu_s": server_cpu,
    }


# --- the raw Redis pub/sub reference -----------------------------------------------------------


async def redis_run(n, updates, interval, payload):
    import redis.asyncio as aioredis

    channel = f"{REDIS_PREFIX}:pubsub"
    clients, pubsubs = [], []
    for _ in range(n):
        client = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        await pubsub.subscribe(channel)
        clients.append(client)
        pubsubs.append(pubsub)
    publisher = aioredis.Redis.from_url(REDIS_URL, socket_connect_timeout=5)
    deadline = time.monotonic() + 30
    while (await publisher.pubsub_numsub(channel))[0][1] < n and time.monotonic() < deadline:
        await asyncio.sleep(0.05)

    received = [set() for _ in range(n)]
    latencies = []

    async def listen(index, pubsub):
        async for item in pubsub.listen():
            if item["type"] != "message":
                continue
            now = time.time()
            message = json.loads(item["data"])
            received[index].add(message["seq"])
            latencies.append(now - sent_at(message))

    readers = [asyncio.create_task(listen(i, p)) for i, p in enumerate(pubsubs)]
    await asyncio.sleep(0.2)
    for seq in range(1, updates + 1):
        tick = time.monotonic()
        message = dict(payload, seq=seq, sent_at=datetime.now().astimezone().isoformat())
        await publisher.publish(channel, json.dumps(message, ensure_ascii=False))
        await asyncio.sleep(max(0.0, interval - (time.monotonic() - tick)))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(len(r) < updates for r in received):
        await asyncio.sleep(0.05)
    for task in readers:
        task.cancel()
    await asyncio.gather(*readers, return_exceptions=True)
    for pubsub, client in zip(pubsubs, clients):
        with contextlib.suppress(Exception):
            await pubsub.aclose()
            await client.aclose()
    await publisher.aclose()
    return {"n": n, "expected": n * updates, "delivered": sum(len(r) for r in received), "latencies": latencies}


def sample_delta(port):
    """A delta-shaped message from a snapshot, if no screen kept a real delta."""

    async def fetch():
        from websockets.asyncio.client import connect

        url = f"ws://127.0.0.1:{port}/ws/lobby/{SCREEN}/"
        async with connect(url, origin=f"http://127.0.0.1:{port}", proxy=None, open_timeout=30) as ws:
            snapshot = json.loads(await asyncio.wait_for(ws.recv(), 30))
            return {
                "type": "delta",
                "seq": snapshot["seq"],
                "reason": "queue",
                "data": {"queue": snapshot["data"]["queue"]},
                "sent_at": snapshot["sent_at"],
            }

    return asyncio.run(fetch())


# --- reporting ---------------------------------------------------------------------------------


def describe(label, run):
    lat = [x * 1000 for x in run["latencies"]]
    ratio = run["delivered"] / run["expected"] if run["expected"] else float("nan")
    line = (
        f"{label:<28} delivered {run['delivered']}/{run['expected']} = {ratio:.4f}"
        f"  p50 {percentile(lat, 0.5):7.1f} ms  p95 {percentile(lat, 0.95):7.1f} ms  max {max(lat) if lat else float('nan'):7.1f} ms"
    )
    say(line)
    if "connect_s" in run:
        say(
            f"{'':<28} connect+snapshot of {run['connected']} screens {run['connect_s']:.1f} s; in order {run['direct']},"
            f" after resync {run['recovered']}; gaps {run['gaps']}, resyncs {run['resyncs']}, duplicates {run['duplicates']},"
            f" dropped by the server {run['dropped']}; desk POST median {run['request_ms']:.0f} ms"
        )
        per_message = run["server_cpu_s"] / run["direct"] * 1e6 if run["direct"] else float("nan")
        say(f"{'':<28} server CPU during the updates {run['server_cpu_s']:.2f} s = {per_message:.0f} µs per delivered message")
        if run["dropped"]:
            say(f"{'':<28} ! first drop: {run['drop_reason']}")
        if run["killed_worker"] or run["healed"]:
            say(
                f"{'':<28} worker {run['killed_worker']} killed mid-run: {run['healed']} drops healed by"
                f" {run['reconnects']} reconnects (snapshot on reconnect)"
            )
        if run["storm"]:
            seconds, failed, first = run["storm"]
            say(
                f"{'':<28} reconnect storm: {run['connected']} screens at once, all with a snapshot in {seconds:.2f} s; failed {failed} {first or ''}"
            )
    return ratio, percentile(lat, 0.95)  # p95 in ms


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--screens", default="500")
    parser.add_argument("--updates", type=int, default=20)
    parser.add_argument("--interval", type=float, default=0.25)
    parser.add_argument("--layers", default="core,pubsub", help="channels-redis layers to compare (ZONGZHI_CHANNEL_LAYER)")
    parser.add_argument("--no-workers", action="store_true", help="skip the runs with serve --workers 2")
    parser.add_argument("--no-kill", action="store_true", help="no worker killed in the 2-worker runs")
    parser.add_argument("--budget", type=float, default=330, help="hard limit for the whole run, in seconds")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--workdir", help="use (and keep) this folder; an existing SQLite database there is reused")
    parser.add_argument("--no-compression", action="store_true", help="screens do not offer permessage-deflate")
    args = parser.parse_args()
    sizes = [int(x) for x in args.screens.split(",") if x.strip()]
    layers = [x.strip() for x in args.layers.split(",") if x.strip()]

    import redis

    probe = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        probe.ping()
    except redis.RedisError as exc:
        say(f"Redis is not reachable at {REDIS_URL}: {exc}")
        sys.exit(2)
    limit = raise_open_file_limit(max(4096, 4 * max(sizes) + 512))
    if args.workdir:
        workdir = Path(args.workdir).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
        args.keep = True
    else:
        workdir = Path(tempfile.mkdtemp(prefix="zongzhi-fanout-"))
    compression = None if args.no_compression else "deflate"
    database = None
    servers = []

    def cleanup():
        for server in servers:
            server.stop()
        servers.clear()
        with contextlib.suppress(Exception):
            keys = list(probe.scan_iter(match=f"{REDIS_PREFIX}*", count=1000))
            if keys:
                probe.delete(*keys)
        if database is not None:
            with contextlib.suppress(Exception):
                database.drop()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)

    def watchdog():
        say(f"! budget of {args.budget:.0f} s exceeded: stopping")
        cleanup()
        say("RESULT delivery=nan p95_ms=nan p95_vs_redis_pubsub=nan reconnect_storm_s=nan")
        os._exit(3)

    timer = threading.Timer(args.budget, watchdog)
    timer.daemon = True
    timer.start()
    try:
        database = Database(workdir)
        env = {**base_env(), "DATABASE_URL": database.url, "DJANGO_MEDIA_ROOT": str(workdir / "media")}
        password = json.loads((ROOT / "fixtures" / "demo_county.json").read_text(encoding="utf-8"))["demo_password"]
        say(f"lobby fan-out benchmark: {database.kind}, Redis {REDIS_URL}, prefix {REDIS_PREFIX}, open files {limit}, {os.cpu_count()} CPUs")
        if database.pg or not (workdir / "bench.sqlite3").exists():
            manage("migrate", "--noinput", "-v", "0", env=env)
            manage("load_demo", "--quiet-logins", env=env)
        if args.no_workers:
            configs = [(n, 1) for n in sizes]
        else:
            configs = [(n, 1) for n in sizes[:-1]] + [(sizes[-1], 2)]
        runs = [(layer, n, workers) for layer in layers for n, workers in configs]
        tickets = args.updates * len(runs) + 5
        out = manage(
            "shell",
            "-c",
            "from governance.models import LobbyScreen, QueueService, ReceptionWindow\n"
            "from governance.services.queue import queue_issue_ticket\n"
            f"s = LobbyScreen.objects.get(slug={SCREEN!r})\n"
            "svc = QueueService.objects.get(center=s.center, prefix='A')\n"
            f"[queue_issue_ticket(service_id=svc.pk) for _ in range({tickets})]\n"
            "print('WINDOW', ReceptionWindow.objects.get(center=s.center, number=1).pk)\n",
            env=env,
        )
        window_id = int(re.search(r"WINDOW (\d+)", out).group(1))
        say(
            f"setup (migrate, demo data, {tickets} tickets) {elapsed():.0f} s; {args.updates} calls per run, one every"
            f" {args.interval} s; permessage-deflate {'off' if compression is None else 'offered'}; load average"
            f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
        )
        say()

        lobby, reference, payload, storms = {}, {}, None, {}
        for layer, n, workers in runs:
            server_env = {**env, "REDIS_URL": REDIS_URL, "REDIS_PREFIX": f"{REDIS_PREFIX}-{layer}", "ZONGZHI_CHANNEL_LAYER": layer}
            server = Server(server_env, workdir / f"serve-{layer}-{n}-{workers}.log", workers=workers)
            servers.append(server)
            kill = workers > 1 and not args.no_kill
            storm = n == max(sizes) and workers == configs[-1][1]
            load = os.getloadavg()[0]
            run = asyncio.run(lobby_run(server, n, args.updates, args.interval, window_id, password, compression, kill_worker=kill, storm=storm))
            if payload is None:
                payload = run["sample"] or sample_delta(server.port)
            server.stop()
            servers.remove(server)
            label = f"{layer} N={n} processes={workers}"
            lobby[(layer, n, workers)] = describe(label, run)
            if run["storm"]:
                storms[layer] = run["storm"][0] if not run["storm"][1] else float("nan")
            say(f"{'':<28} load average at the start of the run {load:.1f}")
            if n not in reference:
                ref = asyncio.run(redis_run(n, args.updates, args.interval, payload))
                reference[n] = describe(f"redis pub/sub N={n}", ref)
                say(f"{'':<28} load average {os.getloadavg()[0]:.1f}")
            say()

        largest = max(n for _layer, n, _w in lobby)
        summary = {}
        for layer in layers:
            mine = {key: value for key, value in lobby.items() if key[0] == layer}
            if not mine:
                continue
            delivery = min(ratio for ratio, _p95 in mine.values())
            p95 = max(p for (_l, n, _w), (_r, p) in mine.items() if n == largest)
            summary[layer] = (delivery, p95, p95 / reference[largest][1], storms.get(layer, float("nan")))
            say(
                f"LAYER {layer} delivery={delivery:.4f} p95_ms={p95:.1f} p95_vs_redis_pubsub={summary[layer][2]:.2f}"
                f" reconnect_storm_s={summary[layer][3]:.2f}"
            )
        # The layer kept: the lowest p95 among those that delivered everything (else the best delivery).
        whole = [layer for layer, values in summary.items() if values[0] >= 1.0]
        kept = min(whole, key=lambda layer: summary[layer][1]) if whole else max(summary, key=lambda layer: summary[layer][0])
        delivery, p95, ratio, storm_s = summary[kept]
        say(
            f"payload {len(json.dumps(payload, ensure_ascii=False).encode())} bytes per delta; total {elapsed():.0f} s; load average"
            f" {' '.join(f'{x:.1f}' for x in os.getloadavg())}; kept: {kept}"
        )
        say(f"RESULT delivery={delivery:.4f} p95_ms={p95:.1f} p95_vs_redis_pubsub={ratio:.2f} reconnect_storm_s={storm_s:.2f}")
    finally:
        timer.cancel()
        cleanup()


if __name__ == "__main__":
    main()
