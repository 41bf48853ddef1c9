"""The desk's staff sections: 信息编辑 (the information section's received items, for its desk
editors) and 信息刊物 (the issues of its publications, for desk editors and leaders)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.govinfo import desk_access, policy

URLS = "gongkai.govinfo.staff.desk.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_desk",
            label=_("信息编辑"),
            url_name="govinfo_desk",
            urls=URLS,
            order=52,
            visible=policy.can_use_desk,
        )
    )
    register_staff_section(
        StaffSection(
            key="govinfo_issues",
            label=_("信息刊物"),
            url_name="govinfo_issues",
            urls=URLS,
            order=53,
            visible=desk_access.can_read_issues,
        )
    )
