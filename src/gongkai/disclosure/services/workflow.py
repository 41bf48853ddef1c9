"""The publishing workflow of docs/SPEC.md §2.4, one entry point per change.

draft → secrecy review → sign-off (a configurable chain) → published, with returns from any
review step back to the author, then correction and withdrawal. Each function checks permission
through ``gongkai.disclosure.policy``, validates, writes, records the audit event and announces
public changes. Views, the API, the demo generator and the CLI all call these functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.public_changes import public_content_changed
from gongkai.disclosure import notices, policy
from gongkai.disclosure.legal import EXEMPTION_ARTICLES, DisclosureAttribute, Duration
from gongkai.disclosure.models import (
    Attachment,
    CatalogColumn,
    ExemptionFiling,
    FindingDecision,
    Item,
    ItemLink,
    ItemRevision,
    ItemState,
    SecrecyReview,
    SignOff,
)
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.disclosure.revisions import revision_snapshot
from gongkai.disclosure.services.content import CheckedFile, check_upload, html_to_text, sanitize_body
from gongkai.disclosure.services.index_numbers import allocate_index_number
from gongkai.disclosure.services.scan import (
    KIND_LABELS,
    ItemFinding,
    blocking_findings,
    parse_fingerprint,
    resolved_decisions,
    scan_item,
)
from gongkai.disclosure.signoff import signable
from gongkai.orgs import signoff
from gongkai.orgs.models import Organization
from gongkai.workdays.calendar import get_calendar

#: The fields an editor sets on a draft (everything else is set by the workflow).
EDITABLE_FIELDS = [
    "title",
    "document_number",
    "date_formed",
    "topic",
    "genre",
    "audience",
    "combined",
    "keywords",
    "column",
    "disclosure_attribute",
    "exemption_reason",
    "exemption_explanation",
    "scope",
    "duration",
    "public_until",
    "validity",
    "effective_from",
    "validity_changed_on",
    "stage",
    "summary",
    "body",
    "channels",
    "is_urgent",
    "is_region_wide",
    "is_regulation",
    "is_normative",
]


def _deny(message: str) -> PermissionDenied:
    return PermissionDenied(message)


def _apply_fields(item: Item, fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError(f"不能直接修改这些字段：{', '.join(sorted(unknown))}")
    for name, value in fields.items():
        setattr(item, name, value)
    item.body = sanitize_body(item.body)
    item.body_text = html_to_text(item.body)


def validate_item(item: Item) -> None:
    """The rules a draft must meet before it is saved (messages in the user's language)."""
    errors: dict[str, str] = {}
    if item.column_id and item.column.organization_id != item.organization_id:
        errors["column"] = "栏目必须属于本机构的目录。"
    if item.disclosure_attribute == DisclosureAttribute.EXEMPT and not item.exemption_reason:
        errors["exemption_reason"] = "不予公开必须选择法定理由（公开为常态、不公开为例外）。"
    if item.disclosure_attribute != DisclosureAttribute.EXEMPT and item.exemption_reason:
        item.exemption_reason = ""
    if item.duration == Duration.LIMITED and not item.public_until:
        errors["public_until"] = "限时公开必须填写公开截止日期。"
    if item.date_formed and item.date_formed > timezone.localdate():
        errors["date_formed"] = "成文日期不能晚于今天。"
    if item.validity != "valid" and not item.validity_changed_on:
        errors["validity_changed_on"] = "失效或废止的信息必须填写失效/废止日期。"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_item(*, actor: Any, organization: Organization, fields: dict[str, Any]) -> Item:
    if not policy.can_create_item(actor, organization):
        raise _deny("您不是本机构的录入员，不能起草信息。")
    item = Item(organization=organization, author=actor)
    _apply_fields(item, fields)
    validate_item(item)
    item.save()
    record(actor=actor, action="item.created", target=item)
    return item


@transaction.atomic
def update_item(*, actor: Any, item: Item, fields: dict[str, Any]) -> Item:
    if not policy.can_edit_item(actor, item):
        raise _deny("该信息当前不能修改（仅起草或退回状态可由本机构录入员修改）。")
    _apply_fields(item, fields)
    validate_item(item)
    item.save()
    record(actor=actor, action="item.updated", target=item, data={"fields": sorted(fields)})
    return item


@transaction.atomic
def set_cross_listing(*, actor: Any, item: Item, columns: Iterable[CatalogColumn]) -> None:
    if not policy.can_edit_item(actor, item):
        raise _deny("该信息当前不能修改。")
    columns = list(columns)
    if any(c.organization_id != item.organization_id for c in columns):
        raise ValidationError("同时列入的栏目必须属于本机构的目录。")
    item.also_in.set(columns)


@transaction.atomic
def add_attachment(*, actor: Any, item: Item, data: bytes, filename: str) -> Attachment:
    if not policy.can_edit_item(actor, item):
        raise _deny("该信息当前不能修改附件。")
    checked = check_upload(data, filename)
    attachment = store_attachment(
        item=item, data=data, filename=filename, checked=checked, position=item.attachments.count()
    )
    record(
        actor=actor,
        action="item.attachment_added",
        target=item,
        data={"file": filename, "kind": checked.kind},
    )
    return attachment


def store_attachment(
    *, item: Item, data: bytes, filename: str, checked: CheckedFile, position: int
) -> Attachment:
    """Save a checked file as an attachment of ``item`` (the one place an Attachment row is made)."""
    attachment = Attachment(
        item=item,
        **checked.read_file_fields(),
        position=position,
    )
    attachment.file.save(checked.stored_name, ContentFile(data), save=False)
    attachment.save()
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: Attachment) -> None:
    item = attachment.item
    if not policy.can_edit_item(actor, item):
        raise _deny("该信息当前不能修改附件。")
    record(
        actor=actor, action="item.attachment_removed", target=item, data={"file": attachment.original_name}
    )
    attachment.delete()


@transaction.atomic
def submit_item(*, actor: Any, item: Item) -> Item:
    """送审: the author sends the draft to secrecy review."""
    if not policy.can_submit_item(actor, item):
        raise _deny("只有本机构录入员可以送审起草或退回状态的信息。")
    validate_item(item)
    item.submit()
    item.save()
    record(actor=actor, action="item.submitted", target=item)
    notices.notify_submitted(item)
    return item


@transaction.atomic
def review_item(*, actor: Any, item: Item, conclusion: str, opinion: str = "") -> SecrecyReview:
    """保密审查: fill the review form. Passing needs every high finding decided first."""
    if not policy.can_review_item(actor, item):
        raise _deny("只有本机构的保密审查员可以审查，且不能审查本人起草的信息。")
    findings = scan_item(item)
    if conclusion == ReviewConclusion.PASS and any(f.blocks for f in findings):
        raise ValidationError("自动扫描发现高风险内容，须逐条作出处理决定后才能通过审查。")
    if conclusion in (ReviewConclusion.RETURN, ReviewConclusion.REFER) and not opinion.strip():
        raise ValidationError("退回或呈报上级审定时必须填写审查意见。")
    review = SecrecyReview.objects.create(
        item=item,
        reviewer=actor,
        conclusion=conclusion,
        opinion=opinion,
        findings=[
            {
                "field": f.finding.field,
                "field_label": f.field_label,
                "kind": f.finding.kind,
                "severity": f.finding.severity,
                "start": f.finding.start,
                "end": f.finding.end,
                "text": f.finding.text,
                "decision": f.decision.decision if f.decision else "",
            }
            for f in findings
        ]
        + [
            # What the reviewer masked or removed (verified by rescan): no longer found, still on record.
            {
                "field": d.field,
                "kind": d.kind,
                "severity": "high",
                "decision": d.decision,
                "method": d.method,
                "note": d.note,
            }
            for d in resolved_decisions(item)
        ],
    )
    if conclusion == ReviewConclusion.PASS:
        item.pass_review()
    elif conclusion == ReviewConclusion.RETURN:
        item.send_back(reason=opinion)
    # REFER keeps the item in review: the competent authority is asked and the record says so.
    item.save()
    record(actor=actor, action=f"item.review_{conclusion}", target=item, reason=opinion)
    if conclusion == ReviewConclusion.PASS:
        notices.notify_to_sign(item)
    elif conclusion == ReviewConclusion.RETURN:
        notices.notify_returned(item, opinion)
    else:
        notices.notify_referred(item, opinion)
    return review


#: Refusal of an unverified "已删除或遮盖" (the defect of issue 8: a claim let an ID number through).
REMOVED_REFUSED = (
    "复查仍在{where}中发现该{what}，不能记为“已删除或遮盖”。{how}系统复查确认不再出现后会自动记录；"
    "也可以退回起草人修改。"
)


def _how_to_remove(match: ItemFinding) -> str:
    if match.can_mask:
        also = "，或替换、删除附件" if match.attachment is not None else ""
        return f"请先点击“遮盖为 {match.masked_as}”{also}；"
    if match.attachment is not None:
        return "请替换或删除该附件；"
    return "此类内容须由起草人修改；"


@transaction.atomic
def decide_finding(
    *, actor: Any, item: Item, fingerprint: str, decision: str, note: str = ""
) -> FindingDecision:
    """A reviewer's decision on a high finding (docs/SPEC.md §2.5).

    "不涉密，按原样公开" needs a reason. "已删除或遮盖" is accepted only when a rescan no longer finds
    the finding (it was masked, or its file replaced or removed, e.g. in another window); while it is
    still found the claim is refused. Masking itself is ``services.masking.mask_finding``.
    """
    if not policy.can_review_item(actor, item):
        raise _deny("只有本机构的保密审查员可以处理扫描结果，且不能处理本人起草的信息。")
    if decision not in FindingDecision.Decision.values:
        raise ValidationError({"decision": "请选择处理决定。"})
    match = next((f for f in scan_item(item) if f.fingerprint == fingerprint), None)
    method = ""
    if decision == FindingDecision.Decision.NOT_SECRET:
        if match is None:
            raise ValidationError("该扫描结果已不存在（内容可能已修改），请刷新页面。")
        if not note.strip():
            raise ValidationError({"note": "选择“不涉密，按原样公开”必须填写理由，说明为什么可以公开。"})
        field, kind, matched = match.finding.field, match.finding.kind, match.finding.text
    else:
        if match is not None:
            raise ValidationError(
                REMOVED_REFUSED.format(
                    where=match.field_label,
                    what=KIND_LABELS.get(match.finding.kind, "内容"),
                    how=_how_to_remove(match),
                )
            )
        parsed = parse_fingerprint(fingerprint)
        if parsed is None:
            raise ValidationError("该扫描结果已不存在（内容可能已修改），请刷新页面。")
        field, kind, matched = parsed
        method = FindingDecision.Method.RESCAN
    obj, _ = FindingDecision.objects.update_or_create(
        item=item,
        fingerprint=fingerprint,
        defaults={
            "field": field,
            "kind": kind,
            "matched": matched[:200],
            "decision": decision,
            "method": method,
            "note": note.strip(),
            "decided_by": actor,
        },
    )
    record(
        actor=actor,
        action="item.finding_decided",
        target=item,
        reason=note.strip(),
        data={"kind": kind, "field": field, "decision": decision, "method": method},
    )
    return obj


@transaction.atomic
def return_item(*, actor: Any, item: Item, reason: str) -> Item:
    """退回: from review or sign-off back to the author, with a reason."""
    if not reason.strip():
        raise ValidationError("退回必须填写理由。")
    if not policy.can_return_item(actor, item):
        raise _deny("您不能退回这条信息。")
    item.send_back(reason=reason)
    item.save()
    record(actor=actor, action="item.returned", target=item, reason=reason)
    notices.notify_returned(item, reason)
    return item


#: Shown to the second of two signers who opened the same step at once.
SIGNED_MEANWHILE = "签发进度已变化（该环节可能已由他人签发，或信息已被退回），请刷新页面后再操作。"


def _lock_for_signing(item: Item) -> None:
    """Read the item again under a row lock and check it is still where the signer saw it.

    ``SELECT … FOR UPDATE`` makes a second signer wait for the first one's commit (SQLite's write
    lock, taken at the start of the transaction, does the same); the signer's copy of the item is
    then compared with the database, so a signature never lands on a step signed meanwhile.
    """
    current = Item.objects.select_for_update().filter(pk=item.pk).values("state", "signoff_position").first()
    if current is None:
        raise ValidationError("该信息已不存在。")
    if (current["state"], current["signoff_position"]) != (item.state, item.signoff_position):
        raise ValidationError(SIGNED_MEANWHILE)


@transaction.atomic
def sign_item(*, actor: Any, item: Item, opinion: str = "", step: int | None = None) -> Item:
    """签发 one step of the chain; the last signature publishes (or files, for 不予公开).

    ``step`` is the position of the step the signer saw (the sign form sends it): if another signer
    signed it meanwhile, this signature is refused rather than put on the next step.
    """
    _lock_for_signing(item)
    subject = signable(item)
    refused = "您不能签发这条信息（须为本机构签发人，不能签发本人起草的信息，同一人不能重复签发）。"
    if item.state != ItemState.SIGNOFF:
        raise _deny(refused)
    signing = signoff.step_to_sign(actor, subject, seen=step, moved=SIGNED_MEANWHILE, refused=refused)
    if blocking_findings(item):
        raise ValidationError("仍有未处理的高风险扫描结果，须由保密审查员作出决定后才能签发。")
    SignOff.objects.create(
        item=item,
        step_title=signing.title,
        position=signing.position,
        round=subject.signoff_round,
        signer=actor,
        opinion=opinion,
    )
    item.signoff_position = signing.position
    record(actor=actor, action="item.signed", target=item, reason=opinion, data={"step": signing.title})
    if signoff.current_step(subject) is None:
        _publish(actor=actor, item=item)
    else:
        item.save()
        notices.notify_to_sign(item)
    return item


def _publish(*, actor: Any, item: Item) -> None:
    today = timezone.localdate()
    # An item imported from a legacy catalog and held for review keeps its legacy 索引号.
    item.index_number = item.index_number or allocate_index_number(item, on=today)
    item.release()
    item.workdays_to_publish = get_calendar().workdays_between(item.date_formed, today)
    item.save()
    ItemRevision.objects.create(
        item=item, number=item.revision, snapshot=revision_snapshot(item), created_by=actor
    )
    if item.disclosure_attribute == DisclosureAttribute.EXEMPT:
        ExemptionFiling.objects.create(
            item=item,
            organization=item.organization,
            competent_authority=item.organization.competent_authority(),
            reason=item.exemption_reason,
            legal_basis=EXEMPTION_ARTICLES[item.exemption_reason],
            explanation=item.exemption_explanation,
            filed_by=actor,
        )
        record(actor=actor, action="item.exemption_filed", target=item, reason=item.exemption_explanation)
    record(actor=actor, action="item.published", target=item, data={"index_number": item.index_number})
    public_content_changed([item.pk], published=True)


@transaction.atomic
def withdraw_item(*, actor: Any, item: Item, reason: str) -> Item:
    """撤回: the item leaves the public catalog; it keeps its 索引号 (docs/SPEC.md §2.2)."""
    if not reason.strip():
        raise ValidationError("撤回必须填写理由。")
    if not policy.can_withdraw_item(actor, item):
        raise _deny("只有本机构签发人可以撤回已发布的信息。")
    item.withdraw(reason=reason)
    item.save()
    record(actor=actor, action="item.withdrawn", target=item, reason=reason)
    public_content_changed([item.pk])
    return item


CORRECTABLE_FIELDS = {
    "title",
    "document_number",
    "keywords",
    "summary",
    "body",
    "validity",
    "validity_changed_on",
    "effective_from",
    "channels",
}


@transaction.atomic
def correct_item(
    *,
    actor: Any,
    item: Item,
    fields: dict[str, Any],
    note: str,
    remove_attachments: Iterable[Attachment] = (),
    replace_attachments: Mapping[int, tuple[str, bytes]] | None = None,
    add_attachments: Iterable[tuple[str, bytes]] = (),
) -> Item:
    """更正: change a published item; the public sees the current version and a dated note, and
    every earlier version is kept (ItemRevision).

    Attachments can be replaced (``{attachment id: (file name, bytes)}``), removed or added, so a
    leak in a published file is fixed without withdrawing the item: the changed files are scanned
    like any upload, a correction that would publish a high finding is refused, the change is
    written into the revision and the public correction note, and the old file is no longer served
    (its row is gone; the portal and the search index follow through ``public_content_changed``).
    """
    if not note.strip():
        raise ValidationError("更正必须填写更正说明，说明将向社会公开。")
    if not policy.can_correct_item(actor, item):
        raise _deny("只有本机构录入员或签发人可以更正已发布的主动公开信息。")
    bad = set(fields) - CORRECTABLE_FIELDS
    if bad:
        raise ValidationError(f"这些字段不能通过更正修改：{', '.join(sorted(bad))}")
    for name, value in fields.items():
        setattr(item, name, value)
    item.body = sanitize_body(item.body)
    item.body_text = html_to_text(item.body)
    validate_item(item)
    changes = _correct_attachments(item, remove_attachments, replace_attachments or {}, add_attachments)
    blocking = blocking_findings(item)
    if blocking:
        raise ValidationError(
            "更正后的内容含有高风险扫描结果，不能公开："
            + "；".join(_finding_line(f) for f in blocking[:5])
            + "。请遮盖、删除或替换后再更正。"
        )
    public_note = note.strip() + (f"（{'；'.join(changes)}。）" if changes else "")
    item.revision += 1
    item.correction_note = public_note
    item.corrected_at = timezone.now()
    item.save()
    ItemRevision.objects.create(
        item=item,
        number=item.revision,
        snapshot={**revision_snapshot(item), "attachment_changes": changes},
        created_by=actor,
        correction_note=public_note,
    )
    record(
        actor=actor,
        action="item.corrected",
        target=item,
        reason=note,
        data={"fields": sorted(fields), "attachments": changes},
    )
    public_content_changed([item.pk])
    return item


def _finding_line(f: ItemFinding) -> str:
    what = KIND_LABELS.get(f.finding.kind, f.finding.kind)
    shown = f"“{f.masked_as}”" if f.masked_as else ""
    return f"{f.field_label}中的{what}{shown}"


def _correct_attachments(
    item: Item,
    remove: Iterable[Attachment],
    replace: Mapping[int, tuple[str, bytes]],
    add: Iterable[tuple[str, bytes]],
) -> list[str]:
    """Apply a correction's file changes; returns them in words for the public note."""
    current = {a.pk: a for a in item.attachments.all()}
    remove_ids = {a.pk for a in remove}
    if (remove_ids | set(replace)) - set(current):
        raise ValidationError("要替换或删除的附件不属于这条信息。")
    if remove_ids & set(replace):
        raise ValidationError("同一个附件不能既替换又删除。")
    changes: list[str] = []
    for pk, (filename, data) in replace.items():
        old = current[pk]
        checked = check_upload(data, filename)
        store_attachment(item=item, data=data, filename=filename, checked=checked, position=old.position)
        changes.append(f"附件《{old.original_name}》已替换为《{filename[:200]}》")
        old.delete()
    for pk in sorted(remove_ids):
        changes.append(f"删除附件《{current[pk].original_name}》")
        current[pk].delete()
    position = max((a.position for a in current.values()), default=-1) + 1
    for filename, data in add:
        checked = check_upload(data, filename)
        store_attachment(item=item, data=data, filename=filename, checked=checked, position=position)
        changes.append(f"增加附件《{filename[:200]}》")
        position += 1
    return changes


@transaction.atomic
def link_items(*, actor: Any, source: Item, target: Item, kind: str) -> ItemLink:
    """Link a 政策解读 to its policy, or a document to the one it replaces or abolishes."""
    if not (policy.can_edit_item(actor, source) or policy.can_correct_item(actor, source)):
        raise _deny("您不能修改这条信息的关联。")
    if source.pk == target.pk:
        raise ValidationError("信息不能关联自身。")
    link, _ = ItemLink.objects.get_or_create(source=source, target=target, kind=kind)
    record(actor=actor, action="item.linked", target=source, data={"target": target.pk, "kind": kind})
    if source.state == ItemState.PUBLISHED:
        public_content_changed([source.pk, target.pk])
    return link


@transaction.atomic
def unlink_items(*, actor: Any, link: ItemLink) -> None:
    """Remove a link between two items (same permission as adding it)."""
    source = link.source
    if not (policy.can_edit_item(actor, source) or policy.can_correct_item(actor, source)):
        raise _deny("您不能修改这条信息的关联。")
    record(
        actor=actor, action="item.unlinked", target=source, data={"target": link.target_id, "kind": link.kind}
    )
    link.delete()
    if source.state == ItemState.PUBLISHED:
        public_content_changed([source.pk, link.target_id])


@transaction.atomic
def acknowledge_filing(*, actor: Any, filing: ExemptionFiling) -> ExemptionFiling:
    """The competent authority confirms receipt of a 不予公开 filing."""
    from gongkai.orgs import policy as org_policy
    from gongkai.orgs.models import RoleName

    if filing.competent_authority is None or not org_policy.has_role(
        actor, filing.competent_authority, RoleName.SUPERVISOR, RoleName.OFFICE_HEAD
    ):
        raise _deny("只有主管部门的监督人员或公开工作机构负责人可以确认备案。")
    filing.acknowledged_at = timezone.now()
    filing.acknowledged_by = actor
    filing.save(update_fields=["acknowledged_at", "acknowledged_by"])
    record(
        actor=actor, action="filing.acknowledged", target=filing.item, organization=filing.competent_authority
    )
    return filing
