"""The secrecy scan of a consultation: title, text, how to comment and every attachment's text,
like an item's (``disclosure.services.scan``): an attachment that could not be read is itself a high
finding, and a high finding blocks until the reviewer records "不涉密，按原样公开" with a reason for
this review round, or returns the draft to be changed (docs/SPEC.md §2.5)."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.disclosure.models import TextStatus
from gongkai.disclosure.services.scan import KIND_LABELS, UNREADABLE, keywords
from gongkai.opinions.models import Consultation, ConsultationAttachment, FindingDecision
from gongkai.secrecy.scanner import Finding, scan_document

FIELD_LABELS = {"title": "标题", "body": "正文", "how_to_comment": "意见反馈方式说明"}


@dataclass(frozen=True)
class ConsultationFinding:
    finding: Finding
    field_label: str
    fingerprint: str
    context: str
    decision: FindingDecision | None

    @property
    def blocks(self) -> bool:
        return self.finding.severity == "high" and self.decision is None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.finding.kind, self.finding.kind)


def _field(attachment: ConsultationAttachment) -> str:
    return f"attachment:{attachment.pk}"


def fingerprint(finding: Finding) -> str:
    return f"{finding.field}:{finding.kind}:{finding.text}"[:200]


def scan_consultation(consultation: Consultation) -> list[ConsultationFinding]:
    attachments = list(consultation.attachments.all())
    fields = {
        "title": consultation.title,
        "body": consultation.body_text,
        "how_to_comment": consultation.how_to_comment,
    }
    labels = dict(FIELD_LABELS)
    for a in attachments:
        fields[_field(a)] = a.text
        labels[_field(a)] = f"附件《{a.original_name}》"
    found = scan_document(fields, keywords())
    for a in attachments:
        if a.text_status == TextStatus.UNREADABLE:
            reason = a.text_problem or "未能提取文字"
            found.append(
                Finding(UNREADABLE, "high", 0, 0, "", _field(a), f"附件无法读取，须人工审查：{reason}")
            )
    decisions = {
        d.fingerprint: d
        for d in consultation.finding_decisions.filter(review_round=consultation.review_round).select_related(
            "decided_by"
        )
    }
    results = []
    for f in found:
        text = fields.get(f.field, "")
        fp = fingerprint(f)
        results.append(
            ConsultationFinding(
                finding=f,
                field_label=labels.get(f.field, f.field),
                fingerprint=fp,
                context=text[max(0, f.start - 20) : f.end + 20] if f.text else "",
                decision=decisions.get(fp),
            )
        )
    return results


def blocking(consultation: Consultation) -> list[ConsultationFinding]:
    return [f for f in scan_consultation(consultation) if f.blocks]
