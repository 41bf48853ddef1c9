"""What every PDF Gongkai writes shares: the 公文 page (GB/T 9704), the embedded Chinese font, Chinese
line breaking and bordered tables with merged cells.

Reply letters (``foi.letter_pdf``) and annual reports (``reports.pdf``) are set with it, beside
their Word documents (``core.wordfiles``). The font is a subset of Noto Serif SC (a 宋体-like serif,
SIL Open Font License 1.1) vendored in ``core/fonts`` and made by ``scripts/subset_font.py``: GB 2312,
ASCII and Latin-1, and the hanzi beyond GB 2312 that the platform's own texts use. Each PDF embeds
the glyphs it uses (a TrueType subset, ``FontFile2``), so it prints the same on any machine,
whatever fonts it has. A character outside the font prints as an empty box
(``missing_characters`` tells which).

Lines are broken the Chinese way (禁则): a line never starts with closing punctuation (，。、”）》…)
nor ends with opening punctuation (“（《…); a run of Latin letters and digits (a registration
number, a URL) is kept whole when it fits on a line. Justified lines spread their characters to
the full width, as Word's 两端对齐 does.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import Align, TableBordersLayout, TableCellFillMode, TextEmphasis, TextMode, VAlign, WrapMode
from fpdf.fonts import FontFace, TTFFont

__all__ = [
    "FONT_FAMILY",
    "FONT_FILE",
    "PDF_TYPE",
    "OfficialPdf",
    "TableCell",
    "break_lines",
    "missing_characters",
    "pdf_filename",
]

PDF_TYPE = "application/pdf"
FONT_FAMILY = "NotoSerifSC"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "NotoSerifSC-Regular-GB2312.ttf"

#: GB/T 9704—2012 5.2.1: A4; 7.2: top margin 37 mm, bottom 35, left 28, right 26 (156 × 225 mm of text).
MARGINS_MM = (28.0, 37.0, 26.0, 35.0)  # left, top, right, bottom
PT = 25.4 / 72  # one point in mm
#: 三号 (16 pt) body text on 28 pt lines (22 lines a page, GB/T 9704 5.2.2); 二号 (22 pt) title.
BODY_PT = 16.0
TITLE_PT = 22.0
LEADING_PT = 28.0
PAGE_NUMBER_PT = 14.0  # 4号 (GB/T 9704 7.5)

#: 禁则: characters that may not start a line, and those that may not end one.
NO_LINE_START = frozenset("，。、；：？！）》」』】〕〉”’…—～·%‰℃°,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9@#&_.\-/:%+=?~]*|\s+|.", re.S)


@functools.cache
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    font = TTFont(FONT_FILE, lazy=True)
    return frozenset(font.getBestCmap())


def missing_characters(text: str) -> str:
    """The characters of ``text`` the vendored font has no glyph for (printed as an empty box)."""
    cmap = _cmap()
    seen: dict[str, None] = {}
    for ch in text:
        if not ch.isspace() and ord(ch) not in cmap:
            seen[ch] = None
    return "".join(seen)


def pdf_filename(name: str) -> str:
    """A download name: ``name`` without the characters file systems refuse, with ``.pdf``."""
    return "".join(ch for ch in name if ch not in '\\/:*?"<>|\r\n') + ".pdf"


def break_lines(
    text: str, width: float, measure: Callable[[str], float], first: float | None = None
) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (the first line ``first``, for an indent),
    following the 禁则 above. ``measure`` gives the width of a string."""
    tokens: list[str] = []
    for token in _TOKEN.findall(text):
        if len(token) > 1 and not token.isspace() and measure(token) > width:
            tokens.extend(token)  # longer than a line: broken anywhere
        else:
            tokens.append(token)
    lines: list[str] = []
    line: list[str] = []
    used = 0.0
    limit = width if first is None else first
    for token in tokens:
        size = measure(token)
        if line and used + size > limit + 1e-6:
            carried = [token]
            # The next line would start with closing punctuation: take the last token along.
            while len(line) > 1 and carried[0][0] in NO_LINE_START:
                carried.insert(0, line.pop())
            # This line would end with opening punctuation (or a space): move it down.
            while len(line) > 1 and (line[-1][-1] in NO_LINE_END or line[-1].isspace()):
                carried.insert(0, line.pop())
            lines.append("".join(line).rstrip())
            line = [t for t in carried if not (t.isspace() and t is carried[0])]
            used = sum(measure(t) for t in line)
            limit = width
        else:
            if not line and token.isspace():
                continue
            line.append(token)
            used += size
    if line:
        lines.append("".join(line).rstrip())
    return lines


@dataclass(frozen=True)
class TableCell:
    """One cell of a table as it starts in its row (a cell spanning rows appears in its first row
    only, as in HTML): text, spans, whether it is a header (shaded), alignment."""

    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False
    align: str = "C"


def _column_spans(rows: Sequence[Sequence[TableCell]]) -> list[list[tuple[int, int]]]:
    """The first and last column of each cell, spans resolved as an HTML table does."""
    taken: set[tuple[int, int]] = set()
    out: list[list[tuple[int, int]]] = []
    for r, row in enumerate(rows):
        c = 0
        spans = []
        for cell in row:
            while (r, c) in taken:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            spans.append((c, c + cell.colspan - 1))
            c += cell.colspan
        out.append(spans)
    return out


class OfficialPdf(FPDF):
    """An A4 page with the 公文 margins and the page number of GB/T 9704 (“— 1 —”, 4号, odd pages
    on the right, even pages on the left), set in the vendored font."""

    def __init__(self, *, title: str, author: str, subject: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._widths: dict[float, dict[str, float]] = {}
        left, top, right, bottom = MARGINS_MM
        self.set_margins(left, top, right)
        self.set_auto_page_break(True, bottom)
        self.add_font(FONT_FAMILY, "", FONT_FILE)
        for font in self.fonts.values():
            if not isinstance(font, TTFFont):
                continue
            # The subset embedded keeps each glyph's outline as it is: its bounding box need not be
            # recomputed, which would decode and re-encode every glyph used (most of the time spent).
            font.ttfont.recalcBBoxes = False
        self.set_font(FONT_FAMILY, size=BODY_PT)
        self.set_title(title)
        self.set_author(author)
        self.set_creator("Gongkai")
        if subject:
            self.set_subject(subject)
        self.set_lang("zh-CN")
        self.set_display_mode("fullwidth")
        self.add_page()

    # -- the page ------------------------------------------------------------------------------------

    def footer(self) -> None:
        self.set_font(FONT_FAMILY, size=PAGE_NUMBER_PT)
        text = f"— {self.page_no()} —"
        self.set_y(-MARGINS_MM[3] + 7)
        width = self.get_string_width(text)
        inset = PAGE_NUMBER_PT * PT  # one character from the edge of the text
        if self.page_no() % 2:
            self.set_x(self.w - self.r_margin - inset - width)
        else:
            self.set_x(self.l_margin + inset)
        self.cell(width, PAGE_NUMBER_PT * PT, text)

    def measure(self, text: str) -> float:
        """The width of ``text`` (mm) in the current font and size: the sum of its characters'
        widths, each measured once (the font has no kerning; fpdf2's own measure costs much more
        per call, and line breaking measures every token)."""
        widths = self._widths.setdefault(self.font_size_pt, {})
        total = 0.0
        for ch in text:
            width = widths.get(ch)
            if width is None:
                width = widths[ch] = self.get_string_width(ch)
            total += width
        return total

    @property
    def text_width(self) -> float:
        return self.w - self.l_margin - self.r_margin

    # -- text ----------------------------------------------------------------------------------------

    def paragraph(
        self,
        text: str,
        *,
        size: float = BODY_PT,
        align: str = "J",
        indent: bool = False,
        bold: bool = False,
        leading: float = LEADING_PT,
        left: float = 0.0,
        keep_with_next: int = 0,
    ) -> None:
        """One paragraph on ``leading``-point lines: ``align`` J (justified, the last line left), L,
        C or R; ``indent`` two characters on the first line; ``left`` mm more on every line (a
        nested list item); ``bold`` strokes the glyphs (the font has one weight);
        ``keep_with_next`` lines of what follows must fit on the same page (a heading is not left
        alone at the foot of a page)."""
        self.set_font(FONT_FAMILY, size=size)
        first = 2 * size * PT if indent else 0.0
        width = self.text_width - left
        height = leading * PT
        if not text:
            self.ln(height)
            return
        if align == "C":
            if self.measure(text) > width:
                width = self._balanced(text, width)
            lines = break_lines(text, width, self.measure)
        else:
            lines = break_lines(text, width, self.measure, first=width - first)
        if keep_with_next and self.will_page_break(height * (len(lines) + keep_with_next)):
            self.add_page()
        for number, line in enumerate(lines):
            offset = left + (first if number == 0 else 0.0)
            room = width - (first if number == 0 else 0.0)
            self._line(line, room, offset, height, align, last=number == len(lines) - 1, bold=bold)

    def _balanced(self, text: str, width: float) -> float:
        """The narrowest width that sets a centred text (a title) on as few lines as ``width`` does:
        lines of even length rather than a full line and a stub (GB/T 9704 7.3.1: 排列对称)."""
        count = len(break_lines(text, width, self.measure))
        low, high = self.measure(text) / count, width
        for _ in range(12):
            middle = (low + high) / 2
            if len(break_lines(text, middle, self.measure)) > count:
                low = middle
            else:
                high = middle
        return high

    def _line(
        self, line: str, room: float, offset: float, height: float, align: str, *, last: bool, bold: bool
    ) -> None:
        # The page is turned before the graphics state is saved for a bold line, never inside it.
        if self.will_page_break(height):
            self.add_page()
        if bold:
            with self.local_context(text_mode=TextMode.FILL_STROKE, line_width=self.font_size * 0.03):
                self._place(line, room, offset, height, align, last=last)
        else:
            self._place(line, room, offset, height, align, last=last)

    def _place(self, line: str, room: float, offset: float, height: float, align: str, *, last: bool) -> None:
        natural = self.measure(line)
        spacing = 0.0
        if align == "J" and not last and len(line) > 1 and natural < room:
            spacing = min((room - natural) / (len(line) - 1), self.font_size)  # in mm
        x = self.l_margin + offset
        if align == "C":
            x = self.l_margin + (self.text_width - natural) / 2
        elif align == "R":
            x = self.w - self.r_margin - natural
        self.set_xy(x, self.y)
        self.set_char_spacing(spacing * self.k)  # Tc is in points
        self.cell(natural + spacing * (len(line) - 1), height, line, new_x="LMARGIN", new_y="NEXT")
        self.set_char_spacing(0)

    def title_block(self, title: str, *, parts: Sequence[str] = ()) -> None:
        """The title: 二号, centred, bold, with a blank line under it. A title too long for one line
        is set on the lines ``parts`` gives (breaks where the meaning allows, GB/T 9704 7.3.1: 词意
        完整), else on lines of even length."""
        self.set_font(FONT_FAMILY, size=TITLE_PT)
        lines = [title] if self.measure(title) <= self.text_width or not parts else parts
        for line in lines:
            self.paragraph(line, size=TITLE_PT, align="C", bold=True, leading=LEADING_PT * 1.3)
        self.paragraph("")

    def right_lines(self, lines: Iterable[str], *, inset_chars: int = 2) -> None:
        """The closing block (the body's name, the date): right-aligned, ``inset_chars`` from the
        right margin (GB/T 9704 7.3.5.1: 右空四字 for the date of a letter without a seal; two here,
        as the DOCX sets it flush right with the same text)."""
        lines = list(lines)
        self.set_font(FONT_FAMILY, size=BODY_PT)
        inset = inset_chars * BODY_PT * PT
        right = max((self.measure(line) for line in lines), default=0.0)
        for line in lines:
            width = self.measure(line)
            # The name and the date are centred on each other, their block flush to the inset.
            x = self.w - self.r_margin - inset - right + (right - width) / 2
            if self.will_page_break(LEADING_PT * PT):
                self.add_page()
            self.set_x(x)
            self.cell(width, LEADING_PT * PT, line, new_x="LMARGIN", new_y="NEXT")

    # -- tables --------------------------------------------------------------------------------------

    def bordered_table(
        self,
        rows: Sequence[Sequence[TableCell]],
        *,
        widths: Sequence[float],
        head_rows: int = 0,
        size: float = 9.0,
    ) -> None:
        """A table with borders on every cell: merged cells from the spans, header cells shaded,
        the first ``head_rows`` rows repeated at the top of every page the table runs onto."""
        self.set_font(FONT_FAMILY, size=size)
        padding = 0.8
        header_face = FontFace(emphasis=TextEmphasis.NONE, fill_color=(242, 242, 242))
        plain = FontFace(emphasis=TextEmphasis.NONE)
        with self.table(
            col_widths=tuple(widths),
            width=sum(widths),
            align=Align.C,
            v_align=VAlign.M,
            borders_layout=TableBordersLayout.ALL,
            cell_fill_mode=TableCellFillMode.NONE,
            first_row_as_headings=head_rows > 0,
            num_heading_rows=head_rows,
            headings_style=header_face,
            line_height=size * PT * 1.35,
            padding=padding,
            wrapmode=WrapMode.CHAR,
            text_align=Align.C,
        ) as table:
            for row, spans in zip(rows, _column_spans(rows), strict=True):
                out = table.row()
                for cell, (first, last) in zip(row, spans, strict=True):
                    room = sum(widths[first : last + 1]) - 2 * padding - 0.3
                    out.cell(
                        "\n".join(
                            line
                            for part in cell.text.splitlines()
                            for line in break_lines(part, room, self.measure)
                        ),
                        align=Align.coerce(cell.align),
                        colspan=cell.colspan,
                        rowspan=cell.rowspan,
                        style=header_face if cell.header else plain,
                    )
        self.set_font(FONT_FAMILY, size=BODY_PT)

    def output_bytes(self) -> bytes:
        return bytes(self.output())
