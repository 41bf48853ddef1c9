"""Monthly figures of 互动 per body, for the supervision module (docs/SPEC.md §7) and the staff list.

:func:`monthly_figures` computes every body's figures of one month in **one aggregate query** over
the region (grouped by body), never a query per body. Counts of the month ("received", "answered",
"answered_within_limit", "published") are by the day things happened; the two stock figures
("overdue_open", "unanswered_over_3_months") are as at the month's last day, or today for the
current month, so a past month's figures do not change as time goes on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from gongkai.interaction.models import Message
from gongkai.interaction.rules import long_unanswered_before, month_bounds


@dataclass(frozen=True)
class MessageFigures:
    """One body's figures of one month."""

    received: int = 0
    answered: int = 0
    #: Answered in the month on or before the due date.
    answered_within_limit: int = 0
    #: Not answered and past the due date, as at the month's end (or today).
    overdue_open: int = 0
    #: Not answered more than 3 months after receipt (互动回应差), as at the month's end (or today).
    unanswered_over_3_months: int = 0
    #: Published (with the writer's consent, masked) in the month.
    published: int = 0


_FIELDS = tuple(MessageFigures.__dataclass_fields__)


def monthly_figures(
    year: int, month: int, org_ids: Iterable[int] | None = None, *, today: dt.date | None = None
) -> dict[int, MessageFigures]:
    """Each body's figures for ``year``-``month``. With ``org_ids``, every one of those bodies has an
    entry (zeros when nothing happened); without, only bodies with something to count do (read a
    missing body as ``MessageFigures()``)."""
    start, end = month_bounds(year, month)
    today = today or timezone.localdate()
    cutoff = min(end, today)
    stale_before = long_unanswered_before(cutoff)
    # Still unanswered at the cut-off: received by then, and no answer by then.
    open_then = Q(received_on__lte=cutoff) & (Q(answered_on__isnull=True) | Q(answered_on__gt=cutoff))
    month_span = (start, end)
    rows = Message.objects.filter(received_on__lte=end).filter(
        Q(received_on__gte=start)
        | Q(answered_on__isnull=True)
        | Q(answered_on__gte=start)
        | Q(published_on__gte=start)
    )
    ids = None if org_ids is None else sorted(set(org_ids))
    if ids is not None:
        rows = rows.filter(organization_id__in=ids)
    counted = (
        rows.order_by()
        .values("organization_id")
        .annotate(
            received=Count("id", filter=Q(received_on__range=month_span)),
            answered=Count("id", filter=Q(answered_on__range=month_span)),
            answered_within_limit=Count(
                "id", filter=Q(answered_on__range=month_span, answered_on__lte=F("due_date"))
            ),
            overdue_open=Count("id", filter=open_then & Q(due_date__lt=cutoff)),
            unanswered_over_3_months=Count("id", filter=open_then & Q(received_on__lt=stale_before)),
            published=Count("id", filter=Q(published_on__range=month_span)),
        )
    )
    result = {org_id: MessageFigures() for org_id in ids} if ids is not None else {}
    for row in counted:
        result[row["organization_id"]] = MessageFigures(**{name: row[name] for name in _FIELDS})
    return result
