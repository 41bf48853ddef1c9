"""The staff section of the assessment part "warnings": 预警与通报批评 (docs/SPEC.md §7). Shown to a
competent authority's supervisors and to a body's own people who answer for its disclosure work
(``services.warnings.can_open_section``): both find their bodies' overruns behind it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.assessment.services import warnings
from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.assessment.staff.warnings.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="assessment_warnings",
            label=gettext_lazy("预警与通报批评"),
            url_name="assessment_warnings",
            urls=URLS,
            order=95,
            visible=warnings.can_open_section,
            badge=lambda user: warnings.drafts_for(user).count(),
            badge_label=gettext_lazy("份待审核"),
        )
    )
