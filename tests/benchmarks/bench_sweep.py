#!/usr/bin/env python
"""Benchmark of the deadline sweep (governance.services.sweep.run_urge_sweep) at county scale.

    .venv/bin/python tests/benchmarks/bench_sweep.py            # fresh temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zongzhi_bench \
        .venv/bin/python tests/benchmarks/bench_sweep.py        # an existing, empty database

It migrates the database, loads the demo county (two centers, their departments and people), adds
CASES open cases in handling across both centers (bulk_create: a fixture, not a code path under
test), every one due for urging today (half overdue, half due within their warning days), then
runs the sweep twice, as the periodic job does. For each run it counts the SQL queries of the
whole run, after-commit effects included (notification delivery, the lobby deltas, the public
cache drops), and the lobby refreshes sent per center.

The last line of output is exactly one
    RESULT urges=<n> queries_per_urge=<x> lobby_refreshes_per_center=<x> second_run_urges=<n>
Targets: queries_per_urge <= 3, lobby_refreshes_per_center <= 1, second_run_urges = 0. The seconds
per 1,000 urges are printed above it, for the record.

Options: --cases N, --keep-db.
"""

import argparse
import atexit
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongzhi.settings.dev")

_TEMP_DIR = None
if not os.environ.get("DATABASE_URL"):
    _TEMP_DIR = tempfile.mkdtemp(prefix="zongzhi-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TEMP_DIR}/bench.sqlite3"
    if "--keep-db" not in sys.argv:
        atexit.register(shutil.rmtree, _TEMP_DIR, ignore_errors=True)

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from governance import live  # noqa: E402
from governance.demo import load_demo  # noqa: E402
from governance.models import Case, CaseCodeCounter, CaseKind, CaseOrder, Center, Department, ReferenceItem, ReferenceKind  # noqa: E402
from governance.services import clock  # noqa: E402
from governance.services.cases import format_case_code  # noqa: E402
from governance.services.sweep import run_urge_sweep  # noqa: E402


def grow(count, today, seed=20261207):
    """`count` open cases in handling, every one due for an urge today, spread over the demo centers."""
    rng = random.Random(seed)
    centers = list(Center.objects.filter(slug__in=("shifan", "heping")).order_by("pk"))
    departments = {c.pk: list(Department.objects.filter(center=c)) for c in centers}
    category = ReferenceItem.objects.filter(kind=ReferenceKind.CATEGORY, center__isnull=True).first()
    source = ReferenceItem.objects.filter(kind=ReferenceKind.SOURCE, center__isnull=True).first()
    sequences = {(r["center"], r["year"]): r["last"] for r in Case.objects.values("center", "year").annotate(last=Max("sequence"))}
    cases = []
    for index in range(count):
        center = centers[index % len(centers)]
        received = today - timedelta(days=rng.randint(20, 90))
        key = (center.pk, received.year)
        sequences[key] = sequence = sequences.get(key, 0) + 1
        due = today - timedelta(days=rng.randint(1, 10)) if index % 2 else today + timedelta(days=rng.randint(0, 3))
        cases.append(
            Case(
                center=center,
                code=format_case_code(center, received.year, sequence),
                year=received.year,
                sequence=sequence,
                kind=CaseKind.DISPUTE,
                source=source,
                category=category,
                summary=f"基准案件{index}",
                received_on=received,
                accepted_on=received,
                routed_on=received,
                lead_department=rng.choice(departments[center.pk]),
                status="handling",
                due_date=due,
                yellow_days=3,
                warn_on=due - timedelta(days=3),
            )
        )
    with transaction.atomic():
        Case.objects.bulk_create(cases, batch_size=1000)
        for (center_id, year), last in sequences.items():
            CaseCodeCounter.objects.update_or_create(center_id=center_id, year=year, defaults={"last": last})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Refreshes:
    """Counts the lobby deltas sent, per center (wraps governance.live.send_center_refresh)."""

    def __init__(self):
        self.sent = Counter()
        self.original = live.send_center_refresh

    def __enter__(self):
        def counting(center_id, reason):
            self.sent[center_id] += 1
            return self.original(center_id, reason)

        live.send_center_refresh = counting
        return self

    def __exit__(self, *exc):
        live.send_center_refresh = self.original


class Queries:
    """Counts every SQL statement run (a connection execute wrapper: no DEBUG log, no limit)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def sweep_once(today):
    queries = Queries()
    with Refreshes() as refreshes, connection.execute_wrapper(queries):
        started = time.perf_counter()
        result = run_urge_sweep(today=today)  # one transaction: its after-commit effects run inside
        seconds = time.perf_counter() - started
    return result.due_soon + result.overdue, queries.count, refreshes.sent, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--keep-db", action="store_true")
    args = parser.parse_args()

    call_command("migrate", verbosity=0, interactive=False)
    load_demo()
    today = clock.today()
    run_urge_sweep(today=today)  # the demo's own due cases, so that the runs below see only ours
    started = time.perf_counter()
    grow(args.cases, today)
    print(
        f"database: {connection.vendor}; {Case.objects.count()} cases ({args.cases} due for urging), grown in {time.perf_counter() - started:.1f} s"
    )

    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        urges, queries, refreshes, seconds = sweep_once(today)
        second_urges, second_queries, second_refreshes, second_seconds = sweep_once(today)

    centers = Center.objects.filter(cases__due_date__isnull=False).distinct().count()
    per_center = max(refreshes.values(), default=0)
    print(
        f"first run:  {urges} urges, {queries} queries ({queries / max(urges, 1):.3f} per urge), {seconds:.1f} s "
        f"({seconds / max(urges, 1) * 1000:.2f} s per 1,000 urges); lobby refreshes {dict(refreshes)} over {centers} centers"
    )
    print(f"second run: {second_urges} urges, {second_queries} queries, {second_seconds:.1f} s; lobby refreshes {dict(second_refreshes)}")
    print(f"urge orders now: {CaseOrder.objects.filter(kind=CaseOrder.Kind.URGE).exclude(level='manual').count()}")
    print(
        f"RESULT urges={urges} queries_per_urge={queries / max(urges, 1):.3f} lobby_refreshes_per_center={per_center} second_run_urges={second_urges}"
    )


if __name__ == "__main__":
    main()
