"""Reads of active disclosure that are more than a filter: deadlines, inbox lists, timeliness."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, Max, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.core.conf import conf
from gongkai.disclosure import policy
from gongkai.disclosure.models import Item, ItemState, SecrecyReview
from gongkai.disclosure.models.review import ReviewConclusion
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, RoleName
from gongkai.workdays.calendar import get_calendar


@dataclass(frozen=True)
class Deadline:
    """The 20-working-day publication limit of 第二十六条 for one item."""

    due: dt.date
    days_left: int  # working days from today to the due date; negative when overdue
    provisional: bool

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def warning(self) -> bool:
        return 0 <= self.days_left <= conf()["PUBLICATION_WARN_WORKDAYS"]


def publication_deadline(item: Item, *, today: dt.date | None = None) -> Deadline:
    cal = get_calendar()
    today = today or timezone.localdate()
    due = cal.add_workdays(item.date_formed, conf()["PUBLICATION_LIMIT_WORKDAYS"])
    left = cal.workdays_between(today, due) if today <= due else -cal.workdays_between(due, today)
    return Deadline(due=due, days_left=left, provisional=cal.is_provisional(due))


@dataclass
class Inbox:
    to_review: QuerySet[Item]
    to_sign: list[Item]
    returned: QuerySet[Item]
    drafts: QuerySet[Item]
    near_limit: list[tuple[Item, Deadline]]
    referred: list[Item]


def inbox_for(user: Any) -> Inbox:
    """ "My work" (docs/SPEC.md §2.4, issue: drafts to review, items to sign, returned items, near the
    limit)."""
    reviewer_orgs = org_policy.org_ids_with_role(user, RoleName.REVIEWER)
    signer_orgs = org_policy.org_ids_with_role(user, RoleName.SIGNER)
    editor_orgs = org_policy.org_ids_with_role(user, RoleName.EDITOR)
    base = Item.objects.select_related("organization", "column", "author")
    to_review = base.filter(state=ItemState.REVIEW, organization__in=reviewer_orgs).exclude(author=user)
    # Items referred up (呈报上级主管部门审定) reach the supervisors of the region they belong to.
    last_conclusion = (
        SecrecyReview.objects.filter(item=OuterRef("pk"))
        .order_by("-reviewed_at", "-pk")
        .values("conclusion")[:1]
    )
    referred = list(
        base.filter(state=ItemState.REVIEW, organization__in=org_policy.supervised_orgs(user))
        .exclude(organization__in=reviewer_orgs)
        .exclude(author=user)
        .annotate(last_conclusion=Subquery(last_conclusion))
        .filter(last_conclusion=ReviewConclusion.REFER)[:200]
    )
    candidates = base.filter(state=ItemState.SIGNOFF, organization__in=signer_orgs).exclude(author=user)
    to_sign = [i for i in candidates[:200] if policy.can_sign_item(user, i)]
    returned = base.filter(state=ItemState.RETURNED, organization__in=editor_orgs)
    drafts = base.filter(state=ItemState.DRAFT, organization__in=editor_orgs)
    watch = base.filter(
        state__in=[ItemState.DRAFT, ItemState.REVIEW, ItemState.SIGNOFF, ItemState.RETURNED],
        organization__in=editor_orgs | reviewer_orgs | signer_orgs,
    ).order_by("date_formed")[:300]
    near = [(i, d) for i in watch if (d := publication_deadline(i)).warning or d.overdue]
    return Inbox(
        to_review=to_review,
        to_sign=to_sign,
        returned=returned,
        drafts=drafts,
        near_limit=near,
        referred=referred,
    )


def day_range(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The moments [from, to) of the calendar days ``start`` … ``end`` in the platform's time zone:
    a range on a timestamp column, not ``__date`` (SQLite would convert every row's time zone first)."""
    return (
        timezone.make_aware(dt.datetime.combine(start, dt.time.min)),
        timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min)),
    )


def timed_publications(*, start: dt.date, end: dt.date) -> QuerySet[Item]:
    """The items published from ``start`` to ``end`` (those withdrawn since included) with their
    working days from formation to publication (``Item.workdays_to_publish``, counted on the
    platform's calendar when published): what the 时效统计 and the timeliness indicators of 监督考核
    count (2019 条例 第二十六条)."""
    since, until = day_range(start, end)
    return Item.objects.filter(
        state__in=[ItemState.PUBLISHED, ItemState.WITHDRAWN],
        published_at__gte=since,
        published_at__lt=until,
        workdays_to_publish__isnull=False,
    )


@dataclass(frozen=True)
class Timeliness:
    organization_id: int
    organization_name: str
    published: int
    average: float | None
    maximum: int | None
    over_limit: int


def timeliness_by_body(
    organizations: QuerySet[Organization], *, start: dt.date, end: dt.date
) -> list[Timeliness]:
    """Working days from formation to publication per body in a period (docs/sources/suzhou-2008-report.txt:
    "平均3个工作日，
    最长5个工作日"); items over the 20-day limit of 第二十六条 counted apart."""
    limit = conf()["PUBLICATION_LIMIT_WORKDAYS"]
    rows = (
        timed_publications(start=start, end=end)
        .filter(organization__in=organizations)
        .values("organization_id", "organization__name")
        .annotate(
            n=Count("id"),
            avg=Avg("workdays_to_publish"),
            mx=Max("workdays_to_publish"),
            over=Count("id", filter=Q(workdays_to_publish__gt=limit)),
        )
        .order_by("organization__name")
    )
    return [
        Timeliness(
            r["organization_id"],
            r["organization__name"],
            r["n"],
            round(r["avg"], 1) if r["avg"] is not None else None,
            r["mx"],
            r["over"],
        )
        for r in rows
    ]


#: Columns of the timeliness table as the 时效统计 page exports it and 统计分析 repeats it.
TIMELINESS_HEADERS = ["机构", "发布条数", "平均工作日", "最长工作日", "超过20个工作日条数"]


def timeliness_table(data: list[Timeliness]) -> list[list[object]]:
    """The rows of :data:`TIMELINESS_HEADERS` for ``data`` (an empty cell for no average)."""
    return [
        [
            t.organization_name,
            t.published,
            t.average if t.average is not None else "",
            t.maximum or 0,
            t.over_limit,
        ]
        for t in data
    ]
