"""What the desk part of 政务信息报送 registers on the platform's registry:

- "我的工作" of a desk editor (信息科编辑): ``govinfo_to_receive`` (submissions sent to their office
  and not yet handled: 已报送, not signed for), linking to the desk list filtered to exactly those
  (``?state=submitted``); ``govinfo_draft_issues`` (draft issues of their office's publications),
  linking to the issues list filtered to them (``?work=draft``);
- the audit labels of the desk's actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from gongkai.core.registry import InboxContribution, InboxEntry, register_audit_labels, register_inbox

ROWS = 5

AUDIT_LABELS = {
    "govinfo.received": "签收信息",
    "govinfo.edited_by_desk": "信息科编辑修改",
    "govinfo.returned": "退回信息",
    "govinfo.reserved": "列入储备",
    "govinfo.adopted": "采用信息（编入刊期）",
    "govinfo.forwarded": "转报信息",
    "govinfo.merged": "合并信息",
    "govinfo.merge_kept": "合并同题信息",
    "govinfo.publication_created": "新建信息刊物",
    "govinfo.publication_changed": "修改信息刊物",
    "govinfo.issue_created": "新建刊期",
    "govinfo.issue_changed": "修改刊期（编者按、发送范围）",
    "govinfo.issue_entry_changed": "修改刊期条目",
    "govinfo.issue_entry_moved": "调整刊期条目顺序",
    "govinfo.issue_entry_removed": "移出刊期条目",
    "govinfo.issue_deleted": "删除刊期草稿",
    "govinfo.issued": "印发刊期",
    "govinfo.issue_archived": "刊期建档",
    "govinfo.adoption_recorded": "登记上级采用",
}


def to_receive(user: Any) -> Any:
    """The submissions waiting for ``user``'s desk to sign for them (已报送)."""
    from gongkai.govinfo import desk_access
    from gongkai.govinfo.models import State

    return (
        desk_access.desk_submissions(user)
        .filter(state=State.SUBMITTED)
        .select_related("organization")
        .order_by("submitted_at", "pk")
    )


def draft_issues(user: Any) -> Any:
    """The draft issues of the publications of ``user``'s desks."""
    from gongkai.govinfo import policy
    from gongkai.govinfo.models import Issue, IssueState

    return (
        Issue.objects.filter(state=IssueState.DRAFT, publication__organization__in=policy.desk_offices(user))
        .select_related("publication")
        .order_by("-created_at", "-pk")
    )


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.govinfo import policy

    if not policy.can_use_desk(user):
        return
    waiting = to_receive(user)
    count = waiting.count()
    yield InboxEntry(
        key="govinfo_to_receive",
        label="待签收的报送信息",
        count=count,
        url=reverse("backoffice:govinfo_desk") + "?state=submitted",
        urgent=any(s.urgency != "normal" for s in waiting[:ROWS]),
        rows=tuple(
            (
                f"{s.organization.display_short} · {s.title}",
                reverse("backoffice:govinfo_desk_item", args=[s.pk]),
                f"报送于 {timezone.localtime(s.submitted_at):%Y-%m-%d %H:%M}" if s.submitted_at else "",
            )
            for s in waiting[:ROWS]
        ),
    )
    drafts = draft_issues(user)
    yield InboxEntry(
        key="govinfo_draft_issues",
        label="编辑中的刊期",
        count=drafts.count(),
        url=reverse("backoffice:govinfo_issues") + "?work=draft",
        rows=tuple(
            (
                str(i),
                reverse("backoffice:govinfo_issue", args=[i.pk]),
                f"{i.entries.count()} 条信息",
            )
            for i in drafts[:ROWS]
        ),
    )


def register() -> None:
    register_inbox(InboxContribution(key="govinfo_desk", title="信息编辑", entries=entries, order=62))
    register_audit_labels(AUDIT_LABELS)
