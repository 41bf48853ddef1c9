"""Request deflection (引导, 2019 条例 第三十六条第（一）项): published items that may already answer an
application, shown while the citizen types it, and the figures of how often that helped.

An application for information that is already public is answered by telling the applicant where
to find it (第三十六条第（一）项). The online form shows such items first (``suggestions``); the
counts (``DeflectionTally``, anonymous, per body and month) say how often suggestions were shown,
how often a citizen followed one, and how many applications were submitted anyway after
suggestions had been shown. ``monthly_figures`` reads them for the 办理情况 dashboard and for
the supervision module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Sum

from gongkai.foi.models import DeflectionTally
from gongkai.orgs.models import Organization
from gongkai.search.engine import SearchQuery
from gongkai.search.indexer import PublicHit, search_public
from gongkai.search.segment import segment_query

#: Suggestions shown at most, and the shortest description that is searched at all.
MAX_SUGGESTIONS = 5
MIN_QUERY_CHARS = 4
#: The search box takes at most this much of the description (the first part names the thing).
MAX_QUERY_CHARS = 120


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


#: Words of how an application is phrased, not of what it asks for: left out of the search.
REQUEST_WORDS = frozenset(
    [
        "请",
        "请求",
        "申请",
        "提供",
        "公开",
        "获取",
        "需要",
        "查询",
        "查阅",
        "相关",
        "有关",
        "关于",
        "信息",
        "政府信息",
        "文件",
        "资料",
        "材料",
        "内容",
        "复印件",
        "本人",
        "要求",
        "希望",
        "以及",
        "包括",
        "具体",
        "情况",
        "我们",
        "你们",
        "贵单位",
        "谢谢",
    ]
)
MAX_WORDS = 8


def key_words(description: str) -> list[str]:
    """The words of a description that name what is asked for (two characters or more, in order)."""
    text = " ".join((description or "").split())[:MAX_QUERY_CHARS]
    if len(text) < MIN_QUERY_CHARS:
        return []
    words = [w for w in segment_query(text) if len(w) >= 2 and w not in REQUEST_WORDS]
    return words[:MAX_WORDS]


def suggestions(description: str, *, limit: int = MAX_SUGGESTIONS) -> list[PublicHit]:
    """Published items (public ones only: ``search_public``) that may answer ``description``.

    The search engine finds items holding *every* word; a description is a sentence, so the search
    is for its key words (``key_words``), then, when nothing holds them all, for its three and then
    its two longest words (the most specific ones). At most three look-ups."""
    words = key_words(description)
    if not words:
        return []
    longest = sorted(words, key=len, reverse=True)
    tried: set[tuple[str, ...]] = set()
    for attempt in (words, longest[:3], longest[:2]):
        key = tuple(sorted(attempt))
        if key in tried:
            continue
        tried.add(key)
        results = search_public(
            SearchQuery(text=" ".join(attempt), page=1, page_size=limit, snippet_chars=80)
        )
        if not results.available:
            return []
        if results.hits:
            return results.hits
    return []


@dataclass(frozen=True)
class DeflectionFigure:
    """One body's month: suggestions shown, followed, and applications submitted after them."""

    organization_id: int | None
    organization_name: str
    shown: int
    followed: int
    submitted: int

    @property
    def follow_rate(self) -> float | None:
        """Followed per showing (None before any was shown)."""
        return self.followed / self.shown if self.shown else None


def monthly_figures(year: int, month: int, org_ids: Iterable[int] | None = None) -> list[DeflectionFigure]:
    """The figures of ``year``-``month`` per body (only ``org_ids`` when given), by body name.

    Showings made before any body was chosen on the form count for no body: they appear (as
    "未选择受理机关") only when ``org_ids`` is not given."""
    rows = DeflectionTally.objects.filter(month=dt.date(year, month, 1))
    if org_ids is not None:
        rows = rows.filter(organization_id__in=list(org_ids))
    totals = rows.values("organization_id").annotate(
        shown_sum=Sum("shown"), followed_sum=Sum("followed"), submitted_sum=Sum("submitted")
    )
    ids = [r["organization_id"] for r in totals if r["organization_id"] is not None]
    names = dict(Organization.objects.filter(pk__in=ids).values_list("pk", "name"))
    figures = [
        DeflectionFigure(
            organization_id=r["organization_id"],
            organization_name=names.get(r["organization_id"], "未选择受理机关"),
            shown=r["shown_sum"] or 0,
            followed=r["followed_sum"] or 0,
            submitted=r["submitted_sum"] or 0,
        )
        for r in totals
    ]
    return sorted(figures, key=lambda f: (f.organization_id is None, f.organization_name))


def total(figures: Iterable[DeflectionFigure]) -> DeflectionFigure:
    rows = list(figures)
    return DeflectionFigure(
        organization_id=None,
        organization_name="合计",
        shown=sum(f.shown for f in rows),
        followed=sum(f.followed for f in rows),
        submitted=sum(f.submitted for f in rows),
    )
