"""A letter issued in a request (告知书) as PDF, beside its Word document (docs/SPEC.md §4.5).

Every kind of letter the platform issues (答复、补正、延期、征求意见、收费、终止、收到申请的回执) is set
from the same parts as the DOCX (``letters.letter_parts``: title, number, addressee, paragraphs,
attachments, closing), so the two never differ in wording. The layout is the 公文 one of GB/T 9704
(``core.pdf``): A4 with its margins, the title centred in 二号, the number flush right, body
paragraphs in 三号 with a two-character indent, justified, on 28-point lines, the list of
attachments, and the body's name with the date at the bottom right; the Chinese font is embedded.
"""

from __future__ import annotations

from gongkai.core.pdf import OfficialPdf, pdf_filename
from gongkai.foi.models import Letter
from gongkai.foi.services.letters import letter_parts

__all__ = ["letter_pdf_filename", "render_pdf"]


def render_pdf(letter: Letter) -> bytes:
    """The letter as PDF (see the module docstring)."""
    parts = letter_parts(letter)
    pdf = OfficialPdf(title=parts["title"], author=letter.request.organization.name, subject=parts["number"])
    pdf.title_block(parts["title"])
    if parts["number"]:
        pdf.right_lines([parts["number"]], inset_chars=0)
        pdf.paragraph("")
    if parts["addressee"]:
        pdf.paragraph(parts["addressee"], align="L")
    for text in parts["paragraphs"]:
        pdf.paragraph(text, indent=True)
    if parts["attachments"]:
        pdf.paragraph("")
        for position, name in enumerate(parts["attachments"], start=1):
            prefix = "附件：" if position == 1 else "　　　"
            pdf.paragraph(f"{prefix}{position}．{name}", indent=True, align="L")
    pdf.paragraph("")
    pdf.right_lines(parts["closing"])
    return pdf.output_bytes()


def letter_pdf_filename(letter: Letter) -> str:
    """``答复告知书（宿教依复〔2026〕3号）.pdf``: as the DOCX is named."""
    name = letter.title + (f"（{letter.number}）" if letter.number else "")
    return pdf_filename(name)
