"""The staff sections of the reports app: 年度报告 (the annual report) and 统计分析. Registered from
``ReportsConfig.ready()``."""

from __future__ import annotations

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.reports.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(key="reports", label="年度报告", url_name="reports", urls=URLS, order=40)
    )
    register_staff_section(
        StaffSection(key="statistics", label="统计分析", url_name="statistics", urls=URLS, order=90)
    )
