"""How ``ocr_notice.png`` was made (run once; the PNG is kept so that the tests need no fonts).

The demo's PDF writer sets three lines in the PDF standard font STSong-Light; pdfium draws them
with a Chinese system font (Debian: fonts-noto-cjk), and the page is cropped and written as an
8-bit grey PNG. Run: ``.venv/bin/python src/gongkai/core/tests/files/make_fixtures.py``.
"""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium

from gongkai.core.samplefiles import make_pdf
from gongkai.core.tests.documents import grey_png

LINES = [
    "关于公布2026年教师招聘拟录用人员名单的公告",
    "拟录用人员：张三，公民身份号码 341302198506120048",
    "联系电话：0557-3021234",
]


def main() -> None:
    # Half-width digits: the demo's font dictionary gives every glyph a full em.
    pdf = make_pdf(LINES).replace(b"/DW 1000 >>", b"/DW 1000 /W [1 95 500] >>")
    page = pdfium.PdfDocument(pdf)[0]
    bitmap = page.render(scale=200 / 72, grayscale=True, crop=(40, 730, 180, 30))
    w, h, stride = bitmap.width, bitmap.height, bitmap.stride
    buffer = bytes(bitmap.buffer)
    rows = b"".join(buffer[y * stride : y * stride + w] for y in range(h))
    Path(__file__).with_name("ocr_notice.png").write_bytes(grey_png(w, h, rows))


if __name__ == "__main__":
    main()
