"""What the scoring part of 政务信息报送 registers on the platform's registry:

- "我的工作": ``govinfo_bulletins_draft`` (an office's 信息科编辑: 通报 drafts to issue; the link opens
  the list filtered to exactly those, ``?work=draft``);
- the audit labels of the part's actions (``govinfo.bulletins.AUDIT_LABELS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from gongkai.core.registry import InboxContribution, InboxEntry, register_audit_labels, register_inbox

ROWS = 5


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from django.urls import reverse

    from gongkai.govinfo import bulletins, policy

    if not policy.can_use_desk(user):
        return
    drafts = bulletins.drafts_for(user).select_related("organization").order_by("-period_start", "-pk")
    yield InboxEntry(
        key="govinfo_bulletins_draft",
        label="待印发的信息通报",
        count=drafts.count(),
        url=reverse("backoffice:govinfo_bulletins") + "?work=draft",
        rows=tuple(
            (b.title, reverse("backoffice:govinfo_bulletin", args=[b.pk]), b.organization.name)
            for b in drafts[:ROWS]
        ),
    )


def register() -> None:
    from gongkai.govinfo.bulletins import AUDIT_LABELS

    register_inbox(InboxContribution(key="govinfo_scoring", title="排名通报", entries=entries, order=65))
    register_audit_labels(AUDIT_LABELS)
