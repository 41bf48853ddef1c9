"""What foi brings to the shared machinery, registered from ``FoiConfig.ready()``:

- its job of the scheduled round (core.rounds): the deadlines nobody decides, and the due-soon and
  overdue notices (``gongkai.foi.services.deadlines.tick``);
- what it counts on the working-day calendar (``workdays.dependents``): the due dates of open
  requests are recomputed after a calendar change, and requests with a provisional due date are
  counted for the calendar's warning.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from gongkai.core.registry import RoundJob, register_round_job


def _deadlines(today: dt.date) -> dict[str, int]:
    from gongkai.foi.services.deadlines import tick

    return tick(today=today)


def _provisional_open_requests() -> dict[int, int]:
    """Open requests per year their due date is provisional in (``InfoRequest.provisional_years``)."""
    from django.db.models import Count

    from gongkai.foi.models import OPEN_STATES, InfoRequest

    counts: Counter[int] = Counter()
    rows = (
        InfoRequest.objects.filter(state__in=OPEN_STATES)
        .exclude(provisional_years="")
        .values("provisional_years")
        .annotate(n=Count("id"))
        .values_list("provisional_years", "n")
    )
    for years, n in rows:
        for year in years.split(","):
            if year.strip().isdigit():
                counts[int(year)] += n
    return dict(counts)


def register() -> None:
    from gongkai.foi.services.clock import recompute_open_requests
    from gongkai.foi.services.deadlines import TICK_LABELS
    from gongkai.workdays import dependents

    dependents.register(recompute=recompute_open_requests, provisional=_provisional_open_requests)

    register_round_job(
        RoundJob(
            key="foi.deadlines",
            label="依申请公开：期限处理与提醒",
            run=_deadlines,
            order=10,
            count_labels=TICK_LABELS,
            count_unit=" 件",
        )
    )
