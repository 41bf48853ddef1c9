"""The secrecy reviewer's changes to an item in review: mask a finding, replace or remove a file.

"已删除或遮盖" is something the platform checks, not something a reviewer claims (issue 8: an ID
number in a DOCX was recorded as masked, the file never changed, and the number was published).
Each function here changes the item, extracts the text again where a file changed
(``check_upload`` on the new bytes), rescans, and records the "已删除或遮盖" decision only for the
findings the rescan no longer finds; a change that does not remove the finding is refused and
nothing is saved. Every change is audited.

- body, title, summary: the finding's text is replaced by its masked form (``3413**********1234``)
  wherever it occurs in that field;
- DOCX and XLSX attachments: masked in place, formatting kept (``gongkai.secrecy.redaction``);
- PDF attachments: real redaction, the page is rebuilt as an image without the characters
  (``gongkai.secrecy.pdf_redaction``); other findings to mask on the same page go with it, since
  the page loses its text layer;
- images and unreadable files cannot be masked: the reviewer replaces the file, removes it, or
  decides "不涉密，按原样公开" with a reason after looking at it.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.audit.log import record
from gongkai.disclosure import policy
from gongkai.disclosure.models import Attachment, FindingDecision, Item
from gongkai.disclosure.models.items import TextStatus
from gongkai.disclosure.services.content import check_upload, html_to_text, sanitize_body
from gongkai.disclosure.services.scan import (
    KIND_LABELS,
    ItemFinding,
    attachment_field,
    fingerprint,
    raw_findings,
    scan_item,
)
from gongkai.disclosure.services.workflow import store_attachment
from gongkai.secrecy.redaction import RedactionError, mask_text, masked, redact_file, redact_html
from gongkai.secrecy.scanner import Finding

GONE = "该扫描结果已不存在（内容可能已修改），请刷新页面。"


def _check_reviewer(user: Any, item: Item) -> None:
    if not policy.can_review_item(user, item):
        raise PermissionDenied("只有本机构的保密审查员可以处理送审中的信息，且不能处理本人起草的信息。")


def _find(item: Item, value: str) -> ItemFinding:
    match = next((f for f in scan_item(item) if f.fingerprint == value), None)
    if match is None:
        raise ValidationError(GONE)
    return match


def _why_not_maskable(target: ItemFinding) -> str:
    if target.is_unreadable:
        return "该附件无法读取，不能自动遮盖：请替换为可读取的文件、删除附件，或在查看后作出决定。"
    if target.finding.kind in ("classification", "internal_mark"):
        return (
            "密级标志和内部资料标识不能通过遮盖处理：标有密级的文件不得公开，"
            "请退回起草人，或经核实后决定“不涉密，按原样公开”并说明理由。"
        )
    if target.attachment is not None:
        return (
            f"{target.attachment.kind.upper()} 文件不能自动遮盖（只有 DOCX、XLSX 和 PDF 可以）："
            "请上传遮盖后的文件替换，或删除附件。"
        )
    return "该内容不能自动遮盖，请退回起草人修改。"


def _read(attachment: Attachment) -> bytes:
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise ValidationError("附件文件缺失，无法遮盖：请上传文件替换该附件。") from exc


@transaction.atomic
def mask_finding(*, actor: Any, item: Item, fingerprint_value: str) -> list[FindingDecision]:
    """Mask one finding where it occurs and record "已删除或遮盖" for what the rescan no longer finds.

    Returns the decisions recorded (the chosen finding first; for a PDF also the findings masked
    with it on the same page). Raises ``ValidationError`` (Chinese) when the finding cannot be
    masked or is still found afterwards; nothing is saved then.
    """
    _check_reviewer(actor, item)
    target = _find(item, fingerprint_value)
    if not target.can_mask:
        raise ValidationError(_why_not_maskable(target))
    field = target.finding.field
    chosen = [target.finding]
    data: dict[str, Any] = {"field": field, "kind": target.finding.kind, "masked_as": target.masked_as}
    if target.attachment is None:
        texts = {field: _masked_field(item, field, chosen)}
        remaining = {fingerprint(f) for f in raw_findings(item, texts=texts)}
        if fingerprint(target.finding) in remaining:
            raise ValidationError(
                f"遮盖后复查仍在{target.field_label}中发现该内容，未保存。请退回起草人修改。"
            )
        item.save()
    else:
        attachment = target.attachment
        if attachment.kind == "pdf":
            # The page becomes an image: what else must be masked on it is masked with it.
            chosen += [
                f.finding
                for f in scan_item(item)
                if f.attachment == attachment
                and f.blocks
                and f.can_mask
                and f.fingerprint != target.fingerprint
            ]
        original = _read(attachment)
        try:
            new = redact_file(attachment.kind, original, chosen)
        except RedactionError as exc:
            raise ValidationError(str(exc)) from exc
        checked = check_upload(new, attachment.original_name)
        unreadable = checked.text_status == TextStatus.UNREADABLE
        remaining = {
            fingerprint(f)
            for f in raw_findings(item, texts={field: checked.text}, unreadable={field: unreadable})
        }
        if fingerprint(target.finding) in remaining or unreadable:
            raise ValidationError(
                f"遮盖后复查仍在{target.field_label}中发现该内容（或遮盖后的文件无法读取），未保存。"
                "请上传遮盖后的文件替换，或删除附件。"
            )
        data.update(old_sha256=attachment.sha256, new_sha256=checked.sha256, file=attachment.original_name)
        attachment.file.save(checked.stored_name, ContentFile(new), save=False)
        attachment.content_type = checked.content_type
        attachment.size = checked.size
        attachment.sha256 = checked.sha256
        attachment.text = checked.text
        attachment.text_status = checked.text_status
        attachment.text_problem = checked.text_problem[:200]
        attachment.save()
    decisions = [
        _record_removed(
            item, f, actor=actor, method=FindingDecision.Method.MASKED, note=f"已遮盖为“{masked(f)}”"
        )
        for f in chosen
        if fingerprint(f) not in remaining
    ]
    data["count"] = len(decisions)
    record(actor=actor, action="item.finding_masked", target=item, data=data)
    return decisions


def _masked_field(item: Item, field: str, findings: list[Finding]) -> str:
    """Mask ``findings`` in a text field of ``item`` (in memory) and return the field's new text."""
    if field == "body":
        item.body = sanitize_body(redact_html(item.body, findings))
        item.body_text = html_to_text(item.body)
        return item.body_text
    value = mask_text(getattr(item, field), findings)
    setattr(item, field, value)
    return value


def _record_removed(item: Item, finding: Finding, *, actor: Any, method: str, note: str) -> FindingDecision:
    obj, _ = FindingDecision.objects.update_or_create(
        item=item,
        fingerprint=fingerprint(finding),
        defaults={
            "field": finding.field,
            "kind": finding.kind,
            "matched": finding.text[:200],
            "decision": FindingDecision.Decision.REMOVED,
            "method": method,
            "note": note,
            "decided_by": actor,
        },
    )
    return obj


def _file_findings(item: Item, attachment: Attachment) -> list[ItemFinding]:
    return [f for f in scan_item(item) if f.attachment == attachment and f.blocks]


@transaction.atomic
def replace_attachment(
    *, actor: Any, item: Item, attachment: Attachment, data: bytes, filename: str
) -> Attachment:
    """The reviewer replaces a file (e.g. with a copy masked by hand, or a readable version of an
    image). The new file is checked and scanned like any upload; the old file's findings are
    recorded as removed ("已替换附件") because that file is no longer part of the item."""
    _check_reviewer(actor, item)
    if attachment.item_id != item.pk:
        raise ValidationError("该附件不属于这条信息。")
    checked = check_upload(data, filename)
    old = _file_findings(item, attachment)
    new = store_attachment(
        item=item, data=data, filename=filename, checked=checked, position=attachment.position
    )
    for f in old:
        _record_removed(
            item,
            f.finding,
            actor=actor,
            method=FindingDecision.Method.FILE_REPLACED,
            note=f"已替换为《{filename}》",
        )
    record(
        actor=actor,
        action="item.attachment_replaced",
        target=item,
        data={
            "old": {"file": attachment.original_name, "sha256": attachment.sha256},
            "new": {"file": new.original_name, "sha256": new.sha256, "kind": new.kind},
            "resolved": [KIND_LABELS.get(f.finding.kind, f.finding.kind) for f in old],
        },
    )
    attachment.delete()
    return new


@transaction.atomic
def remove_attachment(*, actor: Any, item: Item, attachment: Attachment, reason: str) -> None:
    """The reviewer removes a file from the item, with a reason the author will read."""
    _check_reviewer(actor, item)
    if attachment.item_id != item.pk:
        raise ValidationError("该附件不属于这条信息。")
    if not reason.strip():
        raise ValidationError({"reason": "删除附件必须填写理由。"})
    for f in _file_findings(item, attachment):
        _record_removed(
            item, f.finding, actor=actor, method=FindingDecision.Method.FILE_REMOVED, note=reason.strip()
        )
    record(
        actor=actor,
        action="item.attachment_removed",
        target=item,
        reason=reason.strip(),
        data={
            "file": attachment.original_name,
            "sha256": attachment.sha256,
            "field": attachment_field(attachment),
        },
    )
    attachment.delete()
