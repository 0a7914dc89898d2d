"""The processes the scaled stack (deploy/stack.py) runs and the servers it may start itself: helpers
to wait for ports and URLs, a supervised child process, a throwaway redis-server and PostgreSQL
cluster, and the PostgreSQL administration the stack and its tests need."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class StackError(RuntimeError):
    pass


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_open(port, host="127.0.0.1"):
    with contextlib.suppress(OSError), socket.create_connection((host, port), timeout=0.5):
        return True
    return False


def http_ok(url, timeout=2.0):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        with opener.open(url, timeout=timeout) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_until(check, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise StackError(f"timed out after {seconds:.0f}s waiting for {what}")


def postgres_bin(name):
    """A PostgreSQL server binary (initdb, pg_ctl): on PATH or in Debian's versioned folder."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]) if p.split("/")[4].isdigit() else 0)
    return candidates[-1] if candidates else None


def missing_binaries(*, own_postgres=True, own_redis=True):
    """What this machine lacks for an own-services stack (empty when everything is there)."""
    missing = []
    if own_postgres and not (postgres_bin("initdb") and postgres_bin("pg_ctl")):
        missing.append("PostgreSQL server binaries (initdb, pg_ctl)")
    if own_redis and not shutil.which("redis-server"):
        missing.append("redis-server")
    return missing


class Process:
    """A child process in its own session, logging to a file, always stoppable."""

    def __init__(self, name, args, *, env=None, log_path, cwd=ROOT):
        self.name, self.args, self.env, self.cwd, self.log_path = name, args, env, cwd, Path(log_path)
        self.popen = None

    def start(self):
        self.log = open(self.log_path, "a", encoding="utf-8")
        self.popen = subprocess.Popen(
            self.args, cwd=self.cwd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
        return self

    @property
    def pid(self):
        return self.popen.pid if self.popen else None

    def alive(self):
        return self.popen is not None and self.popen.poll() is None

    def kill(self, sig=signal.SIGKILL):
        if self.alive():
            os.kill(self.popen.pid, sig)

    def stop(self, timeout=10):
        if self.popen is None:
            return
        if self.popen.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=timeout)
        self.log.close()

    def tail(self, lines=40):
        with contextlib.suppress(OSError):
            return "\n".join(self.log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        return ""


# --- services ------------------------------------------------------------------------------------


class RedisServer:
    """An own redis-server (never the shared one), so that tests may stop and start it."""

    def __init__(self, workdir, port=None):
        self.workdir = Path(workdir)
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self, timeout=15):
        self.workdir.mkdir(parents=True, exist_ok=True)
        args = [
            "redis-server",
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--daemonize",
            "no",
            "--dir",
            str(self.workdir),
        ]
        self.process = Process("redis", args, log_path=self.workdir / "redis.log").start()
        wait_until(lambda: port_open(self.port) or not self.process.alive(), timeout, f"redis-server on port {self.port}")
        if not self.process.alive():
            raise StackError(f"redis-server did not start:\n{self.process.tail()}")
        return self

    def stop(self):
        if self.process:
            self.process.stop()
            wait_until(lambda: not port_open(self.port), 10, "redis-server to stop")


class PostgresCluster:
    """A throwaway PostgreSQL cluster of our own (initdb) on a free port; durability off."""

    def __init__(self, workdir, port=None):
        self.workdir = Path(workdir)
        self.data = self.workdir / "data"
        self.port = port or free_port()
        self.initdb, self.pg_ctl = postgres_bin("initdb"), postgres_bin("pg_ctl")

    @property
    def admin_url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    def _as_owner(self, args):
        # PostgreSQL refuses to run as root: run it as the `postgres` user then.
        if os.geteuid() == 0:
            return ["runuser", "-u", "postgres", "--", *args]
        return args

    def init(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.workdir, "postgres")
        result = subprocess.run(
            self._as_owner([self.initdb, "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale"]),
            capture_output=True,
            text=True,
            timeout=120,
        )
        if result.returncode:
            raise StackError(f"initdb failed:\n{result.stdout}\n{result.stderr}")
        return self

    def start(self, timeout=60):
        options = (
            f"-p {self.port} -k {self.workdir} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        result = subprocess.run(
            self._as_owner(
                [self.pg_ctl, "-D", str(self.data), "-o", options, "-l", str(self.workdir / "postgres.log"), "-w", "-t", str(timeout), "start"]
            ),
            capture_output=True,
            text=True,
            timeout=timeout + 10,
        )
        if result.returncode:
            raise StackError(f"pg_ctl start failed:\n{result.stdout}\n{result.stderr}")
        return self

    def stop(self, mode="fast", timeout=60):
        if not (self.data / "postmaster.pid").exists():
            return
        subprocess.run(
            self._as_owner([self.pg_ctl, "-D", str(self.data), "-m", mode, "-w", "-t", str(timeout), "stop"]),
            capture_output=True,
            text=True,
            timeout=timeout + 10,
        )

    def restart(self):
        self.stop()
        self.start()

    def destroy(self):
        with contextlib.suppress(Exception):
            self.stop(mode="immediate")
        shutil.rmtree(self.workdir, ignore_errors=True)


def _connect_admin(admin_url, dbname="postgres"):
    import psycopg

    parts = urllib.parse.urlsplit(admin_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=urllib.parse.unquote(parts.username or "") or None,
        password=urllib.parse.unquote(parts.password or "") or None,
        dbname=dbname,
        autocommit=True,
        connect_timeout=5,
    )


def database_url(admin_url, name):
    parts = urllib.parse.urlsplit(admin_url)
    return urllib.parse.urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))


def create_database(admin_url, name, *, replace=True):
    with _connect_admin(admin_url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists and replace:
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return database_url(admin_url, name)


def drop_database(admin_url, name):
    with _connect_admin(admin_url) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def terminate_backends(admin_url, name):
    """Cut every connection to database `name` (what a PostgreSQL restart does to the app)."""
    with _connect_admin(admin_url) as conn:
        rows = conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", (name,)
        ).fetchall()
    return len(rows)
