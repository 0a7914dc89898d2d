"""PDF documents in the official style (红头, 文号, body, 落款, date), rendered by weasyprint.

The Chinese fonts come from the system (Debian: fonts-noto-cjk); weasyprint embeds the glyphs used.
weasyprint is imported when a PDF is asked for, so the rest of the site runs without it.
"""

import shutil
import subprocess

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

CJK_FAMILIES = ("Noto Serif CJK SC", "Noto Sans CJK SC")


class PdfUnavailable(Exception):
    """weasyprint (or a Chinese font) is missing on this machine."""


def cjk_fonts_installed():
    """Whether fontconfig knows a Noto CJK SC family (what the PDF templates ask for)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    try:
        output = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return any(family in output for family in CJK_FAMILIES)


def render_pdf(template_name, context):
    """The rendered template as PDF bytes."""
    try:
        import weasyprint
    except ImportError as exc:  # pragma: no cover - depends on the machine
        raise PdfUnavailable(_("PDF output needs weasyprint: install the project's dependencies.")) from exc
    # The documents are Chinese whatever language the request runs in.
    with translation.override("zh-hans"):
        html = render_to_string(template_name, context)
    return weasyprint.HTML(string=html).write_pdf()


def chinese_date(day):
    """2026年10月9日 (GB/T 9704-2012 writes the date with Arabic numerals)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else "    年  月  日"
