"""The reply to a request (答复, 第三十六条): its letter drafted from the outcome, masked where
the applicant may not read it (区分处理, 第三十七条), and issued.

Who issues it depends on the receiving body's routing (``policy.routing``): in model A the
handler issues it from the reply form; in model B (接办分离) the handling department's reply is a
draft for the office to review, and the window issues the approved reply and records its
delivery in one step (出具并送达). The steps themselves are ``handling.submit_draft``,
``handling.issue_reply`` and ``letters.record_delivery``, each checking its own policy.

Masking works on the reply's text by proposals: ``proposed_masks`` finds the personal data in it
(ID, phone and bank card numbers, e-mail addresses — ``secrecy.redaction.propose``), each with a
stable key; the person chooses which to apply, and ``apply_masks`` masks exactly those. The
reply's attachments are masked when issued (``mask_attachments``, ``letters.issue_letter``) unless
the personal data in them is the applicant's own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from gongkai.disclosure.services.scan import KIND_LABELS
from gongkai.foi import policy
from gongkai.foi.models import InfoRequest, Letter, LetterKind
from gongkai.foi.services import handling, letters
from gongkai.secrecy import redaction
from gongkai.secrecy.scanner import Finding


def proposed_masks(body: str) -> list[Finding]:
    """What in the reply's text should be masked before the applicant reads it."""
    return list(redaction.propose(body)) if body and body.strip() else []


def mask_key(finding: Finding) -> str:
    """A proposal's key: where it stands in the text (the text as checked, not as edited since)."""
    return f"{finding.start}-{finding.end}"


def mask_label(finding: Finding) -> str:
    """``居民身份证号码“110105…”（第12—29字），遮盖为“1101**********002X”``."""
    kind = KIND_LABELS.get(finding.kind, finding.kind)
    return (
        f"{kind}“{finding.text}”（第{finding.start + 1}—{finding.end}字），"
        f"遮盖为“{redaction.masked(finding)}”"
    )


def mask_choices(body: str) -> list[tuple[str, str]]:
    """The proposals for ``body`` as (key, label) choices: ``应用遮盖：…``."""
    return [(mask_key(f), f"应用遮盖：{mask_label(f)}") for f in proposed_masks(body)]


def apply_masks(body: str, keys: Collection[str]) -> str:
    """``body`` with the proposals whose keys were chosen masked, and nothing else masked."""
    chosen = [f for f in proposed_masks(body) if mask_key(f) in keys]
    return redaction.apply(body, chosen) if chosen else body


def compose_reply(
    request: InfoRequest,
    *,
    outcome: str = "",
    reasons: str = "",
    reply_type: str = "",
    withheld: str = "",
    access: str = "",
    referred_body: str = "",
    query_channel: str = "",
    attached: bool = False,
    on: dt.date | None = None,
) -> tuple[str, str]:
    """The reply letter's title and body for ``outcome`` (``letters.compose``); a
    ``ValidationError`` names what the outcome still needs."""
    extra = {
        "reply_type": reply_type or "",
        "withheld": withheld or "",
        "access": access or "",
        "referred_body": referred_body or "",
        "query_channel": query_channel or "",
        "attached": attached,
    }
    return letters.compose(  # type: ignore[no-any-return]
        request, LetterKind.REPLY, outcome=outcome or "", reasons=reasons or "", extra=extra, on=on
    )


def answer(
    request: InfoRequest,
    *,
    actor: Any,
    on: dt.date,
    outcome: str,
    reply_type: str = "",
    reasons: str = "",
    referred_body: str = "",
    withheld: str = "",
    access: str = "",
    query_channel: str = "",
    title: str = "",
    body: str = "",
    masks: Collection[str] = (),
    attachments: Sequence[UploadedFile] = (),
    mask_attachments: bool = True,
) -> InfoRequest | Letter:
    """The reply form's step: the letter (drafted from the outcome when its body is left empty),
    with the chosen ``masks`` applied, submitted as the department's draft (model B,
    ``policy.can_draft_reply``; returns the request) or issued (returns the letter)."""
    if not body.strip():
        title, body = compose_reply(
            request,
            outcome=outcome,
            reasons=reasons,
            reply_type=reply_type,
            withheld=withheld,
            access=access,
            referred_body=referred_body,
            query_channel=query_channel,
            attached=bool(attachments),
            on=on,
        )
    common = {
        "outcome": outcome,
        "reply_type": reply_type,
        "reasons": reasons,
        "referred_body": referred_body,
        "title": title,
        "body": apply_masks(body, masks),
    }
    if policy.can_draft_reply(actor, request):
        return handling.submit_draft(request, actor=actor, **common)
    return handling.issue_reply(
        request, actor=actor, on=on, attachments=attachments, mask_attachments=mask_attachments, **common
    )


#: ``letters.record_delivery``'s names as ``deliver_reply`` calls them.
_DELIVERY_NAMES = {"on": "delivered_on", "note": "delivery_note"}


@transaction.atomic
def deliver_reply(
    request: InfoRequest,
    *,
    actor: Any,
    on: dt.date,
    delivery: str,
    delivered_on: dt.date | None = None,
    delivery_note: str = "",
    attachments: Sequence[UploadedFile] = (),
    mask_attachments: bool = True,
) -> Letter:
    """Model B, the window: issue the approved reply on ``on`` and, when it has already reached
    the applicant, record its delivery (``delivered_on``) — both or neither."""
    letter = handling.issue_reply(
        request,
        actor=actor,
        on=on,
        attachments=attachments,
        mask_attachments=mask_attachments,
        delivery=delivery,
    )
    if delivered_on:
        try:
            letters.record_delivery(
                letter, actor=actor, on=delivered_on, delivery=delivery, note=delivery_note
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                raise
            raise ValidationError(
                {_DELIVERY_NAMES.get(name, name): errors for name, errors in exc.error_dict.items()}
            ) from exc
    return letter
