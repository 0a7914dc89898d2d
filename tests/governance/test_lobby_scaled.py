"""The lobby over real servers: a change made through one process reaches screens on another.

Each test runs `manage.py serve` in subprocesses (the portal exactly as deployed) on its own copy
of the session's database migrated and loaded with the demo data (`demo_instance`, tests/conftest.py):

- PostgreSQL when DATABASE_URL points at PostgreSQL (a dedicated database zongzhi_demo_<pid>_…,
  created from a migrated template and dropped afterwards), else throwaway SQLite files;
- Redis (a unique REDIS_PREFIX per run, its keys deleted afterwards) for the two-process test and
  the idle-screen test; the in-memory layer for the one-process test.

A screen's WebSocket client connects to worker B; the reception desk is driven over worker A's HTTP
(login form, CSRF token, cookie jar). Every wait is bounded and every server is always stopped.
"""

import asyncio
import contextlib
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCREEN = "shifan-hall"
USERNAME = "shifan_director"
DELIVERY_SECONDS = 2.0
START_SECONDS = 60
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"


def _demo_password():
    return json.loads((ROOT / "fixtures" / "demo_county.json").read_text(encoding="utf-8"))["demo_password"]


def _free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _base_env():
    """The caller's environment minus anything that would point the servers elsewhere."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_")) and key != "DATABASE_URL"}
    env.update(DJANGO_SETTINGS_MODULE="zongzhi.settings.dev", PYTHONUNBUFFERED="1")
    return env


def _manage(*args, env, timeout=600):
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"manage.py {' '.join(args)} 失败：\n{result.stdout}\n{result.stderr}"
    return result


# --- databases ---------------------------------------------------------------------------------


class DemoDatabase:
    def __init__(self, clone, service_id, window_id):
        self.clone = clone  # () → DATABASE_URL of a fresh copy
        self.service_id = service_id  # queue service "A" of the screen's center
        self.window_id = window_id  # its window 1


@pytest.fixture(scope="module")
def demo_database(demo_instance):
    """The session's migrated demo database (tests/conftest.py); .clone() gives each test its own copy."""
    return DemoDatabase(demo_instance.clone, *_demo_ids(demo_instance.clone()))


# --- servers -----------------------------------------------------------------------------------


def _answers(url):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


class Server:
    def __init__(self, env, port, log_path, workers=1):
        self.port = port
        self.base_url = f"http://127.0.0.1:{port}"
        self.log_path = log_path
        self._log = open(log_path, "w", encoding="utf-8")
        args = [sys.executable, str(ROOT / "manage.py"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        if workers != 1:
            args += ["--workers", str(workers)]
        self.process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=self._log, stderr=subprocess.STDOUT, start_new_session=True)

    def log(self):
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_ready(self):
        deadline = time.monotonic() + START_SECONDS
        while not _answers(f"{self.base_url}/admin/login/"):
            if self.process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"服务未能启动（{self.base_url}）：\n{self.log()}", pytrace=False)
            time.sleep(0.2)

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                # uvicorn --workers N runs children in the same session: kill the whole group.
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.process.pid, 9)
                self.process.wait(timeout=10)
        self._log.close()


@pytest.fixture
def start_server(tmp_path):
    """start_server(env) → a ready Server; every server started is stopped at teardown."""
    servers = []

    def start(env, workers=1):
        server = Server(env, _free_port(), tmp_path / f"serve-{len(servers) + 1}.log", workers=workers)
        servers.append(server)
        server.wait_ready()
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def redis_prefix(requires_redis):
    """A unique channel-layer and cache prefix; its keys are deleted afterwards."""
    import redis

    prefix = f"zongzhi-test-{RUN_ID}-{uuid.uuid4().hex[:6]}"
    yield prefix
    client = redis.Redis.from_url(requires_redis, socket_connect_timeout=2, socket_timeout=2)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=500))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# --- the reception desk over HTTP --------------------------------------------------------------


class Desk:
    """A logged-in director at the reception desk of one server, with urllib and a cookie jar."""

    CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')

    def __init__(self, base_url):
        self.base_url = base_url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), urllib.request.ProxyHandler({}))

    def get(self, path):
        with self.opener.open(self.base_url + path, timeout=10) as response:
            return response.geturl(), response.read().decode("utf-8")

    def post(self, path, data, referer_path):
        request = urllib.request.Request(
            self.base_url + path,
            data=urllib.parse.urlencode(data).encode(),
            headers={"Referer": self.base_url + referer_path},
        )
        with self.opener.open(request, timeout=10) as response:
            return response.geturl(), response.read().decode("utf-8")

    def log_in(self, username, password):
        _url, html = self.get("/admin/login/")
        url, _html = self.post(
            "/admin/login/",
            {"csrfmiddlewaretoken": self.CSRF.search(html).group(1), "username": username, "password": password, "next": "/admin/"},
            "/admin/login/",
        )
        assert urllib.parse.urlsplit(url).path == "/admin/", f"登录失败，停在 {url}"

    def open_desk(self):
        _url, html = self.get("/admin/governance/queue/")
        self.token = self.CSRF.search(html).group(1)
        actions = re.findall(r'action="(/admin/governance/queue/(?:issue|call)/\d+/)"', html)
        assert actions, "前台叫号页没有取号或叫号按钮"
        return html, actions

    def submit(self, action):
        return self.post(action, {"csrfmiddlewaretoken": self.token}, "/admin/governance/queue/")


def _desk_actions(desk, demo_service_id, demo_window_id):
    html, actions = desk.open_desk()
    issue = f"/admin/governance/queue/issue/{demo_service_id}/"
    call = f"/admin/governance/queue/call/{demo_window_id}/"
    assert issue in actions and call in actions, f"前台页面缺少 {issue} 或 {call}：{actions}"
    return issue, call


def _demo_ids(database_url):
    """The pk of service A and window 1 of the screen's center, read from the database copy."""
    env = {**_base_env(), "DATABASE_URL": database_url}
    code = (
        "from governance.models import LobbyScreen, QueueService, ReceptionWindow\n"
        f"s = LobbyScreen.objects.get(slug={SCREEN!r})\n"
        "print(QueueService.objects.get(center=s.center, prefix='A').pk, ReceptionWindow.objects.get(center=s.center, number=1).pk)\n"
    )
    out = _manage("shell", "-c", code, env=env, timeout=120).stdout.split()
    return int(out[-2]), int(out[-1])


# --- the screen's client -----------------------------------------------------------------------


async def _receive(ws, timeout):
    return json.loads(await asyncio.wait_for(ws.recv(), timeout))


async def _receive_type(ws, kind, timeout):
    """The next message of `kind`, passing over the live updates that may come first (the server's
    periodic jobs, running in `manage.py serve`, can change what the screens show at any time)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        message = await _receive(ws, max(0.01, deadline - asyncio.get_running_loop().time()))
        if message["type"] == kind:
            return message
        assert message["type"] == "delta", message


async def _screen_follows_desk(screen_server, desk_server, password, service_id, window_id):
    """Connect a screen to screen_server, drive desk_server's desk, return what the screen saw."""
    from websockets.asyncio.client import connect

    desk = Desk(desk_server.base_url)
    await asyncio.to_thread(desk.log_in, USERNAME, password)
    issue, call = await asyncio.to_thread(_desk_actions, desk, service_id, window_id)

    url = f"ws://127.0.0.1:{screen_server.port}/ws/lobby/{SCREEN}/"
    async with connect(url, origin=f"http://127.0.0.1:{screen_server.port}", proxy=None, open_timeout=10, close_timeout=2) as ws:
        snapshot = await _receive(ws, 10)
        assert snapshot["type"] == "snapshot", snapshot
        seen = []
        for action in (issue, call):
            started = time.monotonic()
            await asyncio.to_thread(desk.submit, action)
            remaining = DELIVERY_SECONDS - (time.monotonic() - started)
            try:
                message = await _receive(ws, max(remaining, 0.01))
            except TimeoutError:
                pytest.fail(
                    f"{DELIVERY_SECONDS} 秒内屏幕未收到 {action} 的更新；已收到：{seen}\n"
                    f"--- 服务 A 日志 ---\n{desk_server.log()}\n--- 服务 B 日志 ---\n{screen_server.log()}",
                    pytrace=False,
                )
            seen.append((action, time.monotonic() - started, message))
        return snapshot, seen


def _assert_ticket_then_call(snapshot, seen):
    (_a1, t1, issued), (_a2, t2, called) = seen
    for message in (issued, called):
        assert message["type"] == "delta", message
        assert message["reason"] == "queue"
        assert set(message["data"]) == {"queue"}
        assert message.get("sent_at"), "delta 缺少 sent_at"
    assert issued["seq"] == snapshot["seq"] + 1, (snapshot["seq"], issued["seq"])
    assert called["seq"] == issued["seq"] + 1, (issued["seq"], called["seq"])
    assert sum(issued["data"]["queue"]["waiting"].values()) == 1
    first = called["data"]["queue"]["calls"][0]
    assert (first["ticket"], first["window"]) == ("A001", 1)
    assert called["data"]["queue"]["waiting"] == {}
    assert max(t1, t2) < DELIVERY_SECONDS


# --- tests -------------------------------------------------------------------------------------


@pytest.mark.redis
def test_a_call_made_on_worker_a_reaches_a_screen_on_worker_b(demo_database, start_server, redis_prefix, requires_redis):
    database_url = demo_database.clone()
    service_id, window_id = demo_database.service_id, demo_database.window_id
    env = {
        **_base_env(),
        "DATABASE_URL": database_url,
        "REDIS_URL": requires_redis,
        "REDIS_PREFIX": redis_prefix,
    }
    server_a = start_server(env)
    server_b = start_server(env)
    assert server_a.port != server_b.port and server_a.process.pid != server_b.process.pid

    snapshot, seen = asyncio.run(_screen_follows_desk(server_b, server_a, _demo_password(), service_id, window_id))
    _assert_ticket_then_call(snapshot, seen)


IDLE_SECONDS = 12  # more than twice channels-redis's 5-second BZPOPMIN in its receive loop


@pytest.mark.redis
def test_idle_screens_stay_connected_on_a_redis_backed_server(demo_database, start_server, redis_prefix, requires_redis):
    """Lobby screens sit idle for hours between updates: the server must not drop them."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    env = {**_base_env(), "DATABASE_URL": demo_database.clone(), "REDIS_URL": requires_redis, "REDIS_PREFIX": redis_prefix}
    server = start_server(env)
    url = f"ws://127.0.0.1:{server.port}/ws/lobby/{SCREEN}/"

    async def scenario():
        screens = []
        for _ in range(3):
            ws = await connect(url, origin=f"http://127.0.0.1:{server.port}", proxy=None, open_timeout=10, close_timeout=2)
            assert (await _receive(ws, 10))["type"] == "snapshot"
            screens.append(ws)
        await asyncio.sleep(IDLE_SECONDS)
        dropped = []
        for index, ws in enumerate(screens):
            try:
                await ws.send(json.dumps({"type": "ping"}))
                assert (await _receive_type(ws, "pong", 5))["type"] == "pong"
            except (ConnectionClosed, TimeoutError) as exc:
                dropped.append(f"screen {index + 1}: {exc!r}")
            finally:
                await ws.close()
        return dropped

    dropped = asyncio.run(scenario())
    assert not dropped, f"空闲 {IDLE_SECONDS} 秒后，服务端断开了 {len(dropped)}/3 块大屏：{dropped}\n--- 服务日志（末尾）---\n{server.log()[-3000:]}"


def test_in_memory_layer_delivers_within_one_process(demo_database, start_server):
    database_url = demo_database.clone()
    service_id, window_id = demo_database.service_id, demo_database.window_id
    env = {**_base_env(), "DATABASE_URL": database_url}  # no REDIS_URL: the embedded default
    server = start_server(env)

    snapshot, seen = asyncio.run(_screen_follows_desk(server, server, _demo_password(), service_id, window_id))
    _assert_ticket_then_call(snapshot, seen)


def test_several_workers_without_redis_are_refused(tmp_path):
    env = {**_base_env(), "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "serve", "--port", str(_free_port()), "--workers", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2, result.stdout + result.stderr
    assert "REDIS_URL" in result.stderr
