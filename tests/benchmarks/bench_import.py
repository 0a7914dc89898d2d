#!/usr/bin/env python
"""Benchmark of ledger import and export (governance.ledgers), measured side by side in one run.

    .venv/bin/python tests/benchmarks/bench_import.py            # a fresh temporary SQLite file
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/zongzhi_bench \
        .venv/bin/python tests/benchmarks/bench_import.py        # an existing, empty database

It migrates the database, loads the reference lists and one center with its director, writes a 20,000-row dispute ledger (xlsx, Chinese
headers, codes, Excel date cells, foreign keys by name: source, category, lead department; two
parties a row with phones and ID numbers), then imports that same file three ways into an empty case
table, timing each:

  default  a plain django-import-export ModelResource (default settings: row by row, a query per
           foreign key, diffs, one transaction), with import_id_fields = code and center/year/
           sequence set in before_save_instance (the least it needs to save a Case). It is given
           the file's first --default-rows rows (3,000; 0 for all): it costs the same per row
           however many there are, and all 20,000 would take minutes of the 5-minute budget;
  raw      openpyxl read-only + bulk_create of the cases and parties (no checks at all);
  ours     the confirmed import as the job runs it: read and check the stored file again
           (importing.plan_import), then services.ledger_import_commit (one transaction).

and times our preview (the dry run alone). Then, in a child process, a 100,000-row import (its peak
memory is the child's max RSS), and exports: 100,000 rows as xlsx and csv (rows/s), and the time of
an export of 1 row (a month holding one case) from a 1,000-case table and from the 100,000-case
table, through the admin view (the fastest of --repeats requests each, the median shown too).

The last line is exactly one
    RESULT speedup_vs_default=<x> ratio_vs_raw=<x> preview_vs_commit=<x>
Targets: speedup_vs_default >= 5, ratio_vs_raw >= 0.3, preview_vs_commit <= 1.5; one-row export
100k/1k <= 1.5. Options: --rows N (default 20000), --big N (default 100000), --repeats N.
"""

import argparse
import gc
import io
import json
import os
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
if VENV_PYTHON.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve() and not os.environ.get("ZZ_BENCH_NO_REEXEC"):
    os.environ["ZZ_BENCH_NO_REEXEC"] = "1"
    os.execv(str(VENV_PYTHON), [str(VENV_PYTHON), *sys.argv])

sys.path[:0] = [str(ROOT / "site"), str(ROOT)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zongzhi.settings.dev")
os.environ.setdefault("DJANGO_LOG_LEVEL", "ERROR")

_TEMP_DIR = None
if not os.environ.get("DATABASE_URL"):
    _TEMP_DIR = tempfile.mkdtemp(prefix="zongzhi-bench-import-")
    os.environ["DATABASE_URL"] = f"sqlite:///{_TEMP_DIR}/bench.sqlite3"
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="zongzhi-bench-media-"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "建华国强秀英德明芳伟立军磊小红春生桂兰玉梅志刚海燕文杰丽娟晓东红霞永平淑珍洪涛金凤宏伟海波"
HEADER = [
    "序号",
    "编号",
    "登记日期",
    "来源",
    "当事人",
    "联系方式",
    "身份证号",
    "类别",
    "简要情况",
    "涉及人数",
    "责任单位",
    "责任人",
    "时限",
    "调处结果",
    "是否化解",
    "办结日期",
]
SOURCES = ["来访", "来电", "来信", "网上", "部门移送", "排查发现"]
CATEGORIES = ["邻里纠纷", "婚姻家庭", "房屋宅基地", "合同纠纷", "损害赔偿", "劳动争议", "道路交通事故", "物业纠纷"]
DEPARTMENTS = ["综治办", "派出所", "司法所", "信访办"]
DIRECTOR = "shifan_director"
ONE_ROW_MONTH = "2015-01"  # the generated files put exactly one case in this month


def say(text=""):
    print(text, flush=True)


def id_number(rng):
    from governance.rules.identity import id_check_digit

    first17 = f"110105{rng.randint(1950, 2000)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(100, 999)}"
    return first17 + id_check_digit(first17)


def make_ledger(path, rows, seed=7):
    """A dispute ledger of `rows` cases with the system's codes (date cells, names for foreign keys).

    Written with the ledger's streaming xlsx writer, which is several times faster than openpyxl's;
    all three importers read it with openpyxl, as they would read a file saved by Excel.
    """
    from governance.ledgers.xlsx import XlsxWriter

    rng = random.Random(seed)
    handle = open(path, "wb")
    sheet = XlsxWriter(handle, "台账", [8] * len(HEADER), header=HEADER)
    sheet.append = sheet.row
    sequences = {}
    start = date(2016, 1, 1)
    for n in range(1, rows + 1):
        received = date(2015, 1, 15) if n == 1 else start + timedelta(days=rng.randrange(0, 3600))
        sequences[received.year] = sequences.get(received.year, 0) + 1
        code = f"示范镇综治〔{received.year}〕{sequences[received.year]:04d}号"
        names = [rng.choice(SURNAMES) + rng.choice(GIVEN) + rng.choice(GIVEN) for _ in range(2)]
        phones = [f"1{rng.choice('3589')}{rng.randrange(10**9):09d}" for _ in range(2)]
        resolved = received + timedelta(days=rng.randrange(1, 40)) if rng.random() < 0.7 else None
        sheet.append(
            [
                n,
                code,
                datetime(received.year, received.month, received.day),
                rng.choice(SOURCES),
                "、".join(names),
                "、".join(phones),
                id_number(rng),
                rng.choice(CATEGORIES),
                f"第{n}号纠纷：双方因{rng.choice(CATEGORIES)}问题发生争执，请求调解。",
                2,
                rng.choice(DEPARTMENTS),
                "值班调解员",
                datetime.combine(received + timedelta(days=30), datetime.min.time()),
                "调解成功" if resolved else "",
                ("是" if rng.random() < 0.8 else "否") if resolved else "",
                datetime(resolved.year, resolved.month, resolved.day) if resolved else "",
            ]
        )
    sheet.close()
    handle.close()


def wipe_cases():
    """Empty the case tables and every table that points at them (a flush with cascade)."""
    from django.core.management.color import no_style

    from governance.ledgers.models import ImportedRow
    from governance.models import AuditEvent, Case, CaseCodeCounter

    tables = [Case._meta.db_table, CaseCodeCounter._meta.db_table, ImportedRow._meta.db_table]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, allow_cascade=True))
    AuditEvent.objects.filter(action__in=("import", "export"))._raw_delete(AuditEvent.objects.db)


def setup_center():
    """The reference lists, the roles, the demo county's 示范镇 center and its director (no pages)."""
    from governance import roles
    from governance.models import Center, Department, StaffProfile
    from governance.reference_defaults import load_reference

    roles.sync_roles()
    load_reference()
    center, _ = Center.objects.get_or_create(slug="shifan", defaults={"name": "示范镇综治中心", "short_name": "示范镇"})
    for order, name in enumerate(DEPARTMENTS):
        Department.objects.get_or_create(center=center, name=name, defaults={"role": "lead", "sort_order": order})
    user = get_user_model().objects.filter(username=DIRECTOR).first()
    if user is None:
        user = get_user_model().objects.create_user(DIRECTOR, password="bench-password", first_name="主任")
        user.groups.add(roles.group_for("director"))
        StaffProfile.objects.create(user=user, center=center)
    return center, user


def timed(function):
    gc.collect()
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


# --- the three imports ------------------------------------------------------------------------------


def import_default(path, center, limit=None):
    """A plain ModelResource with default settings (import_id_fields = code); the first `limit` rows."""
    from import_export import fields, resources, widgets
    from import_export.formats.base_formats import XLSX

    from governance.models import Case, Department, ReferenceItem

    code_pattern = re.compile(r".+〔(\d{4})〕(\d+)号")

    class DefaultCaseResource(resources.ModelResource):
        code = fields.Field(attribute="code", column_name="编号", widget=widgets.CharWidget())
        received_on = fields.Field(attribute="received_on", column_name="登记日期", widget=widgets.DateWidget())
        source = fields.Field(attribute="source", column_name="来源", widget=widgets.ForeignKeyWidget(ReferenceItem, "name"))
        category = fields.Field(attribute="category", column_name="类别", widget=widgets.ForeignKeyWidget(ReferenceItem, "name"))
        summary = fields.Field(attribute="summary", column_name="简要情况", widget=widgets.CharWidget())
        people_count = fields.Field(attribute="people_count", column_name="涉及人数", widget=widgets.IntegerWidget())
        lead_department = fields.Field(attribute="lead_department", column_name="责任单位", widget=widgets.ForeignKeyWidget(Department, "name"))
        responsible_person = fields.Field(attribute="responsible_person", column_name="责任人", widget=widgets.CharWidget())
        due_date = fields.Field(attribute="due_date", column_name="时限", widget=widgets.DateWidget())
        outcome_note = fields.Field(attribute="outcome_note", column_name="调处结果", widget=widgets.CharWidget())
        resolved_on = fields.Field(attribute="resolved_on", column_name="办结日期", widget=widgets.DateWidget())

        class Meta:
            model = Case
            import_id_fields = ("code",)
            fields = (
                "code",
                "received_on",
                "source",
                "category",
                "summary",
                "people_count",
                "lead_department",
                "responsible_person",
                "due_date",
                "outcome_note",
                "resolved_on",
            )

        def before_save_instance(self, instance, row, **kwargs):
            # The least a Case needs that a ledger row does not say: its center, year and sequence.
            instance.center = center
            match = code_pattern.fullmatch(instance.code)
            instance.year, instance.sequence = int(match.group(1)), int(match.group(2))

    dataset = XLSX().create_dataset(Path(path).read_bytes())
    if limit and limit < dataset.height:
        dataset = dataset.subset(rows=range(limit))
    # Department names repeat across centers: the default widget must see one center's only.
    DefaultCaseResource.fields["lead_department"].widget.get_queryset = lambda *a, **k: Department.objects.filter(center=center)
    result = DefaultCaseResource().import_data(dataset, dry_run=False, raise_errors=True)
    return result.totals


def import_raw(path, center):
    """openpyxl read-only + bulk_create: no checks, the floor of what an import can cost."""
    from openpyxl import load_workbook

    from governance.models import Case, Department, Party, ReferenceItem

    refs = {(kind, name): pk for kind, name, pk in ReferenceItem.objects.values_list("kind", "name", "pk")}
    departments = dict(Department.objects.filter(center=center).values_list("name", "pk"))
    code_pattern = re.compile(r".+〔(\d{4})〕(\d+)号")
    book = load_workbook(path, read_only=True, data_only=True)
    rows = book.worksheets[0].iter_rows(values_only=True)
    next(rows)
    cases, parties = [], []
    for row in rows:
        _n, code, received, source, names, phones, id_no, category, summary, people, dept, person, due, note, _flag, resolved = row
        match = code_pattern.fullmatch(code)
        cases.append(
            Case(
                center=center,
                code=code,
                year=int(match.group(1)),
                sequence=int(match.group(2)),
                kind="dispute",
                source_id=refs[("source", source)],
                category_id=refs[("category", category)],
                summary=summary,
                people_count=people,
                received_on=received.date(),
                lead_department_id=departments[dept],
                responsible_person=person,
                due_date=due.date(),
                outcome_note=note or "",
                resolved_on=resolved.date() if resolved else None,
                status="resolved" if resolved else "handling",
            )
        )
        parties.append((names.split("、"), phones.split("、"), id_no))
    book.close()
    created = Case.objects.bulk_create(cases, batch_size=1000)
    Party.objects.bulk_create(
        [
            Party(case_id=case.pk, name=name, phone=phone, id_number=id_no if i == 0 else "", role="applicant" if i == 0 else "respondent")
            for case, (names, phones, id_no) in zip(created, parties)
            for i, (name, phone) in enumerate(zip(names, phones))
        ],
        batch_size=2000,
    )
    return len(created)


def import_ours(path, center, user, preview_only=False):
    from governance.ledgers.importing import plan_import
    from governance.ledgers.registers import DISPUTES
    from governance.ledgers.services import ledger_import_commit

    data = Path(path).read_bytes()
    plan = plan_import(data, Path(path).name, DISPUTES, center)
    if plan.problems:
        raise SystemExit(f"unexpected problems: {[(p.line, p.column, p.message) for p in plan.problems[:5]]}")
    if preview_only:
        return plan.summary()["new"]
    return ledger_import_commit(plan=plan, actor=user, file_name=Path(path).name).created


# --- the child process: a big import and its peak memory ----------------------------------------------


def child_big_import(path):
    from governance.models import Center

    center = Center.objects.get(slug="shifan")
    user = get_user_model().objects.get(username=DIRECTOR)
    base = _peak_rss_kb()
    seconds, created = timed(lambda: import_ours(path, center, user))
    peak = _peak_rss_kb()
    print(json.dumps({"seconds": seconds, "created": created, "base_kb": base, "peak_kb": peak}))


def _peak_rss_kb():
    """This process's peak resident memory. VmHWM belongs to the process image (ru_maxrss also
    carries the parent's peak across fork and exec)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# --- exports ------------------------------------------------------------------------------------------


def one_row_export_seconds(client, repeats, quiet=False):
    url = "/admin/ledgers/disputes/export/"
    params = {"go": "1", "resource": "0", "format": "0", "month": ONE_ROW_MONTH}
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # steady state: the big import's write-ahead log folded in
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for _ in range(3):  # warm-up
        response = client.get(url, params)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"], response.status_code
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        response = client.get(url, params)
        times.append(time.perf_counter() - started)
    if not quiet:
        say(f"  (fastest {min(times) * 1000:.1f} ms, median {statistics.median(times) * 1000:.1f} ms)")
    one_row_export_seconds.medians.append(statistics.median(times))
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(response.content)).active
    data_rows = sheet.max_row - 2  # title and header rows
    assert data_rows == 1, data_rows
    return min(times)


one_row_export_seconds.medians = []


def child_one_row_export(repeats):
    """In a fresh process (the same state for both table sizes): the one-row export timings."""
    from django.test import Client

    settings.ALLOWED_HOSTS = ["*"]
    client = Client()
    client.force_login(get_user_model().objects.get(username=DIRECTOR))
    fastest = one_row_export_seconds(client, repeats, quiet=True)
    print(json.dumps({"fastest": fastest, "median": one_row_export_seconds.medians[-1]}))


def one_row_export_in_child(repeats):
    connection.close()
    child = subprocess.run([sys.executable, __file__, "--child-one-row", str(repeats)], capture_output=True, text=True, env=os.environ.copy())
    if child.returncode != 0:
        say(child.stderr[-3000:])
        raise SystemExit("the one-row export child failed")
    result = json.loads(child.stdout.strip().splitlines()[-1])
    say(f"  (fastest {result['fastest'] * 1000:.1f} ms, median {result['median'] * 1000:.1f} ms)")
    return result


def full_export(user, fmt):
    from governance.ledgers.cases import CASE_SOURCE
    from governance.ledgers.registers import DISPUTES
    from governance.ledgers.services import ledger_export

    with tempfile.TemporaryFile() as stream:
        seconds, rows = timed(
            lambda: ledger_export(user=user, register=DISPUTES, queryset=CASE_SOURCE.queryset(user, DISPUTES), fmt=fmt, stream=stream)
        )
        size = stream.tell()
    return seconds, rows, size


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--big", type=int, default=100000)
    parser.add_argument("--small-table", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument(
        "--default-rows",
        type=int,
        default=3000,
        help="rows of the same file given to the default ModelResource (0: all); it works row by row, so its rate does not depend on the count",
    )
    parser.add_argument("--child-import", help=argparse.SUPPRESS)
    parser.add_argument("--child-one-row", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_import:
        child_big_import(args.child_import)
        return
    if args.child_one_row:
        child_one_row_export(args.child_one_row)
        return

    settings.ALLOWED_HOSTS = ["*"]
    settings.DEBUG = False
    work = Path(tempfile.mkdtemp(prefix="zongzhi-bench-files-"))
    vendor = connection.vendor
    say(f"Database: {vendor} ({settings.DATABASES['default']['NAME']}); Python {sys.version.split()[0]} at {sys.executable}")
    say(f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start (other work on the machine slows every figure alike)")
    started_all = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    center, user = setup_center()
    say(f"Migrated, reference data and one center in {time.perf_counter() - started_all:.0f} s")

    say(f"Writing the {args.rows:,}-row ledger …")
    ledger = work / "ledger-20k.xlsx"
    seconds, _ = timed(lambda: make_ledger(ledger, args.rows))
    say(f"  {ledger.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")

    results = {}
    default_rows = args.default_rows if 0 < args.default_rows < args.rows else args.rows
    counts = {"default": default_rows}
    for name, run in (
        ("default", lambda: import_default(ledger, center, default_rows)),
        ("raw", lambda: import_raw(ledger, center)),
        ("preview", lambda: import_ours(ledger, center, user, preview_only=True)),
        ("ours", lambda: import_ours(ledger, center, user)),
    ):
        wipe_cases()
        say(f"Import: {name} …")
        seconds, outcome = timed(run)
        from governance.models import Case

        count = Case.objects.count()
        rows = counts.get(name, args.rows)
        results[name] = rows / seconds
        say(f"  {seconds:7.2f} s for {rows:,} rows  {rows / seconds:9,.0f} rows/s  (cases in the table afterwards: {count:,}; {outcome})")
    speedup = results["ours"] / results["default"]
    vs_raw = results["ours"] / results["raw"]
    preview_vs_commit = (args.rows / results["preview"]) / (args.rows / results["ours"])

    # The one-row export from a small table (measured in a fresh process, like the big one below).
    wipe_cases()
    small = work / "ledger-1k.xlsx"
    make_ledger(small, args.small_table, seed=11)
    import_ours(small, center, user)
    say(f"Export of 1 row (month {ONE_ROW_MONTH}) from a {args.small_table:,}-case table …")
    small_run = one_row_export_in_child(args.repeats)
    one_small = small_run["fastest"]

    # The big import in a child process, for its peak memory; it leaves the big table for the exports.
    wipe_cases()
    big = work / "ledger-100k.xlsx"
    say(f"Writing the {args.big:,}-row ledger …")
    seconds, _ = timed(lambda: make_ledger(big, args.big, seed=13))
    say(f"  {big.stat().st_size / 1e6:.1f} MB in {seconds:.1f} s")
    connection.close()
    child = subprocess.run([sys.executable, __file__, "--child-import", str(big)], capture_output=True, text=True, env=os.environ.copy())
    if child.returncode != 0:
        say(child.stderr[-3000:])
        raise SystemExit("the child import failed")
    big_run = json.loads(child.stdout.strip().splitlines()[-1])
    say(
        f"Import of {big_run['created']:,} rows (child process): {big_run['seconds']:.1f} s, {big_run['created'] / big_run['seconds']:,.0f} rows/s; "
        f"peak memory (VmHWM) {big_run['peak_kb'] / 1024:.0f} MB, of which {(big_run['peak_kb'] - big_run['base_kb']) / 1024:.0f} MB above the process after start-up"
    )

    say(f"Export of 1 row (month {ONE_ROW_MONTH}) from a {big_run['created']:,}-case table …")
    big_one_row = one_row_export_in_child(args.repeats)
    one_big = big_one_row["fastest"]
    small_median, big_median = small_run["median"], big_one_row["median"]
    say(
        f"  ratio big/small table: {one_big / one_small:.2f} fastest to fastest, {big_median / small_median:.2f} median to median (target <= 1.5;"
        " the fastest is the least disturbed by other work on the machine)"
    )
    export_rates = {}
    for fmt in ("xlsx", "csv"):
        seconds, rows_exported, size = full_export(user, fmt)
        export_rates[fmt] = rows_exported / seconds
        say(f"Export of all {rows_exported:,} rows as {fmt}: {seconds:.1f} s, {rows_exported / seconds:,.0f} rows/s, {size / 1e6:.1f} MB")

    say()
    say(f"Side by side on the same {args.rows:,}-row file ({vendor}), rows per second:")
    say(f"  default import-export ModelResource  {results['default']:9,.0f}  (its first {default_rows:,} rows)")
    say(f"  raw openpyxl + bulk_create           {results['raw']:9,.0f}")
    say(f"  ours: preview (dry run)              {results['preview']:9,.0f}")
    say(f"  ours: confirmed import               {results['ours']:9,.0f}")
    say(f"  targets: speedup_vs_default >= 5 ({speedup:.2f}), ratio_vs_raw >= 0.3 ({vs_raw:.2f}), preview_vs_commit <= 1.5 ({preview_vs_commit:.2f})")
    say(f"  export of 1 row, {big_run['created']:,}-case table / {args.small_table:,}-case table: {one_big / one_small:.2f} (target <= 1.5)")
    say(
        f"  import of {big_run['created']:,} rows: {big_run['created'] / big_run['seconds']:,.0f} rows/s, peak memory {big_run['peak_kb'] / 1024:.0f} MB;"
        f" export of {rows_exported:,} rows: {export_rates['xlsx']:,.0f} rows/s xlsx, {export_rates['csv']:,.0f} rows/s csv"
    )
    say(f"Total benchmark time: {time.perf_counter() - started_all:.0f} s (load average at the end {os.getloadavg()[0]:.1f})")
    if _TEMP_DIR:
        shutil.rmtree(_TEMP_DIR, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    say(f"RESULT speedup_vs_default={speedup:.2f} ratio_vs_raw={vs_raw:.2f} preview_vs_commit={preview_vs_commit:.2f}")


if __name__ == "__main__":
    main()
