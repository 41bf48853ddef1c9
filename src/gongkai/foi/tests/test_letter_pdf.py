"""Letters as PDF (issue 11 item 7; docs/SPEC.md §4.5): every kind of letter the platform issues,
composed by the real service, rendered and read back with pypdf — the same text as the DOCX (its
parts), the registration number, the font embedded, the 公文 layout."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.core.pdf import FONT_FAMILY
from gongkai.foi.legal import REGULATION, ConsultationKind, FeeMethod, Outcome
from gongkai.foi.letter_pdf import letter_pdf_filename, render_pdf
from gongkai.foi.models import Consultation, FeeNotice, InfoRequest, LetterKind
from gongkai.foi.services.letters import compose, issue_letter, letter_parts
from gongkai.foi.tests.conftest import ISSUED
from gongkai.secrecy.tests.files import docx_with

pytestmark = pytest.mark.django_db


def squeeze(text: str) -> str:
    """Text without the line breaks and spaces that the layout (or the extraction) puts in."""
    return re.sub(r"\s+", "", text)


def body_text(reader: pypdf.PdfReader) -> str:
    """The squeezed text of every page without its page number (“— n —”, GB/T 9704 7.5)."""
    return "".join(re.sub(r"—\d+—$", "", squeeze(page.extract_text())) for page in reader.pages)


def read(data: bytes) -> pypdf.PdfReader:
    assert data.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(data))


def fonts_of(reader: pypdf.PdfReader) -> list[dict[str, Any]]:
    """Every font the pages use: its name and which embedded font file its descriptor holds."""
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            found.append(
                {
                    "name": str(font["/BaseFont"]),
                    "subtype": str(font["/Subtype"]),
                    "files": [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if key in descriptor],
                }
            )
    return found


def assert_font_embedded(reader: pypdf.PdfReader) -> None:
    fonts = fonts_of(reader)
    assert fonts
    for font in fonts:
        # A subset (tag "ABCDEF+") of the vendored font, embedded as TrueType: no font is assumed.
        assert re.fullmatch(rf"/[A-Z]{{6}}\+{FONT_FAMILY}", font["name"]), font
        assert font["subtype"] == "/Type0"
        assert font["files"] == ["/FontFile2"]


def _fee(request: InfoRequest) -> FeeNotice:
    return FeeNotice.objects.create(
        request=request,
        method=FeeMethod.BY_VOLUME,
        quantity=250,
        amount=Decimal(4700),
        issued_on=dt.date(2026, 3, 4),
        pay_by=dt.date(2026, 4, 1),
    )


def _compose(kind: str, request: InfoRequest) -> tuple[str, str, str]:
    """(title, body, outcome) of a letter of ``kind`` for ``request``, by the real composer."""
    if kind == LetterKind.REPLY:
        title, body = compose(
            request,
            kind,
            outcome=Outcome.PARTIAL,
            reasons="第3页含有第三方的个人信息，公开会损害其合法权益",
            extra={"withheld": "第3页申请人以外人员的姓名和联系电话", "attached": True},
            on=ISSUED,
        )
        return title, body, Outcome.PARTIAL
    if kind == LetterKind.TERMINATION:
        _fee(request)
        title, body = compose(request, kind, outcome=Outcome.OTHER_FEE_UNPAID, on=ISSUED)
        return title, body, Outcome.OTHER_FEE_UNPAID
    extra: dict[str, Any] = {}
    reasons = ""
    if kind == LetterKind.CORRECTION:
        reasons = "请写明所需文件的名称、文号或者形成时间"
        extra = {"until": dt.date(2026, 3, 31)}
    elif kind == LetterKind.EXTENSION:
        reasons = "所申请信息数量较多，需要跨年度检索档案"
        extra = {"days": 20, "new_due": dt.date(2026, 4, 28)}
    elif kind == LetterKind.CONSULTATION:
        extra = {
            "consultation": Consultation.objects.create(
                request=request,
                kind=ConsultationKind.THIRD_PARTY,
                party="测试市某建设有限公司",
                sent_on=dt.date(2026, 3, 5),
                answer_due=dt.date(2026, 3, 26),
            )
        }
    elif kind == LetterKind.FEE:
        extra = {"fee": _fee(request)}
    elif kind == LetterKind.RECEIPT:
        extra = {"due": dt.date(2026, 3, 30)}
    title, body = compose(request, kind, reasons=reasons, extra=extra, on=ISSUED)
    return title, body, ""


@pytest.mark.parametrize("kind", LetterKind.values)
def test_every_kind_of_letter_as_pdf(kind: str, request_: InfoRequest, foi: Any) -> None:
    """Each kind: the title, the number, every paragraph of the letter in order (the parts the DOCX
    is written from), the closing block, and only the embedded vendored font."""
    title, body, outcome = _compose(kind, request_)
    letter = issue_letter(
        request_,
        kind=kind,
        actor=foi.office_handler,
        on=ISSUED,
        title=title,
        body=body,
        outcome=outcome,
        to_applicant=kind != LetterKind.CONSULTATION,
    )
    reader = read(render_pdf(letter))
    assert reader.metadata is not None and reader.metadata.title == title
    text = body_text(reader)
    parts = letter_parts(letter)
    expected = [parts["title"], parts["number"], parts["addressee"], *parts["paragraphs"], *parts["closing"]]
    position = 0
    for piece in filter(None, expected):
        found = text.find(squeeze(piece), position)
        assert found >= 0, piece
        position = found + len(squeeze(piece))
    if kind != LetterKind.CONSULTATION:  # a consultation never names the applicant nor the request
        assert request_.registration_number in text
    assert_font_embedded(reader)


def test_the_reply_carries_its_key_sentences_and_attachments(request_: InfoRequest, foi: Any) -> None:
    """第三十七条: the withheld part and its reasons, the remedies of 第五十一条, the files listed."""
    title, body, outcome = _compose(LetterKind.REPLY, request_)
    letter = issue_letter(
        request_,
        kind=LetterKind.REPLY,
        actor=foi.office_handler,
        on=ISSUED,
        title=title,
        body=body,
        outcome=outcome,
        attachments=[SimpleUploadedFile("招生划片范围.docx", docx_with("可以公开的内容"))],
    )
    text = body_text(read(render_pdf(letter)))
    assert (
        f"本机关于2026年3月2日收到您提交的政府信息公开申请（登记编号：{request_.registration_number}）"
    ) in text
    assert f"根据{REGULATION}第三十七条的规定，本机关决定部分公开" in text
    assert "不予公开的理由：第3页含有第三方的个人信息，公开会损害其合法权益。" in text
    assert f"{REGULATION}第五十一条" in text
    assert "附件：1．招生划片范围.docx" in text
    assert letter_pdf_filename(letter) == f"政府信息公开申请答复告知书（{letter.number}）.pdf"


def test_no_doubled_stop_after_a_quoted_request(make_request: Any, clock: Any, foi: Any) -> None:
    """An applicant's description ending with its own full stop is quoted without it: the letter
    reads 申请获取：“…”。 and never 。”。 (issue 11 item 7)."""
    request = make_request(dt.date(2026, 3, 2), description="2025年本市义务教育招生计划。")
    clock.set(ISSUED)
    title, body = compose(request, LetterKind.RECEIPT, extra={"due": dt.date(2026, 3, 30)}, on=ISSUED)
    letter = issue_letter(
        request, kind=LetterKind.RECEIPT, actor=foi.office_handler, on=ISSUED, title=title, body=body
    )
    text = body_text(read(render_pdf(letter)))
    assert "“2025年本市义务教育招生计划”。" in text
    assert "。”。" not in text


def test_a_long_letter_runs_onto_numbered_pages(request_: InfoRequest, foi: Any) -> None:
    """GB/T 9704 7.5: page numbers “— n —”; a paragraph longer than a page continues on the next."""
    long_reasons = "经审查，该信息涉及多个部门的职责分工，需要逐项核实。" * 40
    title, body = compose(request_, LetterKind.EXTENSION, reasons=long_reasons, extra={"days": 20}, on=ISSUED)
    letter = issue_letter(
        request_, kind=LetterKind.EXTENSION, actor=foi.office_handler, on=ISSUED, title=title, body=body
    )
    reader = read(render_pdf(letter))
    assert len(reader.pages) >= 2
    assert "—1—" in squeeze(reader.pages[0].extract_text())
    assert "—2—" in squeeze(reader.pages[1].extract_text())
    assert squeeze(long_reasons) in body_text(reader)
