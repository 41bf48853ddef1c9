"""The staff sections of active disclosure, registered from ``DisclosureConfig.ready()``:
信息管理 (items), 目录管理 (catalog), 不予公开备案 (filings) and 时效统计 (timeliness)."""

from __future__ import annotations

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.disclosure.staff.urls"


def register() -> None:
    for key, label, order in [
        ("items", "信息管理", 10),
        ("catalog", "目录管理", 50),
        ("filings", "不予公开备案", 70),
        ("timeliness", "时效统计", 80),
    ]:
        register_staff_section(StaffSection(key=key, label=label, url_name=key, urls=URLS, order=order))
