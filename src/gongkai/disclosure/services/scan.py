"""Running the secrecy scanner over an item: title, summary, body and every attachment's text.

An attachment whose text could not be read is itself a high finding ("附件无法读取，须人工审查"):
a file nobody could scan is never reported as "no findings". A reviewer's "已删除或遮盖" decision
never clears a finding that is found again; only "不涉密，按原样公开" (with its reason) does.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from gongkai.disclosure.models import Attachment, FindingDecision, Item, SecrecyKeyword
from gongkai.disclosure.models.items import TextStatus
from gongkai.secrecy.redaction import MASKABLE_FILE_KINDS, masked
from gongkai.secrecy.scanner import PERSONAL_KINDS, Finding, Keyword, scan_document

#: The finding kind of an attachment whose text could not be read.
UNREADABLE = "unreadable"
#: Kinds that masking may hide: personal data and the installation's keywords. A classification
#: mark is never masked away: a marked document is not published at all (退回) unless the reviewer
#: finds it is not a mark.
MASKABLE_KINDS = PERSONAL_KINDS | {"keyword"}
TEXT_FIELDS = ("title", "summary", "body")
FIELD_LABELS = {"title": "标题", "summary": "内容概述", "body": "正文"}
KIND_LABELS = {
    "id_card": "居民身份证号码",
    "mobile": "手机号码",
    "landline": "固定电话号码",
    "bank_card": "银行卡号",
    "email": "电子邮箱地址",
    "classification": "密级标志",
    "internal_mark": "内部资料标识",
    "keyword": "敏感词",
    UNREADABLE: "附件无法读取，须人工审查",
}


@dataclass(frozen=True)
class ItemFinding:
    finding: Finding
    field_label: str
    fingerprint: str
    decision: FindingDecision | None
    context: str
    attachment: Attachment | None = None

    @property
    def blocks(self) -> bool:
        return self.finding.severity == "high" and self.decision is None

    @property
    def is_unreadable(self) -> bool:
        return self.finding.kind == UNREADABLE

    @property
    def can_mask(self) -> bool:
        """Masking is offered for personal data and keywords in the text fields and in DOCX, XLSX
        and PDF attachments that could be read; images and unreadable files must be replaced."""
        if self.finding.kind not in MASKABLE_KINDS or not self.finding.text:
            return False
        if self.attachment is None:
            return self.finding.field in TEXT_FIELDS
        return (
            self.attachment.kind in MASKABLE_FILE_KINDS
            and self.attachment.text_status != TextStatus.UNREADABLE
        )

    @property
    def masked_as(self) -> str:
        return masked(self.finding) if self.can_mask else ""


def keywords() -> list[Keyword]:
    return [Keyword(text=k.text, severity=k.severity) for k in SecrecyKeyword.objects.all()]  # type: ignore[arg-type]


def attachment_field(attachment: Attachment) -> str:
    return f"attachment:{attachment.pk}"


def item_fields(item: Item) -> dict[str, str]:
    fields = {"title": item.title, "summary": item.summary, "body": item.body_text}
    for attachment in item.attachments.all():
        fields[attachment_field(attachment)] = attachment.text
    return fields


def field_label(item: Item, field: str) -> str:
    if field.startswith("attachment:"):
        pk = field.split(":", 1)[1]
        names = {str(a.pk): a.original_name for a in item.attachments.all()}
        return f"附件《{names.get(pk, pk)}》"
    return FIELD_LABELS.get(field, field)


def fingerprint(finding: Finding) -> str:
    return f"{finding.field}:{finding.kind}:{finding.text}"[:200]


def parse_fingerprint(value: str) -> tuple[str, str, str] | None:
    """(field, kind, matched text) of a fingerprint, or None if it is not one."""
    field_part, sep, rest = value.partition(":")
    if not sep:
        return None
    if field_part == "attachment":
        number, sep, rest = rest.partition(":")
        if not sep or not number.isascii() or not number.isdigit():
            return None
        field_part = f"attachment:{number}"
    elif field_part not in TEXT_FIELDS:
        return None
    kind, sep, text = rest.partition(":")
    if not sep or kind not in KIND_LABELS:
        return None
    return field_part, kind, text


def unreadable_finding(attachment: Attachment) -> Finding:
    reason = attachment.text_problem or "未能提取文字"
    return Finding(
        kind=UNREADABLE,
        severity="high",
        start=0,
        end=0,
        text="",
        field=attachment_field(attachment),
        message=f"附件无法读取，须人工审查：{reason}",
    )


def raw_findings(
    item: Item, *, texts: Mapping[str, str] | None = None, unreadable: Mapping[str, bool] | None = None
) -> list[Finding]:
    """The scanner's findings over the item as stored, or with some fields' text replaced by
    ``texts`` (and their readability by ``unreadable``): how a change is verified before it is saved."""
    fields = item_fields(item)
    fields.update(texts or {})
    findings = scan_document(fields, keywords())
    for attachment in item.attachments.all():
        field = attachment_field(attachment)
        is_unreadable = (unreadable or {}).get(field, attachment.text_status == TextStatus.UNREADABLE)
        if is_unreadable:
            findings.append(unreadable_finding(attachment))
    return findings


def scan_item(item: Item) -> list[ItemFinding]:
    """Every finding with its position, field label and the reviewer's decision if one was made."""
    fields = item_fields(item)
    attachments = {attachment_field(a): a for a in item.attachments.all()}
    decisions = {
        d.fingerprint: d
        for d in item.finding_decisions.select_related("decided_by")
        if d.decision == FindingDecision.Decision.NOT_SECRET
    }
    results = []
    for f in raw_findings(item):
        text = fields.get(f.field, "")
        fp = fingerprint(f)
        results.append(
            ItemFinding(
                finding=f,
                field_label=field_label(item, f.field),
                fingerprint=fp,
                decision=decisions.get(fp),
                context=text[max(0, f.start - 20) : f.end + 20] if f.text else "",
                attachment=attachments.get(f.field),
            )
        )
    return results


def blocking_findings(item: Item) -> list[ItemFinding]:
    """High findings without a reviewer's decision: they block sign-off (docs/SPEC.md §2.5)."""
    return [f for f in scan_item(item) if f.blocks]


def resolved_decisions(item: Item) -> list[FindingDecision]:
    """The verified removals ("已删除或遮盖") whose finding is no longer found, oldest first."""
    present = {fingerprint(f) for f in raw_findings(item)}
    return [
        d
        for d in item.finding_decisions.select_related("decided_by").order_by("decided_at", "pk")
        if d.decision == FindingDecision.Decision.REMOVED and d.fingerprint not in present
    ]
