"""The staff section of 考核看板 (docs/SPEC.md §7): shown to whoever may read at least one body
(``assessment.dashboards.can_open_dashboards``) — a supervisor of the competent authority sees the
region below them, a body's staff their own body's dashboard."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.assessment.staff.dashboards.urls"


def can_open_dashboards(user: Any) -> bool:
    from gongkai.assessment import dashboards

    return dashboards.can_open_dashboards(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="assessment_dashboards",
            label=_("考核看板"),
            url_name="assessment_dashboards",
            urls=URLS,
            order=94,
            visible=can_open_dashboards,
        )
    )
