"""The scaled stack on one machine: PostgreSQL, Redis, N uvicorn workers, a ledger worker, nginx.

    python deploy/stack.py run [--workers 2] [--port 8080] [--postgres own|URL] [--redis own|URL]
    deploy/run-scaled.sh         (the same, from a shell)

`own` (the default when DATABASE_URL / REDIS_URL are unset) starts a throwaway PostgreSQL cluster
(initdb, on a free port, durability off: it is thrown away) and a redis-server on a free port, both
removed on exit. A URL uses that server instead: a database `zongzhi_scaled` is created there if
missing and kept. Then: migrate, collectstatic, the demo data (loaded with the dev profile; the
production profile refuses it), N workers (`manage.py serve`, one uvicorn process each, on
127.0.0.1), `manage.py ledger_worker` for background imports/exports, and nginx in front (static
files from STATIC_ROOT with caching headers, media, WebSockets, retries on a dead worker) when the
nginx binary exists; without nginx the workers answer directly. `run` restarts a worker that dies
(as systemd's Restart=always does) until Ctrl+C, then stops everything it started.

The workers run `deploy.settings_loopback`: the production profile minus the HTTPS-only settings,
because this stack is plain HTTP on loopback. tests/hardening and tests/benchmarks drive the same
class (`Stack`) from Python.
"""

from __future__ import annotations

import argparse
import contextlib
import glob
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVE_SETTINGS = "deploy.settings_loopback"


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


# --- nginx ---------------------------------------------------------------------------------------

NGINX_TEMPLATE = """\
# Generated by deploy/stack.py for the one-machine stack; the annotated production example is
# deploy/nginx/zongzhi.conf.
{user}
worker_processes 1;
daemon off;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    include {mime_types};
    default_type application/octet-stream;
    access_log off;
    sendfile on;
    keepalive_timeout 65;
    client_max_body_size 25m;
    client_body_temp_path {prefix}/client_body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;

    upstream zongzhi {{
{servers}
        keepalive 32;
    }}
    map $http_upgrade $connection_upgrade {{ default upgrade; "" ""; }}
    map $uri $static_cache_control {{
        "~\\.[0-9a-f]{{12}}\\.[A-Za-z0-9]+$" "public, max-age=31536000, immutable";
        default "public, max-age=3600";
    }}

    server {{
        listen 127.0.0.1:{port};
        server_name _;

        location /static/ {{
            alias {static_root}/;
            gzip_static on;
            add_header Cache-Control $static_cache_control always;
            add_header X-Content-Type-Options nosniff always;
        }}
        location /media/documents/ {{ return 404; }}
        location /media/ {{
            alias {media_root}/;
            add_header Cache-Control "public, max-age=3600" always;
            add_header X-Content-Type-Options nosniff always;
            add_header Content-Security-Policy "default-src 'none'; img-src 'self'; sandbox" always;
        }}
        location /ws/ {{
            proxy_pass http://zongzhi;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_read_timeout 1h;
        }}
        location / {{
            proxy_pass http://zongzhi;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_next_upstream error timeout http_502 http_503;
            proxy_next_upstream_tries 2;
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
        }}
    }}
}}
"""


class Nginx:
    def __init__(self, workdir, upstream_ports, static_root, media_root, port=None):
        self.prefix = Path(workdir)
        self.port = port or free_port()
        self.upstream_ports, self.static_root, self.media_root = upstream_ports, static_root, media_root
        self.process = None

    def write_config(self):
        self.prefix.mkdir(parents=True, exist_ok=True)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=3s;" for p in self.upstream_ports)
        conf = NGINX_TEMPLATE.format(
            user="user root;" if os.geteuid() == 0 else "",
            prefix=self.prefix,
            port=self.port,
            servers=servers,
            static_root=self.static_root,
            media_root=self.media_root,
            mime_types="/etc/nginx/mime.types" if Path("/etc/nginx/mime.types").exists() else f"{self.prefix}/mime.types",
        )
        if not Path("/etc/nginx/mime.types").exists():
            (self.prefix / "mime.types").write_text("types { text/css css; application/javascript js; image/png png; }\n")
        path = self.prefix / "nginx.conf"
        path.write_text(conf)
        return path

    def start(self, timeout=15):
        conf = self.write_config()
        binary = shutil.which("nginx") or "/usr/sbin/nginx"
        self.process = Process("nginx", [binary, "-p", str(self.prefix), "-c", str(conf)], log_path=self.prefix / "nginx.out").start()
        wait_until(lambda: port_open(self.port) or not self.process.alive(), timeout, f"nginx on port {self.port}")
        if not self.process.alive():
            raise StackError(
                f"nginx did not start:\n{self.process.tail()}\n{(self.prefix / 'error.log').read_text(errors='replace') if (self.prefix / 'error.log').exists() else ''}"
            )
        return self

    def stop(self):
        if self.process:
            self.process.stop()


def nginx_available():
    return bool(shutil.which("nginx") or Path("/usr/sbin/nginx").exists())


# --- the stack -----------------------------------------------------------------------------------


class Stack:
    """Everything a scaled deployment runs, on one machine; `with Stack(...) as stack:` stops it all."""

    def __init__(
        self,
        workdir,
        *,
        workers=2,
        postgres="own",
        redis="own",
        proxy="auto",
        port=None,
        demo=True,
        ledger_worker=True,
        database_name=None,
        drop_database=True,
        extra_env=None,
        server_args=None,
    ):
        self.workdir = Path(workdir)
        self.workers_wanted = workers
        self.postgres_choice, self.redis_choice = postgres, redis
        self.use_proxy = nginx_available() if proxy == "auto" else bool(proxy)
        self.proxy_port = port
        self.demo, self.with_ledger_worker = demo, ledger_worker
        self.database_name = database_name or f"zongzhi_scaled_{os.getpid()}_{secrets.token_hex(3)}"
        self.drop_database_at_exit = drop_database
        self.extra_env = dict(extra_env or {})
        self.server_args = server_args  # None: `manage.py serve`; else a callable(port) → argv (daphne…)
        self.cluster = self.redis = self.nginx = None
        self.workers, self.worker_ports = [], []
        self.ledger_worker = None
        self.admin_url = self.database_url = None
        self.env = None

    # -- lifecycle --

    def __enter__(self):
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc):
        self.stop()

    def start(self):
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.logs = self.workdir / "logs"
        self.logs.mkdir(exist_ok=True)
        self.timings = {}
        started = time.monotonic()
        self._start_redis()
        self._start_postgres()
        self.timings["services"] = time.monotonic() - started
        self.env = self._environment()
        # collectstatic needs no database: run it while the migrations run.
        collect = subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        try:
            mark = time.monotonic()
            self.manage("migrate", "--noinput", "-v", "0", timeout=900)
            self.timings["migrate"] = time.monotonic() - mark
            out, _ = collect.communicate(timeout=300)
        finally:
            if collect.poll() is None:
                collect.kill()
                collect.wait()
        if collect.returncode:
            raise StackError(f"collectstatic failed:\n{out[-3000:]}")
        if self.demo:
            mark = time.monotonic()
            self.manage("load_demo", "--quiet-logins", settings="zongzhi.settings.dev", timeout=900)
            self.timings["demo"] = time.monotonic() - mark
        mark = time.monotonic()
        self.worker_ports = [free_port() for _ in range(self.workers_wanted)]
        self.workers = [self._worker(port) for port in self.worker_ports]
        for worker in self.workers:
            worker.start()
        for index in range(len(self.workers)):
            self.start_worker(index)
        self.timings["workers"] = time.monotonic() - mark
        if self.with_ledger_worker:
            self.ledger_worker = Process(
                "ledger-worker",
                [PYTHON, str(ROOT / "manage.py"), "ledger_worker", "--interval", "1"],
                env=self.env,
                log_path=self.logs / "ledger-worker.log",
            ).start()
        if self.use_proxy:
            self.nginx = Nginx(
                self.workdir / "nginx", self.worker_ports, self.env["DJANGO_STATIC_ROOT"], self.env["DJANGO_MEDIA_ROOT"], port=self.proxy_port
            ).start()
            wait_until(lambda: http_ok(f"{self.base_url}/healthz"), 30, "nginx to reach the workers")
        self.timings["total"] = time.monotonic() - started
        return self

    def stop(self):
        for process in [self.nginx, self.ledger_worker, *self.workers]:
            if process is not None:
                with contextlib.suppress(Exception):
                    process.stop()
        if self.admin_url and self.drop_database_at_exit and self.database_url:
            with contextlib.suppress(Exception):
                drop_database(self.admin_url, self.database_name)
        if self.cluster is not None:
            self.cluster.destroy()
        if self.redis is not None and self.redis_choice == "own":
            with contextlib.suppress(Exception):
                self.redis.stop()

    # -- services --

    def _start_redis(self):
        if self.redis_choice == "own":
            self.redis = RedisServer(self.workdir / "redis").start()
            self.redis_url = self.redis.url
        else:
            self.redis_url = self.redis_choice

    def _start_postgres(self):
        if self.postgres_choice == "own":
            # Under /tmp (world-traversable): the `postgres` user may not reach the work folder.
            self.cluster = PostgresCluster(tempfile.mkdtemp(prefix="zongzhi-pg-")).init().start()
            self.admin_url = self.cluster.admin_url
        else:
            self.admin_url = database_url(self.postgres_choice, "postgres")
        self.database_url = create_database(self.admin_url, self.database_name, replace=self.drop_database_at_exit)

    def _environment(self):
        from cryptography.fernet import Fernet

        env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "REDIS_", "ZONGZHI_")) and key != "DATABASE_URL"}
        keys_file = self.workdir / "secrets.env"
        if keys_file.exists():
            saved = dict(line.split("=", 1) for line in keys_file.read_text().splitlines() if "=" in line)
        else:
            saved = {"DJANGO_SECRET_KEY": secrets.token_urlsafe(60), "ZONGZHI_FIELD_KEY": Fernet.generate_key().decode()}
            keys_file.write_text("".join(f"{k}={v}\n" for k, v in saved.items()))
            keys_file.chmod(0o600)
        env.update(saved)
        env.update(
            DJANGO_SETTINGS_MODULE=SERVE_SETTINGS,
            DATABASE_URL=self.database_url,
            REDIS_URL=self.redis_url,
            REDIS_PREFIX=f"zongzhi-{self.database_name}",
            DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
            DJANGO_STATIC_ROOT=str(self.workdir / "static"),
            DJANGO_MEDIA_ROOT=str(self.workdir / "media"),
            DJANGO_LOG_LEVEL="WARNING",
            ZONGZHI_LEDGER_JOBS="worker",
            PYTHONPATH=os.pathsep.join([str(ROOT / "site"), str(ROOT)]),
            PYTHONUNBUFFERED="1",
        )
        env.update(self.extra_env)
        return env

    def manage(self, *args, settings=None, timeout=300, check=True):
        env = dict(self.env)
        if settings:
            env["DJANGO_SETTINGS_MODULE"] = settings
            env.setdefault("DJANGO_DEBUG", "false")
        result = subprocess.run([PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
        if check and result.returncode:
            raise StackError(f"manage.py {' '.join(args)} failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
        return result

    # -- workers --

    def _worker(self, port):
        if self.server_args is not None:
            args = self.server_args(port)
        else:
            args = [PYTHON, str(ROOT / "manage.py"), "serve", "--host", "127.0.0.1", "--port", str(port)]
        return Process(f"worker-{port}", args, env=self.env, log_path=self.logs / f"worker-{port}.log")

    def start_worker(self, index, timeout=90):
        worker = self.workers[index]
        if worker.popen is None or worker.popen.poll() is not None:
            worker.start()
        url = f"http://127.0.0.1:{self.worker_ports[index]}/healthz"
        try:
            wait_until(lambda: http_ok(url) or not worker.alive(), timeout, f"worker {index} ({url})")
        except StackError:
            raise StackError(f"worker {index} did not answer:\n{worker.tail()}") from None
        if not worker.alive():
            raise StackError(f"worker {index} exited:\n{worker.tail()}")
        return worker

    def kill_worker(self, index, sig=signal.SIGKILL):
        worker = self.workers[index]
        worker.kill(sig)
        worker.popen.wait(timeout=10)

    @property
    def base_url(self):
        if self.nginx is not None:
            return f"http://127.0.0.1:{self.nginx.port}"
        return self.worker_url(0)

    def worker_url(self, index):
        return f"http://127.0.0.1:{self.worker_ports[index]}"

    def describe(self):
        lines = [f"  site:        {self.base_url}/  (admin {self.base_url}/admin/, lobby {self.base_url}/lobby/)"]
        lines.append(f"  proxy:       {'nginx on ' + str(self.nginx.port) if self.nginx else 'none (nginx not installed): workers answer directly'}")
        lines += [f"  worker {i}:    {self.worker_url(i)}  pid {w.pid}" for i, w in enumerate(self.workers)]
        if self.ledger_worker:
            lines.append(f"  ledger jobs: manage.py ledger_worker, pid {self.ledger_worker.pid}")
        lines.append(f"  PostgreSQL:  {self.database_url}{'  (own throwaway cluster)' if self.cluster else ''}")
        lines.append(f"  Redis:       {self.redis_url}{'  (own redis-server)' if self.redis else ''}")
        lines.append(f"  files:       {self.workdir}  (logs/, static/, media/)")
        return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Start the scaled Zongzhi stack on this machine.")
    parser.add_argument("command", choices=["run"], nargs="?", default="run")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (ignored without nginx)")
    parser.add_argument("--postgres", default=os.environ.get("DATABASE_URL") or "own", help="'own' or a PostgreSQL URL")
    parser.add_argument("--redis", default=os.environ.get("REDIS_URL") or "own", help="'own' or a Redis URL")
    parser.add_argument("--workdir", default=str(ROOT / "var" / "scaled"))
    parser.add_argument("--no-proxy", action="store_true", help="no nginx: the workers answer directly")
    parser.add_argument("--no-demo", action="store_true")
    args = parser.parse_args(argv)

    own_pg = args.postgres == "own"
    missing = missing_binaries(own_postgres=own_pg, own_redis=args.redis == "own")
    if missing:
        print("Missing: " + ", ".join(missing), file=sys.stderr)
        return 2
    stack = Stack(
        args.workdir,
        workers=args.workers,
        postgres=args.postgres,
        redis=args.redis,
        proxy=not args.no_proxy and nginx_available(),
        port=args.port,
        demo=not args.no_demo,
        database_name="zongzhi_scaled",
        drop_database=own_pg,
    )
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    print("Starting the scaled stack (migrate, collectstatic, demo data, workers)…", flush=True)
    with stack:
        print("The scaled stack is running:\n" + stack.describe() + "\nCtrl+C stops it.", flush=True)
        try:
            while not stopping:
                for index, worker in enumerate(stack.workers):
                    if not worker.alive():
                        print(f"worker {index} exited ({worker.popen.returncode}); restarting", flush=True)
                        stack.start_worker(index)
                time.sleep(1)
        except KeyboardInterrupt:
            pass
        print("Stopping…", flush=True)
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
    sys.exit(main())
