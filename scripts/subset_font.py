#!/usr/bin/env python3
"""Make the Chinese font the PDF files embed: src/gongkai/core/fonts/NotoSerifSC-Regular-GB2312.ttf.

Run once when the font is vendored or refreshed (needs npm and fontTools, which comes with fpdf2):

    .venv/bin/python scripts/subset_font.py

It fetches the npm package @expo-google-fonts/noto-serif-sc (Google's Noto Serif SC, SIL Open Font
License 1.1, licence copied beside the font as OFL.txt) with ``npm pack``, takes the Regular weight
(a 14.8 MB TrueType font with glyf outlines, which PDF embeds as FontFile2), and keeps only:

* every character of GB 2312 (6763 hanzi, punctuation, full-width forms, circled numbers…);
* printable ASCII and Latin-1, and a few marks used in the platform's texts (•, –, ―, ‧, ℃, №…);
* every hanzi outside GB 2312 that the platform's own texts use (its sources, templates and demo
  data under src/gongkai, e.g. 埇 of 埇桥区), so that the region's names print.

Hinting, vertical metrics and OpenType layout tables are dropped (the PDF is set line by line by
the platform); the glyph names are stored, so that opening the font does not derive them each
time. Characters outside the subset (a rare hanzi in a name) print as the empty box of the font;
``gongkai.core.pdf.missing_characters`` lists them.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@expo-google-fonts/noto-serif-sc@0.4.3"
SOURCE = "package/400Regular/NotoSerifSC_400Regular.ttf"
LICENCE = "package/LICENSE_FONT"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "src/gongkai/core/fonts"
FONT_NAME = "NotoSerifSC-Regular-GB2312.ttf"
EXTRA = "•–—―‧℃№‰′″※→←↑↓√×÷±≤≥≠∶·＂＇｀～￥€"
HANZI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
TEXT_FILES = (".py", ".txt", ".html", ".json", ".po", ".csv", ".md")


def gb2312() -> set[str]:
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            with contextlib.suppress(UnicodeDecodeError):
                chars.add(bytes([high, low]).decode("gb2312"))
    return chars


def project_hanzi() -> set[str]:
    found: set[str] = set()
    for path in (ROOT / "src/gongkai").rglob("*"):
        if path.suffix in TEXT_FILES and path.is_file():
            found.update(HANZI.findall(path.read_text(encoding="utf-8", errors="ignore")))
    return found


def main() -> int:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    chars = gb2312() | {chr(c) for c in range(0x20, 0x7F)} | {chr(c) for c in range(0xA0, 0x100)}
    chars |= set(EXTRA)
    beyond = project_hanzi() - chars
    chars |= beyond
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["npm", "pack", "--silent", PACKAGE], cwd=tmp, check=True, capture_output=True)
        tarball = next(Path(tmp).glob("*.tgz"))
        with tarfile.open(tarball) as archive:
            archive.extractall(tmp, members=[archive.getmember(SOURCE), archive.getmember(LICENCE)])  # noqa: S202
        font = TTFont(Path(tmp) / SOURCE)
        options = subset.Options()
        options.layout_features = []
        options.hinting = False
        options.drop_tables += ["vhea", "vmtx", "BASE", "STAT", "GSUB", "GPOS", "GDEF"]
        options.name_IDs = ["*"]
        options.notdef_outline = True
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=sorted(ord(c) for c in chars))
        subsetter.subset(font)
        # Store the glyph names (post table format 2): without them every reader derives them from
        # the cmap each time it opens the font, which costs more than the rest of opening it.
        post = font["post"]
        post.formatType, post.extraNames, post.mapping = 2.0, [], {}
        TARGET.mkdir(parents=True, exist_ok=True)
        font.save(TARGET / FONT_NAME)
        shutil.copyfile(Path(tmp) / LICENCE, TARGET / "OFL.txt")
    size = (TARGET / FONT_NAME).stat().st_size
    print(f"{FONT_NAME}: {len(chars)} characters ({len(beyond)} hanzi beyond GB 2312), {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
