"""The back office entry of this section (人员与角色), registered from ``OrgsConfig.ready()``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.orgs.policy import can_open_people_page


def register() -> None:
    register_staff_section(
        StaffSection(
            key="people",
            label=_("人员与角色"),
            url_name="people",
            urls="gongkai.orgs.staff.urls",
            order=60,
            visible=can_open_people_page,
        )
    )
