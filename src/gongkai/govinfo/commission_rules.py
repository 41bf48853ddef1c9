"""The rules of 约稿 and 批示落实 over plain values (a pure kernel: no Django), docs/SPEC.md §8.

- A target unit *answered* a 约稿通知 by the first submission of it (its own, or a joint item that
  credits it) linked to the commission and submitted; it *missed* the notice when it had no such
  submission by the deadline ("Missing 2 or more commissioned pieces zeroes the year").
- The reminder before a deadline is due from the last working day before the deadline's day
  (``horizon``: the next working day after today) until the deadline itself.
- A follow-up (落实反馈) is overdue when it is still open after its deadline's day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable


def first_answers(answers: Iterable[tuple[Iterable[int], dt.datetime | None]]) -> dict[int, dt.datetime]:
    """Unit id → the first time a submission crediting it was submitted. ``answers`` are
    (credited unit ids, submitted_at) pairs; unsubmitted ones (``None``) do not count."""
    first: dict[int, dt.datetime] = {}
    for units, at in answers:
        if at is None:
            continue
        for unit in units:
            if unit not in first or at < first[unit]:
                first[unit] = at
    return first


def answered_on_time(first: dt.datetime | None, deadline: dt.datetime | None) -> bool:
    """A first answer at or before the deadline (any answer when there is no deadline)."""
    return first is not None and (deadline is None or first <= deadline)


def missed(first: dt.datetime | None, deadline: dt.datetime | None, now: dt.datetime) -> bool:
    """The deadline has passed without an answer on time."""
    return deadline is not None and deadline < now and not answered_on_time(first, deadline)


def missed_units(
    targets: Iterable[int],
    answers: Iterable[tuple[Iterable[int], dt.datetime | None]],
    deadline: dt.datetime,
    now: dt.datetime,
) -> list[int]:
    """The target units that missed a notice, in the targets' order."""
    first = first_answers(answers)
    return [unit for unit in targets if missed(first.get(unit), deadline, now)]


def reminder_due(deadline: dt.datetime, now: dt.datetime, deadline_day: dt.date, horizon: dt.date) -> bool:
    """Remind now: the deadline is still ahead and its day is no later than ``horizon`` (the next
    working day after today, so the reminder goes out on the last working day before)."""
    return now < deadline and deadline_day <= horizon


def follow_up_overdue(is_open: bool, deadline: dt.date, today: dt.date) -> bool:
    return is_open and deadline < today
