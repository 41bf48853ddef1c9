"""The staff section 通知 with its unread badge, and the notifications' part of "我的工作".
Registered from ``NotificationsConfig.ready()``."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.notifications.staff.urls"


def _unread(user: Any) -> int:
    from gongkai.notifications.services import unread_count

    return unread_count(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="notifications",
            label=_("通知"),
            url_name="notifications",
            urls=URLS,
            order=800,
            badge=_unread,
            badge_label=_("条未读"),
        )
    )
