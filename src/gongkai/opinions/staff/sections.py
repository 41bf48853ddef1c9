"""The 意见征集 staff section (docs/SPEC.md §2.4): seen by the editors, reviewers, signers and
office heads who handle consultations, and by supervisors (read only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.opinions import policy

URLS = "gongkai.opinions.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="opinions",
            label=gettext_lazy("意见征集"),
            url_name="opinions",
            urls=URLS,
            order=25,
            visible=policy.can_open_section,
        )
    )
