"""What the rounds part of 监督考核 registers on the platform's registry:

- "我的工作" (``InboxContribution`` "assessment_rounds"), each entry only when work waits:
  - ``assessment.self_report`` — a body's 公开工作机构负责人: 自查报告 to write and submit;
  - ``assessment.results`` — the same: results to read within the 申辩 window (object or accept);
  - ``assessment.to_score`` — the authority's supervisors: bodies to score in rounds being scored;
  - ``assessment.objections`` — the same: objections to decide;
- the audit labels of the part's actions (``services.rounds.AUDIT_LABELS``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import InboxContribution, InboxEntry, register_audit_labels, register_inbox

ROWS = 5


def _body_entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from django.urls import reverse

    from gongkai.assessment import policy
    from gongkai.assessment.models import RoundBody, RoundBodyState, RoundState
    from gongkai.orgs import policy as org_policy

    orgs = org_policy.org_ids_with_role(user, *policy.REPORTING_ROLES)
    if not orgs:
        return
    mine = RoundBody.objects.filter(organization__in=orgs).select_related("round", "organization")
    queues = (
        (
            "self_report",
            _("待提交的自查报告"),
            mine.filter(round__state=RoundState.SELF_ASSESSMENT, state=RoundBodyState.PENDING),
            "self_assessment_due",
        ),
        (
            "results",
            _("待确认的考核结果（申辩期内）"),
            mine.filter(
                round__state=RoundState.OBJECTION,
                state=RoundBodyState.SCORED,
                round__objection_due__gte=today,
            ),
            "objection_due",
        ),
    )
    for key, label, qs, due_field in queues:
        found = list(qs.order_by(f"round__{due_field}", "pk")[:ROWS])
        if not found:
            continue
        rows = []
        for rb in found:
            due = getattr(rb.round, due_field)
            note = rb.organization.display_short + (f" · {due:%Y-%m-%d}" if due else "")
            rows.append(
                (rb.round.title, reverse("backoffice:assessment_round_body", args=[rb.round_id, rb.pk]), note)
            )
        yield InboxEntry(
            key=f"assessment.{key}",
            label=label,
            count=qs.count(),
            url=reverse("backoffice:assessment_rounds"),
            urgent=any(
                getattr(rb.round, due_field) and getattr(rb.round, due_field) <= today for rb in found
            ),
            rows=tuple(rows),
        )


def _supervisor_entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    from django.urls import reverse

    from gongkai.assessment import policy
    from gongkai.assessment.models import RoundBody, RoundBodyState, RoundState
    from gongkai.assessment.services.rounds import pending_objections

    authorities = policy.authorities_for(user)
    if not authorities.exists():
        return
    to_score = RoundBody.objects.filter(
        round__authority__in=authorities, round__state=RoundState.SCORING
    ).exclude(state=RoundBodyState.SCORED)
    found = list(to_score.select_related("round", "organization").order_by("round_id", "pk")[:ROWS])
    if found:
        yield InboxEntry(
            key="assessment.to_score",
            label=_("待评分的自查报告"),
            count=to_score.count(),
            url=reverse("backoffice:assessment_rounds"),
            rows=tuple(
                (
                    rb.organization.name,
                    reverse("backoffice:assessment_score", args=[rb.round_id, rb.pk]),
                    rb.round.title,
                )
                for rb in found
            ),
        )
    objections = pending_objections(user).select_related("round_body__round", "round_body__organization")
    waiting = list(objections.order_by("filed_at", "pk")[:ROWS])
    if waiting:
        yield InboxEntry(
            key="assessment.objections",
            label=_("待处理的考核申辩"),
            count=objections.count(),
            url=reverse("backoffice:assessment_rounds"),
            urgent=True,
            rows=tuple(
                (
                    o.round_body.organization.name,
                    reverse("backoffice:assessment_objection", args=[o.round_body.round_id, o.pk]),
                    o.round_body.round.title,
                )
                for o in waiting
            ),
        )


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    yield from _body_entries(user, today)
    yield from _supervisor_entries(user, today)


def register() -> None:
    from gongkai.assessment.services.rounds import AUDIT_LABELS

    register_inbox(InboxContribution(key="assessment_rounds", title="考核评议", entries=entries, order=70))
    register_audit_labels(AUDIT_LABELS)
