"""The scoring screens' staff section: 排名通报 (docs/SPEC.md §8), seen by the offices' desks,
leaders, supervisors and the units' 信息员 and 签发人 (``govinfo.policy.can_see_rankings``; what each
sees is decided in ``govinfo.bulletins``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.govinfo import policy

URLS = "gongkai.govinfo.staff.scoring.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_rankings",
            label=_("排名通报"),
            url_name="govinfo_rankings",
            urls=URLS,
            order=65,
            visible=policy.can_see_rankings,
        )
    )
