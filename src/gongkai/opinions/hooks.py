"""意见征集's job of the scheduled round: the open period ends by itself (``services.close_due``)."""

from __future__ import annotations

import datetime as dt

from gongkai.core.registry import RoundJob, register_round_job


def _close(today: dt.date) -> dict[str, int]:
    from gongkai.opinions.services import close_due

    return close_due(today)


def register() -> None:
    register_round_job(
        RoundJob(
            key="opinions.close",
            label="意见征集：期满截止",
            run=_close,
            order=40,
            count_labels={"closed": "截止的征求意见"},
            count_unit=" 件",
        )
    )
