"""The staff sections of disclosure on request: 依申请公开 (the register) and 办理情况 (the
dashboard). Registered from ``FoiConfig.ready()``; each entry is shown to exactly the people its
page serves (``foi.policy.can_open_register``, ``foi.policy.can_open_dashboard``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.foi import policy

URLS = "gongkai.foi.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="requests",
            label=_("依申请公开"),
            url_name="requests",
            urls=URLS,
            order=20,
            visible=policy.can_open_register,
        )
    )
    register_staff_section(
        StaffSection(
            key="request_dashboard",
            label=_("办理情况"),
            url_name="request_dashboard",
            urls=URLS,
            order=30,
            visible=policy.can_open_dashboard,
        )
    )
