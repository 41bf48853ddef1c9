"""The shell's own staff section ("我的工作"), and — until each domain registers its own — the
sections whose screens still live in the back office package."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section


def _superuser(user: Any) -> bool:
    return bool(user.is_authenticated and user.is_superuser)


def register() -> None:
    register_staff_section(StaffSection(key="inbox", label=_("我的工作"), url_name="inbox", order=0))
    register_staff_section(
        StaffSection(
            key="security_admin",
            label=_("登录锁定"),
            url_name="security_admin",
            order=900,
            visible=_superuser,
        )
    )
