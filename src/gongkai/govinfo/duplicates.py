"""Near-duplicates of a submission at its desk (selector): the other submissions the same
information section received within 30 days that report the same event (``govinfo.neardup``).

Fast at the scale of a province's desk (a few thousand items in 30 days): the database tests only
the titles of the window (same desk, live states, a plausible length: ``neardup.length_window``)
for the item's key terms, never their bodies; Python keeps the titles whose character pairs occur
in the item (``neardup.title_overlap``), and only the best :data:`MAX_SCORED` of them are read in
full, segmented and scored.
"""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce

from django.db.models import Q
from django.utils import timezone

from gongkai.govinfo import neardup
from gongkai.govinfo.models import State, Submission

__all__ = ["MAX_SCORED", "WINDOW_DAYS", "NearDuplicate", "near_duplicates"]

#: How far back (and forward) the desk looks for reports of the same event.
WINDOW_DAYS = 30

#: At most this many candidates are read in full, segmented and scored.
MAX_SCORED = 30

#: States of submissions that are still items at the desk (returned and withdrawn ones are not).
_LIVE = (State.SUBMITTED, State.RECEIVED, State.RESERVED, State.ADOPTED, State.MERGED)


@dataclass(frozen=True)
class NearDuplicate:
    submission: Submission
    score: float

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def near_duplicates(
    submission: Submission, *, days: int = WINDOW_DAYS, limit: int = 10, now: dt.datetime | None = None
) -> list[NearDuplicate]:
    """The submissions of the same desk within ``days`` of ``submission``'s submission (or of
    ``now``) that are near-duplicates of it, most similar first."""
    if submission.recipient_id is None:
        return []
    anchor = submission.submitted_at or now or timezone.now()
    window = Submission.objects.filter(
        recipient_id=submission.recipient_id,
        state__in=_LIVE,
        submitted_at__gte=anchor - dt.timedelta(days=days),
        submitted_at__lte=anchor + dt.timedelta(days=days),
    ).exclude(pk=submission.pk)
    if submission.length:
        low, high = neardup.length_window(submission.length)
        window = window.filter(length__gte=low, length__lte=high)
    keys = neardup.key_terms(submission.title, submission.plain_text)
    if not keys:
        return []
    window = window.filter(reduce(operator.or_, (Q(title__contains=key) for key in keys)))
    item = f"{submission.title}\n{submission.plain_text}"
    pairs = neardup.bigrams(item)
    shortlist: list[tuple[float, int]] = []
    for pk, title in window.values_list("pk", "title"):
        overlap = neardup.title_overlap(title, pairs)
        if overlap >= neardup.MIN_TITLE_OVERLAP:
            shortlist.append((overlap, pk))
    if not shortlist:
        return []
    shortlist.sort(key=lambda row: (-row[0], -row[1]))
    keep = [pk for _overlap, pk in shortlist[:MAX_SCORED]]
    texts = Submission.objects.filter(pk__in=keep).values_list("pk", "title", "plain_text")
    matches = neardup.rank(item, [(pk, f"{title}\n{text}") for pk, title, text in texts], limit=limit)
    found = Submission.objects.select_related("organization").in_bulk([m.key for m in matches])
    return [NearDuplicate(found[m.key], m.score) for m in matches if m.key in found]
