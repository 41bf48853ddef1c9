"""The staff section of the working-day calendar: 工作日历. Registered from ``WorkdaysConfig.ready()``."""

from __future__ import annotations

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.workdays.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(key="calendar", label="工作日历", url_name="calendar", urls=URLS, order=100)
    )
