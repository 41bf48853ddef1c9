"""The staff sections of active disclosure, registered from ``DisclosureConfig.ready()``:
信息管理 (items), 目录管理 (catalog), 不予公开备案 (filings) and 时效统计 (timeliness). Each entry
is shown to exactly the people its page serves (``gongkai.disclosure.policy``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.disclosure import policy

URLS = "gongkai.disclosure.staff.urls"

#: The entries as (key, label, order, who sees them); the orders keep the menu's places.
SECTIONS = (
    ("items", _("信息管理"), 10, policy.can_open_items),
    ("catalog", _("目录管理"), 50, policy.can_manage_catalog),
    ("filings", _("不予公开备案"), 70, policy.can_open_filings),
    ("timeliness", _("时效统计"), 80, policy.can_open_timeliness),
)


def register() -> None:
    for key, label, order, visible in SECTIONS:
        register_staff_section(
            StaffSection(key=key, label=label, url_name=key, urls=URLS, order=order, visible=visible)
        )
