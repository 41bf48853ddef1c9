"""What counts on the working-day calendar, as the apps that count on it register it.

The calendar knows nothing of the apps whose deadlines it counts. An app whose stored dates come
from it registers, from its ``AppConfig.ready()``:

- a **recompute** function, ``recompute(actor=…, reason=…) -> summary``: called after every change
  of the calendar (a notice or an override entered, changed or deleted), in the same transaction;
  the summaries are merged and returned by the calendar service (e.g. foi: the due dates of open
  requests, ``{"checked": …, "changed": …, "moved": […]}``);
- a **provisional counter**, ``count() -> {year: n}``: how many open cases have a date that is only
  provisional in each year (no State Council notice yet), for the calendar's warning.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any

Recompute = Callable[..., Mapping[str, Any]]
ProvisionalCounter = Callable[[], Mapping[int, int]]

_recomputes: list[Recompute] = []
_counters: list[ProvisionalCounter] = []


def register(*, recompute: Recompute | None = None, provisional: ProvisionalCounter | None = None) -> None:
    if recompute is not None and recompute not in _recomputes:
        _recomputes.append(recompute)
    if provisional is not None and provisional not in _counters:
        _counters.append(provisional)


def recompute_all(*, actor: Any, reason: str) -> dict[str, Any]:
    summary: dict[str, Any] = {"checked": 0, "changed": 0, "moved": []}
    for recompute in _recomputes:
        summary.update(recompute(actor=actor, reason=reason))
    return summary


def provisional_counts() -> dict[int, int]:
    counts: Counter[int] = Counter()
    for count in _counters:
        counts.update(count())
    return dict(counts)
