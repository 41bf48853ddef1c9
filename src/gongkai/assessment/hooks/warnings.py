"""What the warnings part registers (docs/SPEC.md §7): the round job that reminds bodies approaching the
limit and drafts a 通报批评 at the threshold, the supervisors' "我的工作" entry of drafts to review,
and its audit labels."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.core.registry import (
    InboxContribution,
    InboxEntry,
    RoundJob,
    register_audit_labels,
    register_inbox,
    register_round_job,
)

#: How many drafts the inbox shows under its entry (the count is complete).
ROWS = 5

AUDIT_LABELS = {
    "assessment.bulletin_created": "制发通报",
    "assessment.bulletin_published": "在门户网站公开通报",
    "assessment.bulletin_unpublished": "撤回公开通报",
    "assessment.overrun_policy_saved": "设置超限通报规则",
    "assessment.overrun_reminded": "发送超限预警",
    "assessment.criticism_drafted": "生成通报批评草稿",
    "assessment.criticism_updated": "更新通报批评草稿的超限记录",
    "assessment.criticism_edited": "修改通报批评正文",
    "assessment.criticism_issued": "印发通报批评",
    "assessment.criticism_dismissed": "不予通报批评",
}


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from gongkai.assessment.services.warnings import drafts_for

    drafts = list(drafts_for(user))
    if drafts:
        yield InboxEntry(
            key="assessment_criticism_drafts",
            label=_("待审核的通报批评"),
            count=len(drafts),
            url=reverse("backoffice:assessment_criticisms") + "?state=draft",
            urgent=False,
            rows=tuple(
                (
                    c.organization.name,
                    reverse("backoffice:assessment_criticism", args=[c.pk]),
                    _("%(start)s至%(end)s")
                    % {"start": c.period_start.isoformat(), "end": c.period_end.isoformat()},
                )
                for c in drafts[:ROWS]
            ),
        )


def _run(today: dt.date) -> Mapping[str, int]:
    from gongkai.assessment.services.warnings import run_warnings

    return run_warnings(today)


def register() -> None:
    register_audit_labels(AUDIT_LABELS)
    register_inbox(
        InboxContribution(key="assessment_warnings", title="预警与通报批评", entries=entries, order=93)
    )
    register_round_job(
        RoundJob(
            key="assessment.warnings",
            label="监督考核：超限预警与通报批评",
            run=_run,
            order=90,
            count_labels={
                "reminded": "发送预警",
                "drafted": "生成通报批评草稿",
                "updated": "更新通报批评草稿",
            },
            count_unit=" 件",
        )
    )
