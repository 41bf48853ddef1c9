"""The commissions part's staff sections: 约稿 (desk editors and 信息员) and 领导批示 (leaders, desk
editors, 信息员 and owners of follow-ups). Each entry is shown to exactly the people its page serves."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.govinfo.staff.commissions.urls"


def _sees_commissions(user: Any) -> bool:
    from gongkai.govinfo import policy

    return policy.can_use_desk(user) or policy.can_write(user)


def _sees_instructions(user: Any) -> bool:
    from gongkai.govinfo import policy
    from gongkai.govinfo.services.instructions import visible_follow_ups

    if policy.can_use_desk(user) or policy.is_leader(user) or policy.can_write(user):
        return True
    return bool(getattr(user, "is_authenticated", False)) and visible_follow_ups(user).exists()


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_commissions",
            label=_("约稿"),
            url_name="govinfo_commissions",
            urls=URLS,
            order=63,
            visible=_sees_commissions,
        )
    )
    register_staff_section(
        StaffSection(
            key="govinfo_instructions",
            label=_("领导批示"),
            url_name="govinfo_instructions",
            urls=URLS,
            order=64,
            visible=_sees_instructions,
        )
    )
