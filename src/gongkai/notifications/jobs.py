"""The notifications' job of the scheduled round: the daily digest e-mail (``digest.send_digests``)."""

from __future__ import annotations

import datetime as dt

from gongkai.core.registry import RoundJob, register_round_job


def _digests(today: dt.date) -> dict[str, int]:
    from gongkai.notifications.digest import send_digests

    return send_digests(today)


def register() -> None:
    register_round_job(
        RoundJob(
            key="notifications.digest",
            label="每日待办摘要邮件",
            run=_digests,
            order=900,
            count_labels={"sent": "已发送", "nothing_waiting": "无待办未发送", "failed": "发送失败"},
        )
    )
