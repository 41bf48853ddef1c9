"""The urgent screens' staff section: 紧急信息, seen by the units' 信息员 and 签发人, the offices'
信息科编辑 and the leaders (docs/SPEC.md §8)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.govinfo.staff.urgent.urls"


def _visible(user: Any) -> bool:
    from gongkai.govinfo.services.urgent import can_open

    return can_open(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_urgent",
            label=_("紧急信息"),
            url_name="govinfo_urgent",
            urls=URLS,
            order=66,
            visible=_visible,
        )
    )
