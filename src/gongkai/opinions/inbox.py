"""意见征集's part of "我的工作": comments waiting for moderation and accepted comments waiting for
an answer (the organization's editors and office heads), drafts to review (reviewers, not their
own), consultations to open (signers) and closed consultations without a published 采纳情况
(signers, who publish it, and the editors and office heads, who write it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.opinions import policy
from gongkai.opinions.models import Consultation, Moderation, State
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName

ROWS = 5


def _at(user: Any, *roles: str) -> QuerySet[Consultation]:
    return policy.visible_consultations(user).filter(
        organization__in=org_policy.org_ids_with_role(user, *roles)
    )


def _unanswered() -> Q:
    return (
        Q(comments__moderation=Moderation.ACCEPTED)
        & Q(comments__answer="")
        & (Q(comments__theme__isnull=True) | Q(comments__theme__answer=""))
    )


def _moderation(user: Any) -> tuple[QuerySet[Consultation], str]:
    qs = _at(user, *policy.MODERATING_ROLES).filter(state__in=[State.OPEN, State.CLOSED])
    qs = qs.annotate(n=Count("comments", filter=Q(comments__moderation=Moderation.PENDING))).filter(n__gt=0)
    return qs, "条待审核"


def _answers(user: Any) -> tuple[QuerySet[Consultation], str]:
    qs = _at(user, *policy.MODERATING_ROLES).filter(state__in=[State.OPEN, State.CLOSED])
    qs = qs.annotate(n=Count("comments", filter=_unanswered(), distinct=True)).filter(n__gt=0)
    return qs, "条待答复"


def _review(user: Any) -> tuple[QuerySet[Consultation], str]:
    return _at(user, RoleName.REVIEWER).filter(state=State.REVIEW).exclude(drafter=user), ""


def _signoff(user: Any) -> tuple[QuerySet[Consultation], str]:
    qs = _at(user, RoleName.SIGNER).filter(state=State.SIGNOFF).exclude(drafter=user)
    return qs.exclude(reviewed_by=user), ""


def _summary(user: Any) -> tuple[QuerySet[Consultation], str]:
    return _at(user, *policy.MODERATING_ROLES, RoleName.SIGNER).filter(state=State.CLOSED), ""


QUEUES: list[tuple[str, str, bool, Callable[[Any], tuple[QuerySet[Consultation], str]], str]] = [
    ("moderation", "待审核的公众意见", True, _moderation, "backoffice:opinions_comments"),
    ("answers", "待答复的公众意见", False, _answers, "backoffice:opinions_comments"),
    ("review", "待保密审查的征求意见稿", False, _review, "backoffice:opinions_review"),
    ("signoff", "待签发的征求意见稿", False, _signoff, "backoffice:opinions_detail"),
    ("summary", "已截止待公布采纳情况的征求意见", True, _summary, "backoffice:opinions_summary"),
]

_ROLES = {
    "moderation": policy.MODERATING_ROLES,
    "answers": policy.MODERATING_ROLES,
    "review": (RoleName.REVIEWER,),
    "signoff": (RoleName.SIGNER,),
    "summary": (*policy.MODERATING_ROLES, RoleName.SIGNER),
}


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    roles = org_policy.role_names(user)
    for key, label, urgent, find, url_name in QUEUES:
        if not roles & set(_ROLES[key]):
            continue
        qs, unit = find(user)
        rows = []
        found = list(qs.order_by("closes_on", "pk")[:ROWS])
        total = qs.count()
        for c in found:
            note = f"{getattr(c, 'n', '')}{unit}" if unit else str(c.get_state_display())
            if c.closes_on:
                note += f" · 截止 {c.closes_on:%Y-%m-%d}"
            rows.append((c.title, reverse(url_name, args=[c.pk]), note))
        yield InboxEntry(
            key=f"opinions.{key}",
            label=label,
            count=total,
            url=reverse("backoffice:opinions")
            + ("" if key in ("moderation", "answers") else f"?state={_STATE[key]}"),
            urgent=urgent and total > 0,
            rows=tuple(rows),
        )


_STATE = {"review": State.REVIEW, "signoff": State.SIGNOFF, "summary": State.CLOSED}


def register() -> None:
    register_inbox(InboxContribution(key="opinions", title="意见征集", entries=entries, order=25))
