"""The staff sections of disclosure on request: 依申请公开 (the register) and 办理情况 (the
dashboard). Registered from ``FoiConfig.ready()``."""

from __future__ import annotations

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.foi.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(key="requests", label="依申请公开", url_name="requests", urls=URLS, order=20)
    )
    register_staff_section(
        StaffSection(
            key="request_dashboard", label="办理情况", url_name="request_dashboard", urls=URLS, order=30
        )
    )
