"""What 互动 brings to the shared machinery, registered from ``InteractionConfig.ready()``: its job of
the scheduled round (reminders, overdue escalation, the 3-month flag: ``services.deadlines.tick``),
and what it counts on the working-day calendar (``workdays.dependents``: the due dates of unanswered
messages are recomputed after a calendar change; provisional ones are counted for its warning)."""

from __future__ import annotations

import datetime as dt

from gongkai.core.registry import RoundJob, register_round_job


def _deadlines(today: dt.date) -> dict[str, int]:
    from gongkai.interaction.services.deadlines import tick

    return tick(today=today)


def register() -> None:
    from gongkai.interaction.services.deadlines import (
        TICK_LABELS,
        provisional_open_messages,
        recompute_open_messages,
    )
    from gongkai.workdays import dependents

    dependents.register(recompute=recompute_open_messages, provisional=provisional_open_messages)
    register_round_job(
        RoundJob(
            key="interaction.deadlines",
            label="互动交流：留言期限提醒与督办",
            run=_deadlines,
            order=15,
            count_labels=TICK_LABELS,
            count_unit=" 条",
        )
    )
