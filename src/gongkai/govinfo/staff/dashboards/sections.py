"""The dashboards' staff section: 信息统计 (docs/SPEC.md §8), shown to the desk editors of an office,
the 信息员 and 签发人 of a unit and the supervisors of a region (``govinfo.figures`` says who opens
which dashboard)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.govinfo.staff.dashboards.urls"


def can_open_dashboards(user: Any) -> bool:
    from gongkai.govinfo import figures

    return figures.can_open_dashboards(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="govinfo_dashboard",
            label=_("信息统计"),
            url_name="govinfo_dashboard",
            urls=URLS,
            order=56,
            visible=can_open_dashboards,
        )
    )
