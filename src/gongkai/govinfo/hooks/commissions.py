"""What the commissions part of 政务信息报送 registers on the platform's registry:

- "我的工作": ``govinfo_commissions_due`` (信息员: 约稿通知 to their unit not answered, deadline
  ahead), ``govinfo_issues_unread`` (leaders: issued issues of the offices they read that they have
  not opened, from the circulation log 传阅), ``govinfo_followups`` (open follow-ups of 领导批示 they
  own; overdue ones urgent);
- the round job ``govinfo.commissions``: the reminder before a 约稿通知's deadline and the follow-up
  reminders and overdue flags;
- the audit labels of the part's actions.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from gongkai.core.registry import (
    InboxContribution,
    InboxEntry,
    RoundJob,
    register_audit_labels,
    register_inbox,
    register_round_job,
)

ROWS = 5

AUDIT_LABELS = {
    "govinfo.commission_created": "起草约稿",
    "govinfo.commission_updated": "修改约稿",
    "govinfo.commission_issued": "发布约稿",
    "govinfo.commission_reminded": "约稿截止提醒",
    "govinfo.instruction_written": "领导批示",
    "govinfo.instruction_recorded": "登记领导批示",
    "govinfo.followup_opened": "交办批示落实",
    "govinfo.followup_reported": "反馈批示落实情况",
    "govinfo.followup_closed": "批示落实办结",
}

ROUND_LABELS = {
    "commissions": "约稿截止提醒",
    "notified": "提醒人次",
    "due": "落实到期提醒",
    "overdue": "落实超期提示",
}


def _round(today: dt.date) -> dict[str, int]:
    from gongkai.govinfo.services import commissions, instructions

    return {**commissions.remind_due(today), **instructions.remind_follow_ups(today)}


def unread_issues(user: Any) -> Any:
    """Issued issues of the offices ``user`` reads as a leader that they have not opened (传阅)."""
    from gongkai.govinfo import policy
    from gongkai.govinfo.models import Circulation, Issue, IssueState

    if not policy.is_leader(user):
        return Issue.objects.none()
    opened = Circulation.objects.filter(user=user).values("issue_id")
    return (
        Issue.objects.filter(
            state=IssueState.ISSUED, publication__organization__in=policy.reading_offices(user)
        )
        .exclude(pk__in=opened)
        .select_related("publication")
        .order_by("-issued_at", "-id")
    )


def owned_follow_ups(user: Any) -> Any:
    """Open follow-ups ``user`` owns: named as owner, or 信息员 of the owner unit when none is named."""
    from django.db.models import Q

    from gongkai.govinfo import policy
    from gongkai.govinfo.models import FollowUp, FollowUpState

    units = policy.writing_units(user)
    return (
        FollowUp.objects.filter(state=FollowUpState.OPEN)
        .filter(Q(owner=user) | Q(owner__isnull=True, organization__in=units))
        .select_related("instruction", "organization")
        .order_by("deadline", "id")
    )


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from django.urls import reverse
    from django.utils import timezone

    from gongkai.govinfo import policy
    from gongkai.govinfo.services.commissions import due_for_writer

    if policy.can_write(user):
        due = due_for_writer(user, today)
        count = due.count()
        rows = tuple(
            (
                c.title,
                reverse("backoffice:govinfo_commission", args=[c.pk]),
                f"截止 {timezone.localtime(c.deadline):%Y-%m-%d %H:%M}" if c.deadline else "",
            )
            for c in due[:ROWS]
        )
        soon = any(
            c.deadline is not None and timezone.localtime(c.deadline).date() <= today for c in due[:ROWS]
        )
        yield InboxEntry(
            key="govinfo_commissions_due",
            label="待报送的约稿",
            count=count,
            url=reverse("backoffice:govinfo_commissions") + "?work=due",
            urgent=soon,
            rows=rows,
        )
    if policy.is_leader(user):
        unread = unread_issues(user)
        count = unread.count()
        yield InboxEntry(
            key="govinfo_issues_unread",
            label="未阅的信息刊物",
            count=count,
            url=reverse("backoffice:govinfo_issues") + "?work=unread",
            rows=tuple(
                (
                    str(i),
                    reverse("backoffice:govinfo_issue", args=[i.pk]),
                    f"{i.date:%Y-%m-%d}" if i.date else "",
                )
                for i in unread[:ROWS]
            ),
        )
    owned = owned_follow_ups(user)
    if policy.can_write(user) or owned.exists():
        count = owned.count()
        overdue = owned.filter(deadline__lt=today).exists()
        yield InboxEntry(
            key="govinfo_followups",
            label="待落实的领导批示",
            count=count,
            url=reverse("backoffice:govinfo_instructions") + "?work=followups",
            urgent=overdue,
            rows=tuple(
                (
                    f"{f.instruction.leader_name}批示 · {f.organization.name}",
                    reverse("backoffice:govinfo_followup", args=[f.pk]),
                    ("已超期 · " if f.deadline < today else "") + f"反馈期限 {f.deadline:%Y-%m-%d}",
                )
                for f in owned[:ROWS]
            ),
        )


def register() -> None:
    register_inbox(
        InboxContribution(key="govinfo_commissions", title="约稿与领导批示", entries=entries, order=63)
    )
    register_round_job(
        RoundJob(
            key="govinfo.commissions",
            label="政务信息：约稿截止提醒与批示落实提醒",
            run=_round,
            order=60,
            count_labels=ROUND_LABELS,
            count_unit=" 件",
        )
    )
    register_audit_labels(AUDIT_LABELS)
