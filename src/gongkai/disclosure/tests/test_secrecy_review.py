"""The secrecy review is verified, not claimed (docs/SPEC.md §2.5; issue 8, a privacy breach).

A reviewer recorded "已删除或遮盖" for an ID number in a DOCX attachment without the file changing;
the item was published and the number found by portal search. Here "已删除或遮盖" is refused while a
rescan still finds the finding, and recorded by the masking services only after the rescan no longer
does; masking really removes the text from body, DOCX, XLSX and PDF.
"""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.audit.models import AuditEvent
from gongkai.disclosure.models import Attachment, FindingDecision, Item, ItemState
from gongkai.disclosure.services import masking, workflow
from gongkai.disclosure.services.content import check_upload
from gongkai.disclosure.services.scan import UNREADABLE, blocking_findings, scan_item
from gongkai.secrecy.redaction import docx_text
from gongkai.secrecy.tests.files import ID_DIGITS, ID_X, blank_png, docx_with, pdf_with, xlsx_with
from gongkai.testing import item_fields, make_item

pytestmark = pytest.mark.django_db

MASKED_X = "1101**********002X"
MASKED_DIGITS = "3413**********1234"


def _in_review(region, *, body: str = "<p>通知正文。</p>", files: tuple[tuple[str, bytes], ...] = ()) -> Item:
    return make_item(region=region, state=ItemState.REVIEW, body=body, files=files)


def _only_blocking(item: Item):
    [finding] = blocking_findings(item)
    return finding


def _stored(attachment: Attachment) -> bytes:
    attachment.refresh_from_db()
    with attachment.file.open("rb") as handle:
        return handle.read()


# --- the claim ------------------------------------------------------------------------------------


def test_removed_is_refused_while_the_file_still_holds_the_number(region):
    """The issue's case: the DOCX never changed, so "已删除或遮盖" must not be recorded."""
    item = _in_review(region, files=(("补助名单.docx", docx_with(f"张三，身份证号 {ID_X}。")),))
    finding = _only_blocking(item)
    assert finding.field_label == "附件《补助名单.docx》" and finding.can_mask
    with pytest.raises(ValidationError) as refused:
        workflow.decide_finding(
            actor=region.reviewer,
            item=item,
            fingerprint=finding.fingerprint,
            decision="removed",
            note="已处理",
        )
    message = refused.value.messages[0]
    assert "不能记为“已删除或遮盖”" in message and "附件《补助名单.docx》" in message
    assert f"遮盖为 {MASKED_X}" in message
    assert not FindingDecision.objects.filter(item=item).exists()
    with pytest.raises(ValidationError):
        workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    assert blocking_findings(item)


def test_not_secret_needs_a_reason(region):
    item = _in_review(region, body=f"<p>联系人身份证号{ID_X}</p>")
    finding = _only_blocking(item)
    with pytest.raises(ValidationError) as refused:
        workflow.decide_finding(
            actor=region.reviewer, item=item, fingerprint=finding.fingerprint, decision="not_secret", note=" "
        )
    assert "必须填写理由" in str(refused.value)
    workflow.decide_finding(
        actor=region.reviewer,
        item=item,
        fingerprint=finding.fingerprint,
        decision="not_secret",
        note="经核实为公开的示例号码",
    )
    assert not blocking_findings(item)
    event = AuditEvent.objects.filter(action="item.finding_decided").get()
    assert event.reason == "经核实为公开的示例号码" and event.data["decision"] == "not_secret"


def test_a_removal_never_clears_a_finding_found_again(region):
    """A "removed" decision stored for a fingerprint (legacy, or masked before a return) does not
    make the same text harmless when it reappears."""
    item = _in_review(region, body=f"<p>联系人身份证号{ID_X}</p>")
    finding = _only_blocking(item)
    FindingDecision.objects.create(
        item=item,
        fingerprint=finding.fingerprint,
        field="body",
        kind="id_card",
        matched=ID_X,
        decision="removed",
        decided_by=region.reviewer,
    )
    assert [f.fingerprint for f in blocking_findings(item)] == [finding.fingerprint]


def test_removed_is_accepted_once_the_rescan_no_longer_finds_it(region):
    """The reviewer masked in another window, then sent the stale form: the claim is now true."""
    item = _in_review(region, body=f"<p>联系人身份证号{ID_X}</p>")
    finding = _only_blocking(item)
    masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)
    decision = workflow.decide_finding(
        actor=region.reviewer, item=item, fingerprint=finding.fingerprint, decision="removed"
    )
    assert decision.decision == "removed" and decision.method == "rescan"


def test_only_the_items_reviewer_masks(region):
    item = _in_review(region, body=f"<p>联系人身份证号{ID_X}</p>")
    finding = _only_blocking(item)
    for user in (region.editor, region.signer, region.county_reviewer):
        with pytest.raises(PermissionDenied):
            masking.mask_finding(actor=user, item=item, fingerprint_value=finding.fingerprint)


# --- masking text fields ---------------------------------------------------------------------------


def test_masking_the_body_replaces_the_number_and_records_a_verified_decision(region):
    item = _in_review(region, body=f"<p>联系人：张三，身份证号<strong>{ID_X}</strong>，电话另告。</p>")
    finding = _only_blocking(item)
    [decision] = masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)
    item = Item.objects.get(pk=item.pk)
    assert ID_X not in item.body and ID_X not in item.body_text
    assert f"<strong>{MASKED_X}</strong>" in item.body
    assert decision.decision == "removed" and decision.method == "masked"
    assert MASKED_X in decision.note
    event = AuditEvent.objects.get(action="item.finding_masked")
    assert event.data["masked_as"] == MASKED_X and event.data["count"] == 1
    assert ID_X not in str(event.data)
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    assert item.state == ItemState.SIGNOFF
    review = item.secrecy_reviews.get()
    assert [r["method"] for r in review.findings if r["decision"] == "removed"] == ["masked"]


def test_masking_the_title_and_summary(region):
    item = workflow.create_item(
        actor=region.editor,
        organization=region.dept,
        fields=item_fields(region.column, title=f"关于{ID_DIGITS}的公示", summary=f"号码{ID_DIGITS}"),
    )
    workflow.submit_item(actor=region.editor, item=item)
    for value in dict.fromkeys(f.fingerprint for f in blocking_findings(item)):
        masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=value)
    item.refresh_from_db()
    assert item.title == f"关于{MASKED_DIGITS}的公示" and item.summary == f"号码{MASKED_DIGITS}"
    assert not blocking_findings(item)


def test_a_classification_mark_is_not_masked_away(region):
    item = _in_review(region, body="<p>机密★1年</p><p>正文</p>")
    finding = _only_blocking(item)
    assert not finding.can_mask
    with pytest.raises(ValidationError, match="密级标志"):
        masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)


# --- masking files ----------------------------------------------------------------------------------


def test_docx_is_masked_in_place_and_the_number_is_gone_from_the_file(region):
    data = docx_with("2026年乡村教师生活补助发放名单", split_id=ID_X)
    item = _in_review(region, files=(("名单.docx", data),))
    attachment = item.attachments.get()
    old_sha = attachment.sha256
    finding = _only_blocking(item)
    masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)
    stored = _stored(attachment)
    assert attachment.sha256 != old_sha and attachment.size == len(stored)
    assert ID_X not in docx_text(stored) and f"联系人身份证号：{MASKED_X}。" in docx_text(stored)
    assert ID_X not in check_upload(stored, "名单.docx").text
    assert ID_X not in attachment.text
    assert not blocking_findings(item)
    assert AuditEvent.objects.get(action="item.finding_masked").data["old_sha256"] == old_sha


def test_xlsx_cells_are_masked_in_place(region):
    """Shared strings, rich text split over runs, and a number cell."""
    from openpyxl import load_workbook

    data = xlsx_with(ID_X, ID_DIGITS, int(ID_DIGITS))
    item = _in_review(region, files=(("名单.xlsx", data),))
    attachment = item.attachments.get()
    assert ID_X in attachment.text and ID_DIGITS in attachment.text
    # Each distinct number once: masking one masks every cell holding it.
    for value in dict.fromkeys(f.fingerprint for f in blocking_findings(item)):
        masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=value)
    stored = _stored(attachment)
    text = check_upload(stored, "名单.xlsx").text
    assert ID_X not in text and ID_DIGITS not in text
    sheet = load_workbook(io.BytesIO(stored)).active
    assert sheet["B2"].value == MASKED_X and sheet["C3"].value == MASKED_X
    assert str(sheet["B3"].value) == MASKED_DIGITS and sheet["B4"].value == MASKED_DIGITS
    assert sheet["C2"].value == "补助 1200 元"
    assert not blocking_findings(item)


def test_pdf_is_really_redacted(region):
    """Real redaction: the text is gone from the raw bytes and from what pypdf extracts, the other
    page is kept as it was."""
    from pypdf import PdfReader

    data = pdf_with(
        ["Teacher subsidy list", f"Zhang San ID {ID_X} amount 1200"],
        ["Second page kept as text"],
        title=f"List {ID_X}",
    )
    assert ID_X.encode() in data
    item = _in_review(region, files=(("list.pdf", data),))
    attachment = item.attachments.get()
    finding = _only_blocking(item)
    masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)
    stored = _stored(attachment)
    assert ID_X.encode() not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 2
    assert all(ID_X not in (page.extract_text() or "") for page in reader.pages)
    assert "Second page kept as text" in reader.pages[1].extract_text()
    assert reader.metadata["/Title"] == f"List {MASKED_X}"
    assert not blocking_findings(item)


def test_a_pdf_page_is_masked_whole_when_it_holds_two_numbers(region):
    """The page loses its text layer, so the other number on it is masked in the same step."""
    data = pdf_with([f"A {ID_X}", f"B {ID_DIGITS}"])
    item = _in_review(region, files=(("two.pdf", data),))
    first, _second = blocking_findings(item)
    decisions = masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=first.fingerprint)
    assert len(decisions) == 2
    stored = _stored(item.attachments.get())
    assert ID_X.encode() not in stored and ID_DIGITS.encode() not in stored
    assert not blocking_findings(item)


# --- files that cannot be read ----------------------------------------------------------------------


def _unreadable(item: Item) -> Attachment:
    attachment = item.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(
        text_status="unreadable", text_problem="扫描图像未识别出文字"
    )
    return Attachment.objects.get(pk=attachment.pk)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_an_unreadable_attachment_is_a_high_finding_that_blocks_sign_off(region):
    item = _in_review(region, files=(("扫描件.png", PNG),))
    _unreadable(item)
    finding = _only_blocking(item)
    assert finding.finding.kind == UNREADABLE and finding.finding.severity == "high"
    assert finding.finding.message == "附件无法读取，须人工审查：扫描图像未识别出文字"
    assert not finding.can_mask
    with pytest.raises(ValidationError, match="无法读取"):
        masking.mask_finding(actor=region.reviewer, item=item, fingerprint_value=finding.fingerprint)
    with pytest.raises(ValidationError, match="请替换或删除该附件"):
        workflow.decide_finding(
            actor=region.reviewer, item=item, fingerprint=finding.fingerprint, decision="removed"
        )
    with pytest.raises(ValidationError):
        workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    workflow.decide_finding(
        actor=region.reviewer,
        item=item,
        fingerprint=finding.fingerprint,
        decision="not_secret",
        note="已逐页查看扫描件，仅为会议照片，不含个人信息",
    )
    workflow.review_item(actor=region.reviewer, item=item, conclusion="pass")
    assert item.state == ItemState.SIGNOFF


def test_a_picture_without_readable_text_blocks_as_uploaded(region):
    """No forcing: the upload check finds no text in the picture, and the scan says so."""
    item = _in_review(region, files=(("现场照片.png", blank_png()),))
    assert item.attachments.get().text_status == "unreadable"
    finding = _only_blocking(item)
    assert finding.finding.kind == UNREADABLE and finding.field_label == "附件《现场照片.png》"
    assert finding.finding.message.startswith("附件无法读取，须人工审查：")


def test_an_unreadable_attachment_can_be_removed_with_a_reason(region):
    item = _in_review(region, files=(("扫描件.png", PNG),))
    attachment = _unreadable(item)
    with pytest.raises(ValidationError):
        masking.remove_attachment(actor=region.reviewer, item=item, attachment=attachment, reason="")
    masking.remove_attachment(
        actor=region.reviewer, item=item, attachment=attachment, reason="扫描件无法审查"
    )
    assert not item.attachments.exists() and not blocking_findings(item)
    decision = FindingDecision.objects.get(item=item)
    assert decision.method == "file_removed" and decision.note == "扫描件无法审查"
    assert AuditEvent.objects.filter(action="item.attachment_removed", reason="扫描件无法审查").exists()


def test_replacing_a_file_scans_the_new_one(region):
    item = _in_review(region, files=(("名单.docx", docx_with(f"身份证号 {ID_X}")),))
    attachment = item.attachments.get()
    new = masking.replace_attachment(
        actor=region.reviewer,
        item=item,
        attachment=attachment,
        data=docx_with(f"身份证号 {MASKED_X}"),
        filename="名单（已遮盖）.docx",
    )
    assert list(item.attachments.all()) == [new] and new.position == attachment.position
    assert not blocking_findings(item)
    assert FindingDecision.objects.get(item=item).method == "file_replaced"
    # A replacement that still holds a number is a new finding, to be handled again.
    masking.replace_attachment(
        actor=region.reviewer,
        item=item,
        attachment=new,
        data=docx_with(f"号码 {ID_DIGITS}"),
        filename="b.docx",
    )
    [finding] = blocking_findings(item)
    assert finding.finding.text == ID_DIGITS and finding.field_label == "附件《b.docx》"


def test_scan_lists_the_unreadable_file_once_even_with_text_findings(region):
    item = _in_review(region, files=(("a.docx", docx_with(f"身份证号 {ID_X}")),))
    _unreadable(item)
    kinds = sorted(f.finding.kind for f in scan_item(item))
    assert kinds == ["id_card", UNREADABLE]
