"""Who is told what about an item on its way to publication (docs/SPEC.md §2.4, §9): in-app messages and
e-mail, through ``notifications.services.notify`` (one message per person and key).

- submitted for review: the secrecy reviewers of the item's body;
- referred up (呈报上级主管部门审定): the supervisors of the competent authority above;
- waiting for a signature: the signers who may sign the step it has reached;
- returned: its author, with the reason;
- near or past the 20 working days of 第二十六条 (the daily round, ``send_limit_notices``): the
  people it waits on — the author of a draft, the reviewers, or the step's signers.

Every notice links to the item's page, which stays valid once the work is done (the page offers
whatever its reader may do with the item now). The services call these inside their transaction;
``notify`` sends the e-mail after the commit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse

from gongkai.disclosure import policy
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.selectors import publication_deadline
from gongkai.notifications.services import notify
from gongkai.orgs.models import RoleName
from gongkai.orgs.selectors import staff_of


def _round(item: Item) -> str:
    """What tells one submission from the next (a returned item submitted again is new work)."""
    return f"{item.pk}:{item.submitted_at:%Y%m%d%H%M%S}" if item.submitted_at else str(item.pk)


def reviewers(item: Item) -> list[Any]:
    return [u for u in staff_of(item.organization_id, RoleName.REVIEWER) if u.pk != item.author_id]


def signers(item: Item) -> list[Any]:
    """The people who may sign the step the item has reached (designated signers, not the author,
    not anyone who signed this round already: ``policy.can_sign_item``)."""
    return [u for u in staff_of(item.organization_id, RoleName.SIGNER) if policy.can_sign_item(u, item)]


def referees(item: Item) -> list[Any]:
    """The supervisors who may decide a referred item: those of the nearest competent authority
    above it that has any (a county's office without a supervisor account passes it to the city's)."""
    for authority in item.organization.authorities_above():
        people = [u for u in staff_of(authority, RoleName.SUPERVISOR) if policy.can_review_item(u, item)]
        if people:
            return people
    return []


def notify_submitted(item: Item) -> None:
    notify(
        reviewers(item),
        kind="item.review",
        title=f"待保密审查：{item.title}",
        body=f"{item.organization.display_short}的{item.author.display_name}已送审，请进行保密审查。",
        url=reverse("backoffice:item", args=[item.pk]),
        key=f"item.review:{_round(item)}",
    )


def notify_referred(item: Item, opinion: str) -> None:
    notify(
        referees(item),
        kind="item.referred",
        title=f"下级呈报审定：{item.title}",
        body=f"{item.organization.display_short}的保密审查员呈报主管部门审定。审查意见：{opinion}",
        url=reverse("backoffice:item", args=[item.pk]),
        key=f"item.referred:{_round(item)}:{item.secrecy_reviews.count()}",
    )


def notify_to_sign(item: Item) -> None:
    """The item waits at a step of the sign-off chain (after the review, or after the step before)."""
    notify(
        signers(item),
        kind="item.sign",
        title=f"待签发：{item.title}",
        body=f"{item.organization.display_short}的信息已通过保密审查，等待签发。",
        url=reverse("backoffice:item", args=[item.pk]),
        key=f"item.sign:{_round(item)}:{item.signoff_position}",
    )


def notify_returned(item: Item, reason: str) -> None:
    notify(
        [item.author],
        kind="item.returned",
        title=f"信息被退回：{item.title}",
        body=f"退回理由：{reason}",
        url=reverse("backoffice:item", args=[item.pk]),
        key=f"item.returned:{_round(item)}",
    )


def waiting_on(item: Item) -> list[Any]:
    """The people an unpublished item waits on now."""
    if item.state in (ItemState.DRAFT, ItemState.RETURNED):
        return [item.author]
    if item.state == ItemState.REVIEW:
        return reviewers(item)
    if item.state == ItemState.SIGNOFF:
        return signers(item)
    return []


def send_limit_notices(today: dt.date) -> dict[str, int]:
    """The daily round: tell the people an item waits on when it comes near the 20 working days of
    第二十六条 and again when it passes them (once each, per item and state)."""
    near = overdue = 0
    in_progress = Item.objects.filter(
        state__in=[ItemState.DRAFT, ItemState.REVIEW, ItemState.SIGNOFF, ItemState.RETURNED],
        date_formed__lte=today,
    ).select_related("organization", "author")
    deadlines: dict[dt.date, Any] = {}
    for item in in_progress.iterator(chunk_size=500):
        if item.date_formed not in deadlines:
            deadlines[item.date_formed] = publication_deadline(item, today=today)
        deadline = deadlines[item.date_formed]
        if not (deadline.warning or deadline.overdue):
            continue
        if deadline.overdue:
            overdue += 1
            stage, title = "overdue", f"已超过公开时限：{item.title}"
            body = f"成文日期 {item.date_formed}，应于 {deadline.due} 前公开（政府信息公开条例第二十六条）。"
        else:
            near += 1
            stage, title = "near", f"临近公开时限：{item.title}"
            body = (
                f"成文日期 {item.date_formed}，应于 {deadline.due} 前公开，"
                f"还剩{deadline.days_left}个工作日（政府信息公开条例第二十六条）。"
            )
        notify(
            waiting_on(item),
            kind="item.near_limit",
            title=title,
            body=body,
            url=reverse("backoffice:item", args=[item.pk]),
            key=f"item.limit:{item.pk}:{item.state}:{stage}",
        )
    return {"near_limit": near, "overdue": overdue}


def register() -> None:
    from gongkai.core.registry import RoundJob, register_round_job

    register_round_job(
        RoundJob(
            key="disclosure.limits",
            label="主动公开：20个工作日公开时限提醒",
            run=send_limit_notices,
            order=20,
            count_labels={"near_limit": "临近时限", "overdue": "已超过时限"},
        )
    )
