"""Faults on the scaled stack (deploy/stack.py): Redis stops, a worker dies mid-request, PostgreSQL
restarts. The stack has its own redis-server and its own PostgreSQL cluster, so stopping them
touches nothing else on the machine. Every wait is bounded; the stack is always stopped."""

import os
import re
import signal
import threading
import time
from pathlib import Path

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus

from deploy.servers import _connect_admin, http_ok, terminate_backends, wait_until
from tests.hardening.web import Browser, online_request_data, screen_connect

CENTER = "shifan"
SCREEN = "shifan-hall"
DIRECTOR = "shifan_director"


def _db(stack):
    return _connect_admin(stack.admin_url, dbname=stack.database_name)


def _count_cases(stack, summary):
    with _db(stack) as conn:
        return conn.execute("SELECT count(*) FROM governance_case WHERE summary = %s", (summary,)).fetchone()[0]


def _send_online_request(browser, summary, timeout=15):
    form = browser.get(f"/{CENTER}/online/")
    assert form.status == 200, form.text[:300]
    return browser.post(f"/{CENTER}/online/", online_request_data(form.text, summary=summary), timeout=timeout)


def _screen_closes(connection, seconds):
    """Whether the server closes the screen's socket within `seconds` (lobby.js then shows its
    'reconnecting' badge and retries with backoff)."""
    deadline = time.monotonic() + seconds
    try:
        connection.send('{"type": "ping"}')  # what lobby.js sends every 30 s
        while time.monotonic() < deadline:
            connection.recv(timeout=max(0.1, deadline - time.monotonic()))
    except ConnectionClosed:
        return True
    except TimeoutError:
        return False
    return False


def _screen_refused(base_url):
    try:
        connection, _snapshot = screen_connect(base_url, SCREEN, timeout=5)
    except (InvalidHandshake, InvalidStatus, ConnectionClosed, TimeoutError, OSError):
        return True
    connection.close()
    return False


def test_redis_outage_keeps_site_and_admin_up_and_screens_resync_when_it_returns(stack, demo_password):
    public, director = Browser(stack.base_url), Browser(stack.base_url)
    director.log_in(DIRECTOR, demo_password)
    screen, before = screen_connect(stack.base_url, SCREEN)
    assert before["type"] == "snapshot"
    registered_before = before["data"]["figures"]["registered_today"]

    stack.redis.stop()
    try:
        # The open screen is dropped (not left deaf), and new screens are refused, until Redis is back.
        assert _screen_closes(screen, 20), "the screen's socket stayed open without the channel layer"
        assert _screen_refused(stack.base_url)

        # The public site renders (page cache off while degraded) and takes an online request.
        for path in (f"/{CENTER}/", f"/{CENTER}/results/", f"/{CENTER}/online/", f"/{CENTER}/progress/"):
            reply = public.get(path)
            assert reply.status == 200, (path, reply.status, reply.text[:300])
        summary = f"Redis 停止期间提交的网上反映 {time.time_ns()}"
        sent = _send_online_request(public, summary)
        assert sent.status == 302 and sent.header("location").endswith("/done/"), (sent.status, sent.text[:500])
        assert _count_cases(stack, summary) == 1

        # The admin works: dashboard, case list, the case just registered.
        for path in ("/admin/", "/admin/governance/case/"):
            reply = director.get(path)
            assert reply.status == 200, (path, reply.status, reply.text[:300])
    finally:
        stack.redis.start()

    # Screens reconnect (lobby.js retries with backoff) and get a full snapshot with the change.
    deadline = time.monotonic() + 30
    while True:
        try:
            screen, after = screen_connect(stack.base_url, SCREEN, timeout=5)
            break
        except (InvalidHandshake, InvalidStatus, ConnectionClosed, TimeoutError, OSError):
            assert time.monotonic() < deadline, "screens could not reconnect after Redis returned"
            time.sleep(0.5)
    try:
        assert after["type"] == "snapshot"
        assert after["seq"] > before["seq"]
        assert after["data"]["figures"]["registered_today"] == registered_before + 1
        # Live again: a change now reaches the connected screen as a delta.
        sent = _send_online_request(Browser(stack.base_url), f"Redis 恢复后提交的网上反映 {time.time_ns()}")
        assert sent.status == 302
        delta = _next_message(screen, "delta", 15)
        assert delta["seq"] == after["seq"] + 1
    finally:
        screen.close()
    # The page cache is back too.
    wait_until(lambda: Browser(stack.base_url).get(f"/{CENTER}/duties/").header("x-zongzhi-cache") == "hit", 20, "page cache hits")


def _next_message(connection, kind, seconds):
    deadline = time.monotonic() + seconds
    while True:
        import json

        message = json.loads(connection.recv(timeout=max(0.1, deadline - time.monotonic())))
        if message.get("type") == kind:
            return message


# --- a worker killed mid-request ----------------------------------------------------------------


def _worker_index_of_backend(stack, backend_port):
    """Which worker process owns the local TCP connection from `backend_port` (via /proc)."""
    inodes = set()
    for name in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(name):
            continue
        for line in Path(name).read_text().splitlines()[1:]:
            fields = line.split()
            if int(fields[1].rsplit(":", 1)[1], 16) == backend_port:
                inodes.add(fields[9])
    for index, worker in enumerate(stack.workers):
        fd_dir = Path(f"/proc/{worker.pid}/fd")
        for fd in fd_dir.iterdir():
            try:
                target = os.readlink(fd)
            except OSError:
                continue
            if target.startswith("socket:[") and target[8:-1] in inodes:
                return index
    return None


def test_worker_killed_mid_request_leaves_no_half_written_case_and_the_retry_succeeds(stack):
    summary = f"工作进程中途被杀时提交的网上反映 {time.time_ns()}"
    visitor = Browser(stack.base_url)
    form = visitor.get(f"/{CENTER}/online/")
    data = online_request_data(form.text, summary=summary)
    result = {}

    # Hold the parties table: the registration inserts its case row, then waits for this lock
    # inside its transaction. That is where its worker gets killed.
    locker = _db(stack)
    locker.autocommit = False
    locker.execute("LOCK TABLE governance_party IN EXCLUSIVE MODE")
    try:
        thread = threading.Thread(target=lambda: result.setdefault("reply", visitor.post(f"/{CENTER}/online/", data, timeout=60)))
        thread.start()
        blocked = {}

        def registration_waits():
            with _db(stack) as conn:
                row = conn.execute(
                    "SELECT client_port FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock' AND query ILIKE %s",
                    (stack.database_name, "%governance_party%"),
                ).fetchone()
            if row:
                blocked["port"] = row[0]
            return bool(row)

        wait_until(registration_waits, 20, "the registration to wait for the parties lock")
        index = _worker_index_of_backend(stack, blocked["port"])
        assert index is not None, "could not tell which worker runs the registration"
        pid = stack.workers[index].pid
        stack.kill_worker(index, signal.SIGKILL)
        thread.join(30)
        assert not thread.is_alive()
    finally:
        locker.rollback()
        locker.close()

    # The client got an error it can retry (nginx: 502; no proxy: the connection dropped).
    reply = result.get("reply")
    if stack.nginx is not None:
        assert reply is not None and reply.status == 502, reply and (reply.status, reply.text[:300])
    # Nothing half-written: the killed worker's transaction was rolled back by PostgreSQL.
    wait_until(lambda: _count_cases(stack, summary) == 0, 10, "no trace of the killed registration")
    with _db(stack) as conn:
        orphans = conn.execute(
            "SELECT count(*) FROM governance_case c WHERE NOT EXISTS (SELECT 1 FROM governance_party p WHERE p.case_id = c.id)"
        ).fetchone()[0]
    assert orphans == 0

    # Retrying the same form succeeds on the surviving worker, once (the form token prevents a
    # double registration; while the killed attempt's 10-second marker lasts, the form says "wait").
    deadline = time.monotonic() + 40
    while True:
        retry = visitor.post(f"/{CENTER}/online/", data)
        if retry.status == 302:
            break
        assert retry.status in (400, 502, 503) and time.monotonic() < deadline, (retry.status, retry.text[:300])
        time.sleep(2)
    assert retry.header("location").endswith("/done/")
    assert _count_cases(stack, summary) == 1

    stack.start_worker(index)  # what systemd's Restart=always does
    assert stack.workers[index].pid != pid


# --- PostgreSQL restarts ---------------------------------------------------------------------------


def test_postgres_restart_app_reconnects_without_restarting_workers(stack, demo_password):
    director = Browser(stack.base_url)
    director.log_in(DIRECTOR, demo_password)
    pids = [worker.pid for worker in stack.workers]
    assert Browser(stack.base_url).get(f"/{CENTER}/contacts/").status == 200  # cached from here on

    # 1. Every connection of the app is cut (what a restart does to them).
    assert terminate_backends(stack.admin_url, stack.database_name) >= 1
    for path in (f"/{CENTER}/?after=terminate", "/admin/", "/admin/governance/case/"):
        reply = director.get(path)
        assert reply.status == 200, (path, reply.status, reply.text[:300])

    # 2. The cluster itself stops and starts again (pg_ctl restart of the stack's own cluster).
    stack.cluster.stop(mode="fast")
    try:
        cached = Browser(stack.base_url).get(f"/{CENTER}/contacts/")
        assert cached.status == 200 and cached.header("x-zongzhi-cache") == "hit"  # the cache still serves
        down = Browser(stack.base_url).get(f"/{CENTER}/?while=down")
        assert down.status >= 500  # an error page, not a hang
    finally:
        stack.cluster.start()
    wait_until(lambda: http_ok(f"{stack.base_url}/{CENTER}/?after=restart"), 30, "the site after PostgreSQL restarted")
    for path in ("/admin/", "/admin/governance/case/"):
        reply = director.get(path)
        assert reply.status == 200, (path, reply.status, reply.text[:300])
    screen, snapshot = screen_connect(stack.base_url, SCREEN)
    screen.close()
    assert snapshot["type"] == "snapshot"
    assert [worker.pid for worker in stack.workers] == pids
    assert all(worker.alive() for worker in stack.workers)


# --- static files ------------------------------------------------------------------------------------


def test_collected_static_files_are_served_with_caching_headers(stack):
    manifest = Path(stack.env["DJANGO_STATIC_ROOT"]) / "staticfiles.json"
    import json

    hashed = json.loads(manifest.read_text())["paths"]["css/portal.css"]
    home = Browser(stack.base_url).get(f"/{CENTER}/")
    assert f"/static/{hashed}" in home.text
    reply = Browser(stack.base_url).get(f"/static/{hashed}")
    assert reply.status == 200
    assert re.search(r"max-age=31536000", reply.header("cache-control") or ""), reply.headers
    if stack.nginx is not None:
        assert "immutable" in reply.header("cache-control")
