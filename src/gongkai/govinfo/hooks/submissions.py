"""What the submissions part of 政务信息报送 registers on the platform's registry (docs/SPEC.md §8):
its "我的工作" entries and its audit labels.

- ``govinfo_returned`` (信息员): submissions the desk returned, to edit and send again;
- ``govinfo_drafts`` (信息员): drafts not sent for sign-off yet (including those a signer sent back);
- ``govinfo_to_sign`` (签发人): submissions at a step of the unit's chain the person may sign now.

Each count is the number of rows the entry's link opens (the list filtered the same way).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_audit_labels, register_inbox
from gongkai.govinfo import access, policy
from gongkai.govinfo.models import State

#: How many submissions the inbox shows under an entry (the count is complete).
ROWS = 5

AUDIT_LABELS = {
    "govinfo.submission_created": "起草信息稿件",
    "govinfo.submission_updated": "修改信息稿件",
    "govinfo.submission_sent": "信息稿件送签",
    "govinfo.submission_signed": "签发信息稿件",
    "govinfo.submission_submitted": "报送信息稿件",
    "govinfo.submission_sent_back": "签发人退回信息稿件",
    "govinfo.submission_withdrawn": "撤回信息稿件",
    "govinfo.attachment_added": "上传信息稿件附件",
    "govinfo.attachment_removed": "删除信息稿件附件",
}


def _row(s: Any, note: str) -> tuple[str, str, str]:
    return (s.title, reverse("backoffice:govinfo_submission", args=[s.pk]), note)


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    listing = reverse("backoffice:govinfo_submissions")
    if policy.can_write(user):
        visible = access.visible_submissions(user).order_by("-updated_at", "-pk")
        returned = visible.filter(state=State.RETURNED)
        yield InboxEntry(
            key="govinfo_returned",
            label="被退回待修改的信息",
            count=returned.count(),
            url=f"{listing}?state={State.RETURNED.value}",
            rows=tuple(_row(s, f"退回理由：{s.return_reason}"[:60]) for s in returned[:ROWS]),
        )
        drafts = visible.filter(state=State.DRAFT)
        yield InboxEntry(
            key="govinfo_drafts",
            label="未送签的信息草稿",
            count=drafts.count(),
            url=f"{listing}?state={State.DRAFT.value}",
            rows=tuple(
                _row(
                    s,
                    f"签发人退回：{s.return_reason}"[:60]
                    if s.return_reason
                    else f"{s.updated_at:%m-%d %H:%M} 保存",
                )
                for s in drafts[:ROWS]
            ),
        )
    if policy.signing_units(user).exists():
        waiting = access.waiting_for(user)
        yield InboxEntry(
            key="govinfo_to_sign",
            label="待我签发的信息",
            count=len(waiting),
            url=reverse("backoffice:govinfo_signing"),
            urgent=any(s.urgency != "normal" for s in waiting),
            rows=tuple(
                _row(s, f"{s.organization.display_short} · {s.get_urgency_display()}") for s in waiting[:ROWS]
            ),
        )


def register() -> None:
    register_inbox(InboxContribution(key="govinfo_submissions", title="信息报送", entries=entries, order=60))
    register_audit_labels(AUDIT_LABELS)
