#!/usr/bin/env python
"""Benchmark of the admin case list (wagtail-modeladmin index at /admin/governance/case/).

    .venv/bin/python tests/benchmarks/bench_case_list.py            # fresh temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zongzhi_bench \
        .venv/bin/python tests/benchmarks/bench_case_list.py        # an existing, empty database

It migrates the database, loads the demo county (reference data, two centers, users, 14 demo
cases), grows it to 1,000 cases and measures, then grows the same database to 100,000 cases and
measures again. Requests go through Django's test client in-process (no network), logged in as
the center director `shifan_director`. Three pages are measured: the plain list (page 1), the
overdue filter (?warning=red) and a search for a party's surname (?q=张). Per page: the number of
SQL queries of one request, and the median wall time of REPEATS requests after WARMUPS warm-ups.

The last line of output is exactly one
    RESULT queries_1k=<n> queries_100k=<n> latency_ratio_100k_vs_1k=<x>
for the plain list page. Targets: the same query count at both sizes, latency ratio <= 2.
When a target is missed, a diagnostic section prints the extra queries and the slow ones with
their query plans.

Options: --small N / --large N (dataset sizes), --repeats N, --warmups N, --search TERM, --keep-db.
"""

import argparse
import atexit
import gc
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongzhi.settings.dev")

# A fresh temporary SQLite file unless the caller chose a database (e.g. PostgreSQL).
_TEMP_DIR = None
if not os.environ.get("DATABASE_URL"):
    _TEMP_DIR = tempfile.mkdtemp(prefix="zongzhi-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TEMP_DIR}/bench.sqlite3"
    if "--keep-db" not in sys.argv:
        atexit.register(shutil.rmtree, _TEMP_DIR, ignore_errors=True)  # also when the run fails

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from governance.demo import load_demo  # noqa: E402
from governance.models import (  # noqa: E402
    Case,
    CaseCodeCounter,
    CaseKind,
    CaseStatus,
    Center,
    Department,
    Party,
    ReferenceItem,
    ReferenceKind,
    Workstation,
)
from governance.models.cases import QUERY_CODE_ALPHABET  # noqa: E402
from governance.rules.identity import id_check_digit  # noqa: E402
from governance.services.cases import format_case_code  # noqa: E402

LIST_URL = "/admin/governance/case/"
DIRECTOR = "shifan_director"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建华国强秀英德明芳伟立军磊小红春生桂兰玉梅志刚海燕文杰丽娟晓东红霞永平淑珍洪涛金凤宏伟海波"
PLACES = ["东头组", "西头组", "新华社区", "镇工业园", "乡道路口", "村口桥", "北片", "南岭村", "中心街", "河湾组"]

# status → (weight, how many days back it may have been received)
STATUS_MIX = {
    CaseStatus.REGISTERED: (4, 6),
    CaseStatus.ACCEPTED: (4, 12),
    CaseStatus.REJECTED: (3, 1095),
    CaseStatus.ROUTED: (6, 120),
    CaseStatus.HANDLING: (14, 150),
    CaseStatus.SUSPENDED: (2, 200),
    CaseStatus.RESOLVED: (5, 400),
    CaseStatus.FED_BACK: (8, 800),
    CaseStatus.VISITED: (10, 1000),
    CaseStatus.ARCHIVED: (44, 1095),
}
ROUTED_OR_LATER = {"routed", "handling", "suspended", "resolved", "fed_back", "visited", "archived"}
RESOLVED_OR_LATER = {"resolved", "fed_back", "visited", "archived"}
CENTER_WEIGHTS = {"shifan": 3, "heping": 1}  # the measured director's center holds 3/4 of the cases


# --- fixture -----------------------------------------------------------------------------------


def setup_database():
    call_command("migrate", interactive=False, verbosity=0)
    load_demo()  # idempotent: reference data, roles, two centers, users, 7 demo cases per center
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # autovacuum would do this on a live server
            cursor.execute("ANALYZE")


class CaseFactory:
    """Cases made with bulk_create, bypassing governance.services.cases on purpose.

    The services register one case at a time (row lock, audit row, live update), far too slow for
    100,000 rows; a benchmark fixture only needs rows that look like real ones. Codes and
    sequences continue each center-year's numbering, and the code counters are moved on after.
    """

    def __init__(self, seed=20261101):
        self.rng = random.Random(seed)
        self.today = timezone.localdate()
        refs = {kind: list(ReferenceItem.objects.filter(kind=kind, center__isnull=True)) for kind in ReferenceKind.values}
        self.categories = refs[ReferenceKind.CATEGORY]
        self.sources = refs[ReferenceKind.SOURCE]
        self.petition_kinds = refs[ReferenceKind.PETITION_KIND]
        self.tiers = refs[ReferenceKind.TIER]
        self.risks = refs[ReferenceKind.RISK]
        self.outcomes = refs[ReferenceKind.OUTCOME]
        self.centers = list(Center.objects.filter(slug__in=CENTER_WEIGHTS).order_by("pk"))
        self.center_weights = [CENTER_WEIGHTS[c.slug] for c in self.centers]
        self.departments = {c.pk: list(Department.objects.filter(center=c)) for c in self.centers}
        self.workstations = {c.pk: list(Workstation.objects.filter(center=c)) for c in self.centers}
        self.registrar = get_user_model().objects.filter(username="shifan_reception").first()
        self.sequences = {(row["center"], row["year"]): row["last"] for row in Case.objects.values("center", "year").annotate(last=Max("sequence"))}
        self.statuses = list(STATUS_MIX)
        self.status_weights = [STATUS_MIX[s][0] for s in self.statuses]
        self.party_seed = 0

    def _case(self):
        rng, today = self.rng, self.today
        center = rng.choices(self.centers, self.center_weights)[0]
        status = rng.choices(self.statuses, self.status_weights)[0]
        received = today - timedelta(days=rng.randint(0, STATUS_MIX[status][1]))
        key = (center.pk, received.year)
        self.sequences[key] = sequence = self.sequences.get(key, 0) + 1
        kind = rng.choices([CaseKind.DISPUTE, CaseKind.PETITION, CaseKind.HAZARD], [70, 20, 10])[0]
        category = rng.choice(self.categories)
        place = rng.choice(PLACES)
        case = Case(
            center=center,
            code=format_case_code(center, received.year, sequence),
            query_code="".join(rng.choices(QUERY_CODE_ALPHABET, k=8)),  # cheaper than secrets here
            year=received.year,
            sequence=sequence,
            kind=kind,
            source=rng.choice(self.sources),
            category=category,
            petition_kind=rng.choice(self.petition_kinds) if kind == CaseKind.PETITION else None,
            tier=rng.choice(self.tiers),
            risk=rng.choice(self.risks) if rng.random() < 0.3 else None,
            summary=f"{place}群众反映{category.name}问题，请求协调处理（第{sequence}号）。",
            place=place,
            people_count=rng.choice([1, 1, 2, 2, 2, 3, 5, 12]),
            workstation=rng.choice(self.workstations[center.pk]) if rng.random() < 0.6 else None,
            status=status,
            received_on=received,
            registered_by=self.registrar,
            acceptance_due=received + timedelta(days=7),
        )
        if status != CaseStatus.REGISTERED:
            case.notice_date = received + timedelta(days=rng.randint(0, 3))
        if status == CaseStatus.REJECTED:
            case.reject_reason = "不属于受理范围。"
        elif status != CaseStatus.REGISTERED:
            case.accepted_on = case.notice_date
        if status in ROUTED_OR_LATER:
            case.lead_department = rng.choice(self.departments[center.pk])
            case.responsible_person = "值班调解员"
            case.routed_on = received + timedelta(days=rng.randint(1, 3))
            case.due_date = case.routed_on + timedelta(days=rng.choice([15, 30, 30, 60]))
            case.warn_on = case.due_date - timedelta(days=case.yellow_days)
        if status in RESOLVED_OR_LATER:
            case.resolved_on = min(today, case.routed_on + timedelta(days=rng.randint(3, 40)))
            case.outcome = rng.choice(self.outcomes)
            case.outcome_note = "双方达成一致。"
        if status in {"fed_back", "visited", "archived"}:
            case.fed_back_on = case.resolved_on
        if status == CaseStatus.ARCHIVED:
            case.archived_on = case.resolved_on
            case.archive_number = f"GD-{received.year}-{sequence:05d}"
            case.retention_years = 10
        return case

    def _parties(self, case):
        rng = self.rng
        parties = []
        for n in range(rng.choice([1, 2, 2])):
            self.party_seed += 1
            seed = self.party_seed
            first17 = f"4401{seed % 100:02d}{1950 + seed % 50}{1 + seed % 12:02d}{1 + seed % 28:02d}{seed % 1000:03d}"
            parties.append(
                Party(
                    case=case,
                    role=Party.Role.APPLICANT if n == 0 else Party.Role.RESPONDENT,
                    name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice([1, 2]))),
                    id_number=first17 + id_check_digit(first17),
                    phone=f"1{rng.choice('3578')}{seed % 10**9:09d}",
                    address=f"{case.center.short_name}{case.place}",
                )
            )
        return parties

    def grow_to(self, target, chunk=5000):
        """Add cases (with 1–2 parties each, some cooperating departments) until there are `target`."""
        missing = target - Case.objects.count()
        if missing < 0:
            raise SystemExit(f"the database already holds more than {target} cases: give the benchmark an empty database")
        Through = Case.cooperating_departments.through
        while missing > 0:
            size = min(chunk, missing)
            with transaction.atomic():
                cases = Case.objects.bulk_create([self._case() for _ in range(size)], batch_size=1000)
                Party.objects.bulk_create([p for case in cases for p in self._parties(case)], batch_size=1000)
                links = []
                for case in cases:
                    if case.lead_department_id and self.rng.random() < 0.15:
                        other = self.rng.choice(self.departments[case.center_id])
                        if other.pk != case.lead_department_id:
                            links.append(Through(case_id=case.pk, department_id=other.pk))
                Through.objects.bulk_create(links, batch_size=1000)
            missing -= size
        with transaction.atomic():
            for (center_id, year), last in self.sequences.items():
                CaseCodeCounter.objects.update_or_create(center_id=center_id, year=year, defaults={"last": last})
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")


# --- measurement -------------------------------------------------------------------------------


def pages(search_term):
    return [("list", LIST_URL), ("red", f"{LIST_URL}?warning=red"), ("search", f"{LIST_URL}?{urlencode({'q': search_term})}")]


ROW_RE = re.compile(r'href="/admin/governance/cases/\d+/"')


class QueryTimer:
    """An execute wrapper timing each query with perf_counter (Django's own log rounds to 1 ms)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            elapsed = time.perf_counter() - start
            try:
                text = connection.ops.last_executed_query(context["cursor"], sql, params)
            except Exception:  # noqa: BLE001
                text = sql
            self.queries.append({"sql": text, "time": elapsed})


def measure(client, url, repeats, warmups):
    gc.collect()
    for _ in range(warmups):
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"GET {url} answered {response.status_code}")
    # The request_started signal clears connection.queries_log, so the capture must start from
    # an empty log (with DEBUG on, it holds the last 9,000 fixture queries otherwise).
    reset_queries()
    timer = QueryTimer()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(timer):
        response = client.get(url)
    rows = len(set(ROW_RE.findall(response.content.decode())))
    timings, cpu = [], []
    for _ in range(repeats):
        start, start_cpu = time.perf_counter(), time.process_time()
        client.get(url)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    queries = timer.queries
    if len(queries) != len(captured.captured_queries):  # both see the same cursor calls
        raise SystemExit(f"query capture mismatch: {len(queries)} timed, {len(captured.captured_queries)} captured")
    return {
        "queries": len(queries),
        "captured": queries,
        "sql_ms": sum(q["time"] for q in queries) * 1000,
        "median_ms": statistics.median(timings) * 1000,
        "min_ms": min(timings) * 1000,
        "cpu_ms": statistics.median(cpu) * 1000,
        "rows": rows,
    }


def measure_all(label, search_term, repeats, warmups):
    user = get_user_model().objects.get(username=DIRECTOR)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    visible = Case.objects.filter(center_id=user.staff_profile.center_id).count()
    figures = {name: measure(client, url, repeats, warmups) for name, url in pages(search_term)}
    print(f"  measured {label}: {Case.objects.count():,} cases in the database, {visible:,} visible to {DIRECTOR}", flush=True)
    return figures


# --- reporting ---------------------------------------------------------------------------------


def normalise(sql):
    sql = re.sub(r"'(?:[^']|'')*'", "?", sql)
    sql = re.sub(r"\b\d+(?:\.\d+)?\b", "?", sql)
    return re.sub(r"\s+", " ", sql).strip()


def short(sql, width=400):
    return sql if len(sql) <= width else sql[:width] + " …"


def print_table(small_label, large_label, small, large):
    print()
    print(f"{'page':<8} {'queries':>15} {'median ms':>19} {'min ms':>17} {'CPU ms (median)':>17} {'SQL ms (1 req)':>19} {'rows':>9} {'ratio':>6}")
    print(
        f"{'':<8} {small_label:>7} {large_label:>7} {small_label:>9} {large_label:>9} {small_label:>8} {large_label:>8} "
        f"{small_label:>8} {large_label:>8} {small_label:>9} {large_label:>9} {small_label:>4} {large_label:>4} {'':>6}"
    )
    for name in small:
        s, b = small[name], large[name]
        ratio = b["median_ms"] / s["median_ms"]
        print(
            f"{name:<8} {s['queries']:>7} {b['queries']:>7} {s['median_ms']:>9.1f} {b['median_ms']:>9.1f} "
            f"{s['min_ms']:>8.1f} {b['min_ms']:>8.1f} {s['cpu_ms']:>8.1f} {b['cpu_ms']:>8.1f} {s['sql_ms']:>9.1f} {b['sql_ms']:>9.1f} "
            f"{s['rows']:>4} {b['rows']:>4} {ratio:>6.2f}"
        )


def explain(sql):
    prefix = "EXPLAIN QUERY PLAN " if connection.vendor == "sqlite" else "EXPLAIN "
    try:
        with connection.cursor() as cursor:
            cursor.execute(prefix + sql)
            rows = cursor.fetchall()
    except Exception as exc:  # noqa: BLE001 - a diagnostic must not abort the run
        return [f"(EXPLAIN failed: {exc})"]
    if connection.vendor == "sqlite":
        return [f"{row[0]}/{row[1]} {row[-1]}" for row in rows]
    return [row[0] for row in rows]


def diagnose(name, small, large, always=False):
    s, b = small[name], large[name]
    ratio = b["median_ms"] / s["median_ms"]
    if not always and s["queries"] == b["queries"] and ratio <= 2:
        return
    print(
        f"\n--- {name}: {s['queries']} → {b['queries']} queries, {s['median_ms']:.1f} → {b['median_ms']:.1f} ms "
        f"(ratio {ratio:.2f}); SQL {s['sql_ms']:.1f} → {b['sql_ms']:.1f} ms, the rest is Python/rendering"
    )
    if s["queries"] != b["queries"]:
        before = Counter(normalise(q["sql"]) for q in s["captured"])
        after = Counter(normalise(q["sql"]) for q in b["captured"])
        for label, diff in (("extra at the large size", after - before), ("missing at the large size", before - after)):
            for sql, times in diff.items():
                print(f"  {label} (x{times}): {short(sql)}")
    small_times = {}
    for q in s["captured"]:
        small_times[normalise(q["sql"])] = small_times.get(normalise(q["sql"]), 0) + q["time"]
    if always:
        print("  every query of one request at the large size (ms):")
        for q in b["captured"]:
            print(f"  {q['time'] * 1000:8.2f}  {short(normalise(q['sql']), 150)}")
    slowest = sorted(b["captured"], key=lambda q: q["time"], reverse=True)[:4]
    print("  slowest queries at the large size (ms large / ms small):")
    for q in slowest:
        before_ms = small_times.get(normalise(q["sql"]), 0) * 1000
        print(f"  [{q['time'] * 1000:8.1f} / {before_ms:6.1f}] {short(q['sql'], 600)}")
    for q in slowest[:2]:
        if q["time"] * 1000 < 5:
            break
        print(f"  plan of the {q['time'] * 1000:.1f} ms query:")
        for line in explain(q["sql"]):
            print(f"      {line}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=1_000)
    parser.add_argument("--large", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--warmups", type=int, default=2)
    parser.add_argument("--search", default="张", help="the search term (a party surname)")
    parser.add_argument("--keep-db", action="store_true", help="keep the temporary SQLite file")
    args = parser.parse_args()

    db = connection.settings_dict
    print(f"database: {connection.vendor} {db['NAME']} | settings {os.environ['DJANGO_SETTINGS_MODULE']} | DEBUG={django.conf.settings.DEBUG}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version'), current_setting('jit')")
            version, jit = cursor.fetchone()
        print(f"PostgreSQL {version}, jit={jit} (JIT compiles any query whose cost estimate exceeds jit_above_cost)")
    print(
        f"load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
        "(other processes on the machine make the timings noisy)"
    )
    started = time.perf_counter()
    setup_database()
    factory = CaseFactory()
    print(f"migrated and loaded the demo county in {time.perf_counter() - started:.1f} s", flush=True)

    results = {}
    for size in (args.small, args.large):
        t0 = time.perf_counter()
        with override_settings(DEBUG=False):  # no SQL logging of the bulk inserts (much faster)
            factory.grow_to(size)
        parties = Party.objects.count()
        print(f"grew to {size:,} cases ({parties:,} parties) in {time.perf_counter() - t0:.1f} s", flush=True)
        t0 = time.perf_counter()
        results[size] = measure_all(f"{size:,}", args.search, args.repeats, args.warmups)
        print(f"  ({time.perf_counter() - t0:.1f} s)", flush=True)

    small, large = results[args.small], results[args.large]
    small_label, large_label = (f"{n // 1000}k" if n % 1000 == 0 else str(n) for n in (args.small, args.large))
    print_table(small_label, large_label, small, large)

    print("\nDiagnostics (pages whose query count changed or whose latency ratio is above 2; the plain list always):")
    for name in small:
        diagnose(name, small, large, always=name == "list")

    s, b = small["list"], large["list"]
    ratio = b["median_ms"] / s["median_ms"]
    met = s["queries"] == b["queries"] and ratio <= 2
    print(f"\nload average at the end: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"targets (plain list: equal query counts, latency ratio <= 2): {'met' if met else 'NOT met'}; "
        f"total run {time.perf_counter() - started:.0f} s"
    )

    print(
        "(ratio = median at the large size / median at the small size; CPU ms counts this process only: for SQLite "
        "that includes the database work, for PostgreSQL it does not)"
    )
    connection.close()
    if _TEMP_DIR:
        if args.keep_db:
            print(f"kept {_TEMP_DIR}/bench.sqlite3")
        else:
            shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    print(f"RESULT queries_1k={s['queries']} queries_100k={b['queries']} latency_ratio_100k_vs_1k={ratio:.2f}", flush=True)


if __name__ == "__main__":
    main()
