"""Rebuild the document fonts in this folder from Noto Serif/Sans CJK SC (SIL OFL 1.1).

    python governance/fonts/subset.py [/usr/share/fonts/opentype/noto]

The sources are the SC faces of the OpenType collections that Debian's fonts-noto-cjk installs. Each
is cut down to what Chinese official documents use (ASCII and Latin-1, general punctuation, CJK
symbols, full-width forms and every character of GB 2312, both levels of hanzi included) and renamed
"Zongzhi ..." (the OFL keeps original names for the original fonts), so the repository stays small
and a PDF shows by its font names that the project's fonts are the ones embedded. Needs fontTools
(installed with weasyprint) and brotli for WOFF2. The licence and the copyright notices are OFL.txt.
"""

import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTCollection

HERE = Path(__file__).resolve().parent
SC_INDEX = 2  # JP, KR, SC, TC, HK in each Noto CJK collection
# (source collection, family, style): a Song face for titles and body, a bold Hei face for headings.
# A bold Song face would add 2.9 MB for the titles alone; they are set in the regular one.
FONTS = (
    ("NotoSerifCJK-Regular.ttc", "Zongzhi Song", "Regular"),
    ("NotoSansCJK-Bold.ttc", "Zongzhi Hei", "Bold"),
)


def gb2312_characters():
    """Every character GB 2312 encodes (rows 1-9 symbols, rows 16-87 the 6,763 hanzi)."""
    characters = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                characters.add(bytes((high, low)).decode("gb2312"))
            except UnicodeDecodeError:
                continue
    return characters


def codepoints():
    ranges = [(0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x3000, 0x303F), (0xFF00, 0xFFEF)]
    points = {point for start, end in ranges for point in range(start, end + 1)}
    return points | {ord(character) for character in gb2312_characters()}


def rename(font, family, style):
    postscript = f"{family.replace(' ', '')}-{style}"
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 2, 3, 4, 6, 16, 17, 18, 21, 22):
            names.removeNames(nameID=record.nameID)
    for name_id, value in ((1, family), (2, style), (3, f"{postscript};subset of Noto CJK SC"), (4, f"{family} {style}"), (6, postscript)):
        names.setName(value, name_id, 3, 1, 0x409)
        names.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]
        top = cff.topDictIndex[0]
        for key in ("FullName", "FamilyName"):
            if hasattr(top, key):
                setattr(top, key, f"{family} {style}" if key == "FullName" else family)


def build(source_dir):
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = False
    for source, family, style in FONTS:
        font = TTCollection(str(Path(source_dir) / source)).fonts[SC_INDEX]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints())
        subsetter.subset(font)
        rename(font, family, style)
        target = HERE / f"{family.replace(' ', '')}-{style}.woff2"
        subset.save_font(font, str(target), options)
        print(target.name, target.stat().st_size)


if __name__ == "__main__":
    build(sys.argv[1] if len(sys.argv) > 1 else "/usr/share/fonts/opentype/noto")
