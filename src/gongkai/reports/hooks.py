"""The annual report's job of the scheduled round (core.rounds): reminders of the 31 January and
31 March deadlines (第四十九条), ``gongkai.reports.services.send_reminders``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from gongkai.core.registry import RoundJob, register_round_job


def _reminders(today: dt.date) -> Mapping[str, int]:
    from gongkai.reports.services import send_reminders

    return send_reminders(today)


def register() -> None:
    register_round_job(
        RoundJob(
            key="reports.reminders",
            label="年度报告：报送期限提醒",
            run=_reminders,
            order=20,
            count_labels={"due_soon": "临期提醒", "overdue": "逾期提醒", "authorities": "通知主管部门"},
        )
    )
