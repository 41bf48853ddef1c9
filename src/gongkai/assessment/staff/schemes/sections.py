"""The scheme screens' staff section, 考核方案 (docs/SPEC.md §7): seen by the supervisors of a
competent authority and by the system administrators (``services.schemes.can_open_schemes``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.assessment.staff.schemes.urls"


def _sees_schemes(user: Any) -> bool:
    from gongkai.assessment.services.schemes import can_open_schemes

    return bool(getattr(user, "is_authenticated", False)) and can_open_schemes(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="assessment_schemes",
            label=_("考核方案"),
            url_name="assessment_schemes",
            urls=URLS,
            order=71,
            visible=_sees_schemes,
        )
    )
