"""主动公开's part of "我的工作": the items and filings waiting for one person.

Each queue is a named set of items (``WORK_QUEUES``); the inbox counts it and links to the item
list filtered by ``?work=<name>``, which applies the very same ``work_queue``, so the count in the
inbox is the number of rows the link opens. Filings to acknowledge link to the filings list with
``?status=to_acknowledge`` (``filings_to_acknowledge``).

- the secrecy reviewer: drafts waiting for the review (docs/SPEC.md §2.4);
- the supervisor: items a lower body's reviewer referred up (呈报上级主管部门审定) and the 不予公开
  filings their competent authority has not acknowledged yet;
- the signer: items waiting for their step of the sign-off chain;
- the editor: returned items, their own drafts, and everything in progress near or past the
  20-working-day limit of 第二十六条 (also shown to the reviewers and signers it waits on).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import reverse

from gongkai.core.registry import InboxContribution, InboxEntry, register_inbox
from gongkai.disclosure import policy
from gongkai.disclosure.models import ExemptionFiling, Item, ItemState, SecrecyReview
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.disclosure.selectors import publication_deadline
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName

#: How many items the inbox shows under an entry (the count is complete).
ROWS = 5

IN_PROGRESS = (ItemState.DRAFT, ItemState.REVIEW, ItemState.SIGNOFF, ItemState.RETURNED)


def _items(user: Any) -> QuerySet[Item]:
    return policy.readable_items(user)


def _to_review(user: Any, today: dt.date) -> QuerySet[Item]:
    reviewer_orgs = org_policy.org_ids_with_role(user, RoleName.REVIEWER)
    return _items(user).filter(state=ItemState.REVIEW, organization__in=reviewer_orgs).exclude(author=user)


def _referred(user: Any, today: dt.date) -> QuerySet[Item]:
    """Referred up (呈报上级主管部门审定): the last review's conclusion was "refer", and the item
    belongs to a body the supervisor oversees (not one where they review themselves)."""
    last = (
        SecrecyReview.objects.filter(item=OuterRef("pk"))
        .order_by("-reviewed_at", "-pk")
        .values("conclusion")[:1]
    )
    return (
        _items(user)
        .filter(state=ItemState.REVIEW, organization__in=org_policy.supervised_orgs(user))
        .exclude(organization__in=org_policy.org_ids_with_role(user, RoleName.REVIEWER))
        .exclude(author=user)
        .alias(last_conclusion=Subquery(last))
        .filter(last_conclusion=ReviewConclusion.REFER)
    )


def _to_sign(user: Any, today: dt.date) -> QuerySet[Item]:
    """Items at a step of the sign-off chain ``user`` may sign now (``policy.can_sign_item``: the
    step's designated signers, not the author, not signed already in this round)."""
    signer_orgs = org_policy.org_ids_with_role(user, RoleName.SIGNER)
    candidates = (
        _items(user)
        .filter(state=ItemState.SIGNOFF, organization__in=signer_orgs)
        .exclude(author=user)
        .select_related("organization")
    )
    return Item.objects.filter(pk__in=[i.pk for i in candidates if policy.can_sign_item(user, i)])


def _returned(user: Any, today: dt.date) -> QuerySet[Item]:
    editor_orgs = org_policy.org_ids_with_role(user, RoleName.EDITOR)
    return _items(user).filter(state=ItemState.RETURNED, organization__in=editor_orgs)


def _my_drafts(user: Any, today: dt.date) -> QuerySet[Item]:
    editor_orgs = org_policy.org_ids_with_role(user, RoleName.EDITOR)
    return _items(user).filter(state=ItemState.DRAFT, organization__in=editor_orgs, author=user)


def _near_limit(user: Any, today: dt.date) -> QuerySet[Item]:
    """In progress in the user's bodies and near or past the 20 working days of 第二十六条
    (``publication_deadline``: warning or overdue). The limit depends only on the date formed, so
    it is worked out once per distinct date."""
    orgs = org_policy.org_ids_with_role(user, RoleName.EDITOR, RoleName.REVIEWER, RoleName.SIGNER)
    candidates = _items(user).filter(state__in=IN_PROGRESS, organization__in=orgs)
    dates = candidates.order_by().values_list("date_formed", flat=True).distinct()
    urgent = []
    for formed in dates:
        probe = Item(date_formed=formed)
        deadline = publication_deadline(probe, today=today)
        if deadline.warning or deadline.overdue:
            urgent.append(formed)
    return candidates.filter(date_formed__in=urgent)


@dataclass(frozen=True)
class WorkQueue:
    name: str
    label: str
    urgent: bool
    action: str  # the URL name of the screen that acts on one item
    find: Callable[[Any, dt.date], QuerySet[Item]]


WORK_QUEUES = {
    q.name: q
    for q in (
        WorkQueue("near_limit", "临近或超过20个工作日时限", True, "item", _near_limit),
        WorkQueue("to_review", "待保密审查", False, "item_review", _to_review),
        WorkQueue("referred", "下级呈报审定的信息", False, "item_review", _referred),
        WorkQueue("to_sign", "待签发", False, "item_sign", _to_sign),
        WorkQueue("returned", "被退回的信息", False, "item_edit", _returned),
        WorkQueue("my_drafts", "我的草稿", False, "item_edit", _my_drafts),
    )
}

#: The ``?work=`` choices of the item list (its filter form validates them).
WORK_CHOICES = [(q.name, q.label) for q in WORK_QUEUES.values()]


def work_queue(user: Any, name: str, today: dt.date) -> QuerySet[Item]:
    """The items of queue ``name`` for ``user`` on ``today`` (an unknown name: none)."""
    queue = WORK_QUEUES.get(name)
    if queue is None:
        return Item.objects.none()
    return queue.find(user, today)


def filings_to_acknowledge(user: Any) -> QuerySet[ExemptionFiling]:
    """不予公开 filings not yet acknowledged by a competent authority where ``user`` may
    acknowledge them (its supervisors and the head of its disclosure office)."""
    authorities = org_policy.org_ids_with_role(user, RoleName.SUPERVISOR, RoleName.OFFICE_HEAD)
    return policy.visible_filings(user).filter(
        acknowledged_at__isnull=True, competent_authority__in=authorities
    )


def acknowledges_filings(user: Any) -> bool:
    """Does ``user`` acknowledge filings: a supervisor or the office head of a competent authority."""
    authorities = org_policy.org_ids_with_role(user, RoleName.SUPERVISOR, RoleName.OFFICE_HEAD)
    return (
        bool(authorities)
        and org_policy.organizations_for(user)
        .filter(pk__in=authorities, is_competent_authority=True)
        .exists()
    )


def _queues_for(user: Any) -> list[str]:
    roles = org_policy.role_names(user)
    names = []
    if roles & {RoleName.EDITOR, RoleName.REVIEWER, RoleName.SIGNER}:
        names.append("near_limit")
    if RoleName.REVIEWER in roles:
        names.append("to_review")
    if RoleName.SUPERVISOR in roles:
        names.append("referred")
    if RoleName.SIGNER in roles:
        names.append("to_sign")
    if RoleName.EDITOR in roles:
        names += ["returned", "my_drafts"]
    return names


def _note(item: Item, today: dt.date) -> str:
    deadline = publication_deadline(item, today=today)
    parts = [item.organization.display_short]
    if deadline.overdue:
        parts.append(f"已超期{-deadline.days_left}个工作日（公开期限 {deadline.due:%Y-%m-%d}）")
    else:
        parts.append(f"公开期限 {deadline.due:%Y-%m-%d}（剩余{deadline.days_left}个工作日）")
    if item.state == ItemState.RETURNED and item.return_reason:
        parts.append(f"退回理由：{item.return_reason}")
    return " · ".join(parts)


def entries(user: Any, today: dt.date) -> Iterator[InboxEntry]:
    items_url = reverse("backoffice:items")
    for name in _queues_for(user):
        queue = WORK_QUEUES[name]
        found = queue.find(user, today)
        count = found.count()
        rows = tuple(
            (item.title, reverse(f"backoffice:{queue.action}", args=[item.pk]), _note(item, today))
            for item in found.select_related("organization").order_by("date_formed", "pk")[:ROWS]
        )
        yield InboxEntry(
            key=f"disclosure.{name}",
            label=queue.label,
            count=count,
            url=f"{items_url}?work={name}",
            urgent=queue.urgent and count > 0,
            rows=rows,
        )
    if acknowledges_filings(user):
        filings = filings_to_acknowledge(user)
        count = filings.count()
        url = f"{reverse('backoffice:filings')}?status=to_acknowledge"
        rows = tuple(
            (f.item.title, url, f"{f.organization.display_short} · 备案于 {f.filed_at:%Y-%m-%d}")
            for f in filings.select_related("item", "organization").order_by("filed_at", "pk")[:ROWS]
        )
        yield InboxEntry(
            key="disclosure.filings", label="待确认的不予公开备案", count=count, url=url, rows=rows
        )


def register() -> None:
    register_inbox(InboxContribution(key="disclosure", title="主动公开", entries=entries, order=10))
