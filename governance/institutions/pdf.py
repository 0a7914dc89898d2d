"""PDF documents in the official style (红头, 文号, body, 落款, date), rendered by weasyprint.

The Chinese fonts are the project's own (governance/fonts: subsets of Noto Serif/Sans CJK SC under
the SIL OFL, renamed "Zongzhi Song" and "Zongzhi Hei"), declared with @font-face from their files, so
a PDF reads the same on a machine without any Chinese font; weasyprint embeds the glyphs used. The
templates name these families first; the system's CJK fonts after them only fill in characters
outside GB 2312 where such fonts are installed. A missing font file is a system-check warning
(`check_document_fonts`), never a refusal.
weasyprint is imported when a PDF is asked for, so the rest of the site runs without it.
"""

import functools
import hashlib
import os
from pathlib import Path

from django.core import checks
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"
# The fonts unpacked for weasyprint: var/ in the checkout (ignored by git), not a shared /tmp where
# another account could put a file in their place.
UNPACKED_FONT_DIR = FONT_DIR.parent.parent / "var" / "fonts"
# (family, file, weight): the body and titles in a Song face, headings and table heads in a Hei face.
# GB/T 9704 asks for FangSong in the body; no open-licensed FangSong for simplified Chinese is packaged.
DOCUMENT_FONTS = (
    ("Zongzhi Song", "ZongzhiSong-Regular.woff2", 400),
    ("Zongzhi Hei", "ZongzhiHei-Bold.woff2", 700),
)


class PdfUnavailable(Exception):
    """weasyprint is missing on this machine."""


def missing_document_fonts():
    """The project's document font files that are not there (empty when all are)."""
    return [FONT_DIR / file for _family, file, _weight in DOCUMENT_FONTS if not (FONT_DIR / file).is_file()]


def check_document_fonts(app_configs=None, **kwargs):
    """Warn (never refuse) when a document font is missing: PDFs would show Chinese as empty boxes."""
    return [
        checks.Warning(
            # For the operator's console at start, in both languages like the Makefile's messages.
            f"缺少公文字体 {path}：PDF 中的汉字将显示为空框（Document font missing: Chinese in PDFs will show as empty boxes）",
            hint="从代码仓库恢复 governance/fonts，或运行 python governance/fonts/subset.py 重新生成（restore or rebuild the fonts）",
            id="governance.W001",
        )
        for path in missing_document_fonts()
    ]


@functools.cache
def _opentype(woff2):
    """The font as plain OpenType in UNPACKED_FONT_DIR, unpacked once for all processes: weasyprint
    would otherwise decompress the WOFF2 for every PDF (about 0.3 s). The WOFF2 itself when that
    fails (a read-only checkout, say)."""
    try:
        from fontTools.ttLib import TTFont

        digest = hashlib.sha256(woff2.read_bytes()).hexdigest()[:16]
        target = UNPACKED_FONT_DIR / f"{woff2.stem}-{digest}.otf"
        if not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            font = TTFont(woff2)
            font.flavor = None
            partial = target.with_suffix(f".{os.getpid()}.tmp")
            font.save(partial)
            os.replace(partial, target)  # atomic: another process never reads half a font
        return target
    except Exception:  # the WOFF2 always works, only slower
        return woff2


def font_face_css():
    """@font-face rules that point at the project's font files."""
    return "\n".join(
        f'@font-face {{ font-family: "{family}"; src: url("{_opentype(FONT_DIR / file).as_uri()}"); font-weight: {weight}; }}'
        for family, file, weight in DOCUMENT_FONTS
        if (FONT_DIR / file).is_file()
    )


def document_html(template_name, context):
    """The document's HTML, in Chinese whatever language the request runs in."""
    with translation.override("zh-hans"):
        return render_to_string(template_name, context)


def html_to_pdf(html):
    """PDF bytes of a document's HTML, set in the project's fonts."""
    try:
        import weasyprint
        from weasyprint.text.fonts import FontConfiguration
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(_("PDF output needs weasyprint: install the project's dependencies.")) from exc
    font_config = FontConfiguration()
    fonts = weasyprint.CSS(string=font_face_css(), font_config=font_config)
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[fonts], font_config=font_config)


def render_pdf(template_name, context):
    """The rendered template as PDF bytes."""
    return html_to_pdf(document_html(template_name, context))


def chinese_date(day):
    """2026年10月9日 (GB/T 9704-2012 writes the date with Arabic numerals)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"
