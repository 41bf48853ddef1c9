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

#: Suggestions shown at most, and the shortest description that is searched at all.
MAX_SUGGESTIONS = 5
MIN_QUERY_CHARS = 4
#: The search box takes at most this much of the description (the first part names the thing).
MAX_QUERY_CHARS = 120


def month_of(day: dt.date) -> dt.date:
    return day.replace(day=1)


def suggestions(description: str, *, limit: int = MAX_SUGGESTIONS) -> list[PublicHit]:
    """Published items (public ones only: ``search_public``) that may answer ``description``."""
    text = " ".join((description or "").split())[:MAX_QUERY_CHARS]
    if len(text) < MIN_QUERY_CHARS:
        return []
    results = search_public(SearchQuery(text=text, page=1, page_size=limit, snippet_chars=80))
    return results.hits if results.available else []


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
