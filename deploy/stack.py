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
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
SERVE_SETTINGS = "deploy.settings_loopback"

if __package__ in (None, ""):  # run as a script (python deploy/stack.py): the checkout on the path
    sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from deploy.proxy import Nginx, nginx_available  # noqa: E402
from deploy.servers import (  # noqa: E402
    PostgresCluster,
    Process,
    RedisServer,
    StackError,
    create_database,
    database_url,
    drop_database,
    free_port,
    http_ok,
    missing_binaries,
    wait_until,
)

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
    sys.exit(main())
