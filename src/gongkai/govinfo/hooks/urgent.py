"""What the urgent part of 政务信息报送 registers on the platform's registry: its "我的工作" entries
(reports due or overdue for a unit, sent reports waiting for the desk's 签收 or a leader's 阅知), the
round job that flags missing reports (漏报), and its audit labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils import timezone

from gongkai.core.registry import (
    InboxContribution,
    InboxEntry,
    RoundJob,
    register_audit_labels,
    register_inbox,
    register_round_job,
)

#: How many events the inbox shows under an entry (the count is complete).
ROWS = 5

AUDIT_LABELS = {
    "govinfo.urgent_event_created": "登记突发事件",
    "govinfo.urgent_report_created": "撰写紧急信息报告",
    "govinfo.urgent_report_signed": "签发紧急信息报告",
    "govinfo.urgent_report_sent": "报出紧急信息报告",
    "govinfo.urgent_report_received": "签收紧急信息报告",
    "govinfo.urgent_report_read": "阅知紧急信息报告",
    "govinfo.urgent_flagged": "紧急信息未按时报送",
    "govinfo.urgent_penalty": "紧急信息迟报漏报扣分",
}


def _rows(events: list[Any]) -> tuple[tuple[str, str, str], ...]:
    return tuple(
        (
            e.title,
            reverse("backoffice:govinfo_urgent_event", args=[e.pk]),
            f"{e.organization.name} · 获知 {timezone.localtime(e.learned_at):%m-%d %H:%M}",
        )
        for e in events[:ROWS]
    )


def _entry(key: str, label: str, events: list[Any], work: str, *, urgent: bool) -> Iterator[InboxEntry]:
    """The entry of a list of events, if there is any, linking to the urgent list filtered by ``work``."""
    if events:
        yield InboxEntry(
            key=key,
            label=label,
            count=len(events),
            url=f"{reverse('backoffice:govinfo_urgent')}?work={work}",
            urgent=urgent,
            rows=_rows(events),
        )


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from gongkai.govinfo.services import urgent

    due = urgent.due_events(user, timezone.now())
    yield from _entry("govinfo_urgent_due", "待报送的紧急信息", due, "due", urgent=True)
    to_receive = list(urgent.events_to_receive(user).select_related("organization").order_by("-learned_at"))
    yield from _entry("govinfo_urgent_to_receive", "待签收的紧急信息", to_receive, "receive", urgent=True)
    to_read = list(urgent.events_to_read(user).select_related("organization").order_by("-learned_at"))
    yield from _entry("govinfo_urgent_to_read", "待阅知的紧急信息", to_read, "read", urgent=False)


def _round(today: dt.date) -> Mapping[str, int]:
    from gongkai.govinfo.services.urgent import flag_overdue

    return flag_overdue()


def register() -> None:
    register_inbox(InboxContribution(key="govinfo_urgent", title="紧急信息", entries=entries, order=61))
    register_round_job(
        RoundJob(
            key="govinfo.urgent",
            label="紧急信息：标记未按时报送的报告（漏报）",
            run=_round,
            order=61,
            count_labels={"flagged": "新标记漏报", "events": "涉及事件"},
            count_unit=" 件",
        )
    )
    register_audit_labels(AUDIT_LABELS)
