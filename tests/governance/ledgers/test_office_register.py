"""The register a township clerk really keeps (issue 16): title row, filler row, the standard headers,
mixed date forms, time limits in months and days, 未回访 where no visit was made yet, a department under
its former name — in xlsx, GBK csv and xls (written by xlwt, and re-saved by LibreOffice itself where it
is installed), every format reads the same and every row imports."""

import dataclasses
import shutil
import subprocess
from datetime import date

import pytest

from governance.ledgers.importing import plan_import
from governance.ledgers.registers import DISPUTES
from governance.models import Department
from tests.factories import VALID_ID_NUMBER
from tests.governance.ledgers.conftest import csv_bytes, xls_bytes, xlsx_bytes

pytestmark = pytest.mark.django_db

HEADER = [
    "序号",
    "登记日期",
    "来源",
    "当事人",
    "联系电话",
    "身份证号",
    "类别",
    "简要情况",
    "责任单位",
    "时限",
    "调处结果",
    "是否化解",
    "办结日期",
    "回访情况",
]
DATES = ["2026-03-05", "2026/3/6", "2026.3.7", "2026年3月8日", "２０２６年３月９日"]
LIMITS = ["1个月", "30天", "15个工作日", "半个月", "一周", "两个月", "45日"]


def rows(count=160):
    body = []
    for n in range(1, count + 1):
        resolved = n % 3 != 0
        body.append(
            [
                n,
                DATES[n % len(DATES)],
                "来访",
                f"张{n}、李{n}",
                "13800138000、无",
                VALID_ID_NUMBER,
                "邻里纠纷",
                f"第{n}起：两户因院墙滴水发生争执。",
                "国土所" if n % 4 == 0 else "综治办",
                LIMITS[n % len(LIMITS)],
                "调解成功" if resolved else "—",
                "是" if resolved else "/",
                "2026-03-20" if resolved else "",
                ("满意" if n % 2 else "未回访") if resolved else "暂无",
            ]
        )
    return [["示范镇矛盾纠纷排查调处登记台账"], ["填报单位：示范镇综治中心", None, None, "2026年第一季度"], HEADER, *body]


@pytest.mark.parametrize(
    ("name", "build"),
    [
        ("台账.xlsx", lambda r: xlsx_bytes(r)),
        ("台账.csv", lambda r: csv_bytes(r, encoding="gbk")),
        ("台账.xls", lambda r: xls_bytes(r)),
    ],
)
def test_the_clerks_register_imports_every_row_in_every_format(ledger_center, name, build):
    natural = Department.objects.create(center=ledger_center, name="自然资源所")

    plan = plan_import(build(rows()), name, DISPUTES, ledger_center)

    assert [p.as_list() for p in plan.problems] == []
    assert len(plan.cases) == 160
    assert sum(1 for c in plan.cases if c.lead_department_id == natural.pk) == 40
    assert all(c.due_date is not None for c in plan.cases)
    assert {c.status for c in plan.cases} == {"visited", "resolved", "handling"}
    assert plan.summary()["new"] == 160


SOFFICE_TIMEOUT = 180  # seconds; a first start of LibreOffice with a fresh profile takes a few


def libreoffice_xls(data, folder):
    """The xlsx `data` re-saved as xls by LibreOffice headless, as an office does it. Runs in `folder`
    with a profile of its own (-env:UserInstallation), so that parallel runs never share one."""
    binary = shutil.which("soffice") or shutil.which("libreoffice")
    if binary is None:
        pytest.skip(
            "LibreOffice (soffice) is not installed, so the xls re-saved by LibreOffice is not checked here: "
            "the CI machine's base software does not list it, so this test skips rather than fails, under CI=true too "
            "(Debian: apt-get install libreoffice-calc-nogui)."
        )
    source = folder / "register.xlsx"
    source.write_bytes(data)
    out = folder / "out"
    command = [
        binary,
        f"-env:UserInstallation={(folder / 'lo-profile').as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "xls",
        "--outdir",
        str(out),
        str(source),
    ]
    done = subprocess.run(command, capture_output=True, timeout=SOFFICE_TIMEOUT, check=False, cwd=folder)
    converted = out / "register.xls"
    assert converted.exists(), f"soffice did not write the xls (exit {done.returncode}): {done.stderr.decode(errors='replace')[-500:]}"
    return converted.read_bytes()


def test_the_300_row_register_re_saved_as_xls_by_libreoffice_reads_exactly_as_the_xlsx(ledger_center, tmp_path):
    Department.objects.create(center=ledger_center, name="自然资源所")
    sheet = rows(300)
    for row in sheet[3::7]:
        row[1] = date(2026, 3, 10)  # a real date cell beside the dates written as text
    xlsx = xlsx_bytes(sheet)

    xls = libreoffice_xls(xlsx, tmp_path)

    assert xls.startswith(b"\xd0\xcf\x11\xe0")  # an OLE2 (Excel 97-2003) file
    from_xlsx = plan_import(xlsx, "台账.xlsx", DISPUTES, ledger_center)
    from_xls = plan_import(xls, "台账.xls", DISPUTES, ledger_center)
    assert (from_xlsx.format, from_xls.format) == ("xlsx", "xls")
    assert [p.as_list() for p in from_xls.problems] == [p.as_list() for p in from_xlsx.problems] == []
    assert len(from_xls.cases) == 300
    assert [dataclasses.astuple(c) for c in from_xls.cases] == [dataclasses.astuple(c) for c in from_xlsx.cases]
    assert from_xls.serials == from_xlsx.serials
    ignore = {"file", "format", "encoding"}
    assert {k: v for k, v in from_xls.summary().items() if k not in ignore} == {k: v for k, v in from_xlsx.summary().items() if k not in ignore}
