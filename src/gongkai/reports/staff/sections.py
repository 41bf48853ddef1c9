"""The staff sections of the reports app: 年度报告 (the annual report) and 统计分析. Registered from
``ReportsConfig.ready()``; each entry is shown to exactly the people its page serves
(``reports.policy``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.reports import policy

URLS = "gongkai.reports.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="reports",
            label=_("年度报告"),
            url_name="reports",
            urls=URLS,
            order=40,
            visible=policy.can_open_reports,
        )
    )
    register_staff_section(
        StaffSection(
            key="statistics",
            label=_("统计分析"),
            url_name="statistics",
            urls=URLS,
            order=90,
            visible=policy.can_open_statistics,
        )
    )
