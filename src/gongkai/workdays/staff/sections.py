"""The staff section of the working-day calendar: 工作日历. Registered from ``WorkdaysConfig.ready()``;
shown to everyone who may read the calendar (``workdays.policy.can_view_calendar``), whether or not
they may change it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.workdays import policy

URLS = "gongkai.workdays.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="calendar",
            label=_("工作日历"),
            url_name="calendar",
            urls=URLS,
            order=100,
            visible=policy.can_view_calendar,
        )
    )
