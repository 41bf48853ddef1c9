"""foi's job of the scheduled round (core.rounds): the deadlines nobody decides, and the due-soon
and overdue notices (``gongkai.foi.services.deadlines.tick``)."""

from __future__ import annotations

import datetime as dt

from gongkai.core.registry import RoundJob, register_round_job


def _deadlines(today: dt.date) -> dict[str, int]:
    from gongkai.foi.services.deadlines import tick

    return tick(today=today)


def register() -> None:
    from gongkai.foi.services.deadlines import TICK_LABELS

    register_round_job(
        RoundJob(
            key="foi.deadlines",
            label="依申请公开：期限处理与提醒",
            run=_deadlines,
            order=10,
            count_labels=TICK_LABELS,
        )
    )
