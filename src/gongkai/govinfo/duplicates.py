"""Near-duplicates of a submission at its desk (selector): the other submissions the same
information section received in the last 30 days that report the same event (``govinfo.neardup``).

Fast at the scale of a province's desk: the database keeps only the candidates of a plausible
length that contain at least one of the item's key terms (a few ``LIKE`` tests on rows already
narrowed by the desk index), Python keeps those containing :data:`neardup.MIN_SHARED_KEYS` of them,
and only those few are segmented and scored.
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

__all__ = ["WINDOW_DAYS", "NearDuplicate", "near_duplicates"]

#: How far back the desk looks for reports of the same event.
WINDOW_DAYS = 30

#: At most this many candidates are segmented and scored (the ones sharing most key terms).
MAX_SCORED = 60

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
    """The submissions of the same desk within ``days`` before ``submission`` (or ``now``) that are
    near-duplicates of it, most similar first."""
    if submission.recipient_id is None:
        return []
    keys = neardup.key_terms(submission.title, submission.plain_text)
    if len(keys) < neardup.MIN_SHARED_KEYS:
        return []
    anchor = submission.submitted_at or now or timezone.now()
    low, high = neardup.length_window(submission.length)
    contains = reduce(operator.or_, (Q(title__contains=k) | Q(plain_text__contains=k) for k in keys))
    rows = (
        Submission.objects.filter(
            recipient_id=submission.recipient_id,
            state__in=_LIVE,
            submitted_at__gte=anchor - dt.timedelta(days=days),
            submitted_at__lte=anchor + dt.timedelta(days=days),
        )
        .exclude(pk=submission.pk)
        .filter(contains)
        .values_list("pk", "title", "plain_text", "length")
    )
    shortlist: list[tuple[int, int, str]] = []
    for pk, title, text, length in rows:
        if submission.length and not (low <= length <= high):
            continue
        combined = f"{title}\n{text}"
        shared = sum(1 for k in keys if k in combined)
        if shared >= neardup.MIN_SHARED_KEYS:
            shortlist.append((shared, pk, combined))
    shortlist.sort(key=lambda row: (-row[0], row[1]))
    matches = neardup.rank(
        f"{submission.title}\n{submission.plain_text}",
        [(pk, combined) for _shared, pk, combined in shortlist[:MAX_SCORED]],
        limit=limit,
    )
    found = Submission.objects.select_related("organization").in_bulk([m.key for m in matches])
    return [NearDuplicate(found[m.key], m.score) for m in matches if m.key in found]
