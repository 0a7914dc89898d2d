"""The printed documents: the rectification notice (with its receipt form on page 2), the meeting
minutes and the assessment results, read back with pdftotext: the Chinese must be there, set in the
project's own fonts (governance/fonts), which pdffonts lists by their names: "Zongzhi ...", a name
no system font has, so the check holds on machines with CJK fonts installed too.

Needs weasyprint and poppler-utils (pdftotext, pdffonts), no system font: without them the tests skip
with the reason locally and fail under CI=true.
"""

import os
import re
import shutil
import subprocess
import sys
from datetime import timedelta

import pytest

from governance.institutions import pdf
from governance.institutions.models import MeetingAttendance
from governance.institutions.services import assessments as assessment_services
from governance.institutions.services import meetings as meeting_services
from governance.institutions.services import notices as notice_services
from tests.conftest import skip_or_fail

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def pdf_tools():
    try:
        import weasyprint  # noqa: F401
    except ImportError:
        skip_or_fail("weasyprint 未安装：pip install -e '.[dev]'（PDF 测试需要它）")
    if shutil.which("pdftotext") is None or shutil.which("pdffonts") is None:
        skip_or_fail("pdftotext/pdffonts 不存在：apt-get install -y poppler-utils")


def embedded_fonts(data, tmp_path):
    """The base names of the fonts embedded in the PDF (pdffonts, without the subset tag)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    return {line.split()[0].split("+")[-1] for line in lines if line.strip()}


def assert_project_fonts_only(data, tmp_path, expected=("Zongzhi-Song",)):
    """Every font in the PDF is one of the project's (no system font filled anything in)."""
    fonts = embedded_fonts(data, tmp_path)
    assert fonts and all(name.startswith("Zongzhi") for name in fonts), fonts
    for name in expected:
        assert any(font.startswith(name) for font in fonts), (name, fonts)


def pdf_text(data, tmp_path, page=None):
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    command = ["pdftotext", "-enc", "UTF-8"]
    if page:
        command += ["-f", str(page), "-l", str(page)]
    text = subprocess.run([*command, str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return re.sub(r"\s+", "", text)  # CJK lines wrap anywhere


def page_count(data, tmp_path):
    path = tmp_path / "count.pdf"
    path.write_bytes(data)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout if shutil.which("pdfinfo") else ""
    match = re.search(r"Pages:\s+(\d+)", info)
    return int(match.group(1)) if match else None


@pytest.fixture
def notice(town, director, departments, clock):
    draft = notice_services.notice_create(
        center=town,
        actor=director,
        data=notice_services.NoticeData(
            recipient_id=departments["派出所"].pk,
            problem="出租屋楼道堆放电动车并违规充电，消防通道被堵塞。",
            place="新华小区7栋",
            basis="《中华人民共和国消防法》第二十八条",
            measures="清理楼道杂物，拆除飞线充电设施。",
            responsible_person="许海涛",
            funds="约3000元，由房东承担",
            deadline=clock.today + timedelta(days=14),
            contingency_plan="整改期间每日巡查一次。",
            issuer_name="陈志远",
        ),
    )
    return notice_services.notice_issue(pk=draft.pk, actor=director)


def test_notice_pdf_is_an_official_a4_notice_with_the_receipt_form_on_page_two(client, director, notice, tmp_path):
    client.force_login(director)
    response = client.get(f"/admin/institutions/notices/{notice.pk}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    assert data.startswith(b"%PDF")
    first = pdf_text(data, tmp_path, page=1)
    for expected in (
        "甲镇综治中心",
        "甲镇综治整改〔2026〕1号",
        "整改通知书",
        "派出所：",
        "新华小区7栋",
        "出租屋楼道堆放电动车并违规充电",
        "《中华人民共和国消防法》第二十八条",
        "整改措施",
        "清理楼道杂物",
        "许海涛",
        "约3000元，由房东承担",
        "请于2026年10月12日前整改完毕",
        "应急预案",
        "整改期间每日巡查一次",
        "签发人：陈志远",
        "2026年9月28日",
    ):
        assert expected in first, expected
    second = pdf_text(data, tmp_path, page=2)
    for expected in ("整改通知书回执", "甲镇综治整改〔2026〕1号", "接收单位", "派出所", "签收日期", "拟采取的整改措施", "接收单位（盖章）"):
        assert expected in second, expected
    assert "回执" not in first.replace("将回执交回", "")  # the receipt form starts on its own page
    assert page_count(data, tmp_path) == 2
    assert_project_fonts_only(data, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))


def test_a_draft_prints_as_a_draft_without_a_number(client, town, director, departments, clock, tmp_path):
    draft = notice_services.notice_create(
        center=town,
        actor=director,
        data=notice_services.NoticeData(
            recipient_id=departments["综治办"].pk,
            problem="路灯损坏",
            place="东街",
            basis="照明管理规定",
            measures="更换灯具",
            responsible_person="李四",
            funds="500元",
            deadline=clock.today + timedelta(days=3),
            contingency_plan="设置警示",
        ),
    )
    client.force_login(director)
    data = client.get(f"/admin/institutions/notices/{draft.pk}/pdf/").content
    assert_project_fonts_only(data, tmp_path)
    text = pdf_text(data, tmp_path, page=1)
    assert "未编号草稿" in text and "草稿" in text


def test_minutes_pdf(client, town, director, departments, clock, tmp_path):
    meeting = meeting_services.meeting_create(center=town, actor=director, scheduled_on=clock.today, title="甲镇九月联席会议", place="综治联席会议室")
    meeting_services.meeting_hold(pk=meeting.pk, actor=director, held_on=clock.today, chair="陈志远", recorder="林晓燕")
    rows = {a.department_id: (MeetingAttendance.Status.PRESENT, "参会干部") for a in meeting.attendance.all()}
    rows[departments["甲镇卫生院"].pk] = (MeetingAttendance.Status.ABSENT, "")
    meeting_services.meeting_record_attendance(pk=meeting.pk, actor=director, rows=rows)
    meeting_services.meeting_record_minutes(pk=meeting.pk, actor=director, minutes="会议通报了本月矛盾纠纷排查情况。\n会议研究了逾期案件。")
    meeting_services.meeting_add_decision(
        pk=meeting.pk, actor=director, decision="开展出租屋消防安全检查", owner=departments["派出所"], deadline=clock.today + timedelta(days=10)
    )
    client.force_login(director)
    data = client.get(f"/admin/institutions/meetings/{meeting.pk}/pdf/").content
    assert_project_fonts_only(data, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))
    text = pdf_text(data, tmp_path)
    for expected in (
        "甲镇综治中心",
        "联席会议纪要",
        "甲镇九月联席会议",
        "2026年9月28日",
        "综治联席会议室",
        "主持：陈志远",
        "记录：林晓燕",
        "参会单位及人员",
        "应到3个单位，实到2个单位",
        "缺席",
        "会议通报了本月矛盾纠纷排查情况",
        "议定事项",
        "开展出租屋消防安全检查",
        "派出所",
        "2026年10月8日",
    ):
        assert expected in text, expected


def test_assessment_results_pdf(client, town, director, clock, tmp_path):
    assessment = assessment_services.assessment_create(actor=director, center=town, kind="quarterly", subject="departments", year=2026, number=3)
    assessment_services.assessment_compute(pk=assessment.pk, actor=director)
    client.force_login(director)
    data = client.get(f"/admin/institutions/assessments/{assessment.pk}/pdf/").content
    assert_project_fonts_only(data, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))
    text = pdf_text(data, tmp_path)
    for expected in ("甲镇综治中心", "考核结果", "名次", "被考核单位", "综合得分", "派出所", "甲镇卫生院", "2026年7月1日至2026年9月30日"):
        assert expected in text, expected


NO_FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig><cachedir>{cache}</cachedir></fontconfig>
"""

RENDER_WITHOUT_DJANGO = """
import sys
import weasyprint
from weasyprint.text.fonts import FontConfiguration
from governance.institutions.pdf import font_face_css
font_config = FontConfiguration()
fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config)
sys.stdout.buffer.write(weasyprint.HTML(string=sys.stdin.read()).write_pdf(stylesheets=[fonts], font_config=font_config))
"""


def test_documents_read_in_chinese_on_a_machine_with_no_font_at_all(tmp_path):
    # fontconfig pointed at an empty configuration: the machine knows no font, CJK or other (without
    # the project's fonts weasyprint crashes here); a subprocess, as fontconfig starts once per process.
    from django.template import Context, Template

    html = Template(
        '{% extends "institutions/pdf/base.html" %}{% block body %}<p class="head flush">甲镇综治中心</p>'
        "<h1>整改通知书</h1><h2>一、整改措施</h2><p>清理楼道杂物，拆除飞线充电设施。</p>{% endblock %}"
    ).render(Context())
    config = tmp_path / "fonts.conf"
    config.write_text(NO_FONTS_CONF.format(cache=tmp_path / "cache"))
    root = pdf.FONT_DIR.parent.parent
    result = subprocess.run(
        [sys.executable, "-c", RENDER_WITHOUT_DJANGO],
        input=html.encode(),
        capture_output=True,
        env={**os.environ, "FONTCONFIG_FILE": str(config), "PYTHONPATH": str(root)},
        cwd=root,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr.decode()[-2000:]
    data = result.stdout
    assert_project_fonts_only(data, tmp_path, expected=("Zongzhi-Song", "Zongzhi-Hei"))
    text = pdf_text(data, tmp_path)
    for expected in ("甲镇综治中心", "整改通知书", "一、整改措施", "清理楼道杂物，拆除飞线充电设施。", "—1—"):
        assert expected in text, expected


def test_a_missing_document_font_warns_at_start_and_refuses_nothing(tmp_path, monkeypatch):
    from django.core import checks

    assert pdf.check_document_fonts in checks.registry.registry.get_checks()
    assert pdf.check_document_fonts() == []
    monkeypatch.setattr(pdf, "FONT_DIR", tmp_path)
    warnings = pdf.check_document_fonts()
    assert [warning.id for warning in warnings] == ["governance.W001"] * len(pdf.DOCUMENT_FONTS)
    assert all(warning.level == checks.WARNING for warning in warnings)


def test_fonts_are_unpacked_once_for_weasyprint_and_the_woff2_serves_when_they_cannot_be(tmp_path, monkeypatch):
    unpacked = tmp_path / "unpacked"
    monkeypatch.setattr(pdf, "UNPACKED_FONT_DIR", unpacked)
    pdf._opentype.cache_clear()
    try:
        css = pdf.font_face_css()
        files = sorted(unpacked.glob("*.otf"))
        assert len(files) == len(pdf.DOCUMENT_FONTS) and all(path.as_uri() in css for path in files)
        blocker = tmp_path / "a-file"
        blocker.write_text("")
        monkeypatch.setattr(pdf, "UNPACKED_FONT_DIR", blocker / "fonts")  # under a file: cannot be made
        pdf._opentype.cache_clear()
        css = pdf.font_face_css()
        assert all((pdf.FONT_DIR / file).as_uri() in css for _family, file, _weight in pdf.DOCUMENT_FONTS)
    finally:
        pdf._opentype.cache_clear()
