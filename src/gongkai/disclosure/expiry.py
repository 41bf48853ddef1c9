"""限时公开 endings (disclosure app's part of ``core.public_changes.apply_due_expiries``)."""

from __future__ import annotations

import datetime as dt

from gongkai.disclosure.legal import Duration
from gongkai.disclosure.models import Item, ItemState


def ended_items(today: dt.date, last_sweep: dt.date | None) -> list[int]:
    """The published 限时公开 items whose last public day is before ``today`` and not before
    ``last_sweep`` (an earlier sweep handled those)."""
    ended = Item.objects.filter(state=ItemState.PUBLISHED, duration=Duration.LIMITED, public_until__lt=today)
    if last_sweep is not None:
        ended = ended.filter(public_until__gte=last_sweep)
    return list(ended.values_list("pk", flat=True))
