"""Running the secrecy scanner over an item: title, summary, body and every attachment's text."""

from __future__ import annotations

from dataclasses import dataclass

from gongkai.disclosure.models import FindingDecision, Item, SecrecyKeyword
from gongkai.secrecy.scanner import Finding, Keyword, scan_document


@dataclass(frozen=True)
class ItemFinding:
    finding: Finding
    field_label: str
    fingerprint: str
    decision: FindingDecision | None
    context: str

    @property
    def blocks(self) -> bool:
        return self.finding.severity == "high" and self.decision is None


def keywords() -> list[Keyword]:
    return [Keyword(text=k.text, severity=k.severity) for k in SecrecyKeyword.objects.all()]  # type: ignore[arg-type]


def item_fields(item: Item) -> dict[str, str]:
    fields = {"title": item.title, "summary": item.summary, "body": item.body_text}
    for attachment in item.attachments.all():
        fields[f"attachment:{attachment.pk}"] = attachment.text
    return fields


def field_label(item: Item, field: str) -> str:
    if field.startswith("attachment:"):
        pk = int(field.split(":", 1)[1])
        names = {a.pk: a.original_name for a in item.attachments.all()}
        return f"附件《{names.get(pk, pk)}》"
    return {"title": "标题", "summary": "内容概述", "body": "正文"}.get(field, field)


def fingerprint(finding: Finding) -> str:
    return f"{finding.field}:{finding.kind}:{finding.text}"[:200]


def scan_item(item: Item) -> list[ItemFinding]:
    """Every finding with its position, field label and the reviewer's decision if one was made."""
    fields = item_fields(item)
    decisions = {d.fingerprint: d for d in item.finding_decisions.all()}
    results = []
    for f in scan_document(fields, keywords()):
        text = fields[f.field]
        fp = fingerprint(f)
        results.append(
            ItemFinding(
                finding=f,
                field_label=field_label(item, f.field),
                fingerprint=fp,
                decision=decisions.get(fp),
                context=text[max(0, f.start - 20) : f.end + 20],
            )
        )
    return results


def blocking_findings(item: Item) -> list[ItemFinding]:
    """High findings without a reviewer's decision: they block sign-off (SPEC §2.5)."""
    return [f for f in scan_item(item) if f.blocks]
