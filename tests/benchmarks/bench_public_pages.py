#!/usr/bin/env python
"""Public page throughput: a cached and an uncached public page against a bare Django view,
side by side on the same servers, for uvicorn and for daphne.

    .venv/bin/python tests/benchmarks/bench_public_pages.py [--seconds 6] [--rounds 2] [--connections 16]

Setup (deploy/stack.py, as deployed): an own throwaway PostgreSQL cluster and redis-server, the
demo county, collected static files, 2 ASGI workers of the production profile behind nginx (or one
worker answering directly when nginx is not installed). The same database and workers' settings
serve both servers: first 2 uvicorn workers (`manage.py serve`), then 2 daphne workers on the same
ports behind the same nginx.

Per server and round, each URL gets a short warm-up and then a fixed-duration closed-loop load
(wrk when installed, else a small asyncio HTTP/1.1 keep-alive client), loopback only:
- bare:     /healthz, a Django view that returns "ok" through the whole middleware stack;
- cached:   /shifan/ (a center's home page) answered from the anonymous page cache;
- uncached: /shifan/?b=1, the same page rendered every time (requests with a query string are
            never cached): 2 queries (the latest notices and results), the center's home page,
            menus and footer from what was looked up under the current cache generation
            (zongzhi.pagecache.GenerationMemo, pages/chrome.py).
Rounds interleave the three URLs so that other load on the machine hits them alike; the figures
are the sums over rounds. The last line is
    RESULT cached_ratio=<x> uncached_ratio=<x>
for the faster server overall (geometric mean of the three rates), each a requests/s ÷ bare
requests/s. Targets: cached ≥ 0.8, uncached ≥ 0.25. A watchdog ends the run after --budget s.
"""

import argparse
import asyncio
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from deploy.stack import PYTHON, Stack, StackError, http_ok, missing_binaries, wait_until  # noqa: E402

URLS = {"bare": "/healthz", "cached": "/shifan/", "uncached": "/shifan/?b=1"}


# --- load generators --------------------------------------------------------------------------------


def run_wrk(url, seconds, connections):
    result = subprocess.run(
        ["wrk", "-t", "1", "-c", str(connections), "-d", f"{max(1, round(seconds))}s", "--timeout", "10s", url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
    )
    text = result.stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", text)
    if result.returncode or not match:
        raise RuntimeError(f"wrk failed for {url}:\n{text}\n{result.stderr}")
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", text)
    errors = re.search(r"Socket errors: (.*)", text)
    return float(match.group(1)), int(non2xx.group(1)) if non2xx else 0, errors.group(1) if errors else ""


async def _client(host, port, target, deadline, counts):
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {target} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    try:
        while time.monotonic() < deadline:
            writer.write(request)
            await writer.drain()
            status_line = await reader.readline()
            status = int(status_line.split()[1])
            length, chunked = 0, False
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                name, _, value = line.decode("latin-1").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
                elif name.lower() == "transfer-encoding" and "chunked" in value.lower():
                    chunked = True
            if chunked:
                while True:
                    size = int((await reader.readline()).split(b";")[0], 16)
                    await reader.readexactly(size + 2)
                    if size == 0:
                        break
            else:
                await reader.readexactly(length)
            counts["ok" if 200 <= status < 400 else "bad"] += 1
    finally:
        writer.close()


def run_python_client(url, seconds, connections):
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    counts = {"ok": 0, "bad": 0}

    async def main():
        deadline = time.monotonic() + seconds
        await asyncio.wait_for(
            asyncio.gather(*(_client(parts.hostname, parts.port, target, deadline, counts) for _ in range(connections))),
            timeout=seconds + 30,
        )

    started = time.monotonic()
    asyncio.run(main())
    elapsed = time.monotonic() - started
    return (counts["ok"] + counts["bad"]) / elapsed, counts["bad"], ""


def load(url, seconds, connections):
    if shutil.which("wrk"):
        return run_wrk(url, seconds, connections)
    return run_python_client(url, seconds, connections)


# --- servers ----------------------------------------------------------------------------------------


def daphne_args(port):
    return [PYTHON, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port), "--proxy-headers", "zongzhi.asgi:application"]


def switch_workers(stack, server_args):
    for worker in stack.workers:
        worker.stop()
    stack.server_args = server_args
    stack.workers = [stack._worker(port) for port in stack.worker_ports]
    for worker in stack.workers:
        worker.start()
    for index in range(len(stack.workers)):
        stack.start_worker(index)
    wait_until(lambda: http_ok(f"{stack.base_url}/healthz"), 30, "the proxy to reach the new workers")


def measure(stack, name, args):
    base = stack.base_url
    totals = {key: 0.0 for key in URLS}
    for path in URLS.values():  # warm-up: imports, connections, the cache entry
        load(base + path, 1, 4)
    for round_no in range(1, args.rounds + 1):
        for key, path in URLS.items():
            rps, bad, errors = load(base + path, args.seconds, args.connections)
            totals[key] += rps
            note = f"  non-2xx={bad}" if bad else ""
            note += f"  socket errors: {errors}" if errors else ""
            print(f"  {name:8s} round {round_no}  {key:8s} {path:14s} {rps:9.1f} req/s{note}", flush=True)
    ratios = {key: totals[key] / totals["bare"] for key in ("cached", "uncached")}
    return {key: totals[key] / args.rounds for key in URLS}, ratios


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=6)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=float, default=420)
    parser.add_argument("--no-daphne", action="store_true")
    args = parser.parse_args()

    missing = missing_binaries()
    if missing:
        print("SKIP: missing " + ", ".join(missing))
        return 2

    stop_all = threading.Event()
    workdir = Path(tempfile.mkdtemp(prefix="zongzhi-bench-pages-"))
    stack = Stack(workdir, workers=args.workers, ledger_worker=False)

    def watchdog():
        if not stop_all.wait(args.budget):
            print(f"WATCHDOG: over {args.budget:.0f}s, stopping", flush=True)
            stack.stop()
            shutil.rmtree(workdir, ignore_errors=True)
            os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    try:
        started = time.monotonic()
        stack.start()
        print(
            f"Stack up in {time.monotonic() - started:.0f}s "
            f"({', '.join(f'{k} {v:.0f}s' for k, v in stack.timings.items())}); "
            f"{'nginx → ' if stack.nginx else ''}{len(stack.workers)} worker(s); load generator: "
            f"{'wrk' if shutil.which('wrk') else 'asyncio client'}, {args.connections} connections, "
            f"{args.rounds}×{args.seconds:g}s per URL; cpus={os.cpu_count()}",
            flush=True,
        )
        for path in URLS.values():
            if not http_ok(stack.base_url + path):
                raise StackError(f"{path} does not answer 200")
        results = {"uvicorn": measure(stack, "uvicorn", args)}
        if not args.no_daphne:
            switch_workers(stack, daphne_args)
            results["daphne"] = measure(stack, "daphne", args)

        print()
        print(f"{'server':8s} {'bare req/s':>11s} {'cached req/s':>13s} {'uncached req/s':>15s} {'cached÷bare':>12s} {'uncached÷bare':>14s}")
        for name, (rps, ratios) in results.items():
            print(f"{name:8s} {rps['bare']:11.1f} {rps['cached']:13.1f} {rps['uncached']:15.1f} {ratios['cached']:12.2f} {ratios['uncached']:14.2f}")
        # The faster server overall: the geometric mean of its three rates.
        score = {name: (rps["bare"] * rps["cached"] * rps["uncached"]) ** (1 / 3) for name, (rps, _r) in results.items()}
        kept = max(score, key=score.get)
        if "daphne" in results:
            print(
                "daphne ÷ uvicorn: "
                + ", ".join(f"{key} {results['daphne'][0][key] / results['uvicorn'][0][key]:.2f}" for key in URLS)
                + f"; overall (geometric mean) {score['daphne'] / score['uvicorn']:.2f}"
            )
        ratios = results[kept][1]
        print(f"kept: {kept}")
        print(f"RESULT cached_ratio={ratios['cached']:.2f} uncached_ratio={ratios['uncached']:.2f}")
        return 0
    finally:
        stop_all.set()
        stack.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
