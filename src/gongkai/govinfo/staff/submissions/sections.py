"""The submissions screens' staff section: 信息报送, seen by the units' 信息员 (who write) and 签发人
(who sign), docs/SPEC.md §8."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.govinfo import access

URLS = "gongkai.govinfo.staff.submissions.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_submissions",
            label=_("信息报送"),
            url_name="govinfo_submissions",
            urls=URLS,
            order=60,
            visible=access.can_open_submissions,
        )
    )
