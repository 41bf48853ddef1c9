"""The staff section of 民主评议 (the assessment part "surveys"): shown to the supervisors of a
competent authority, who organise the yearly survey (``services.surveys.can_manage_surveys``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.assessment.staff.surveys.urls"


def _visible(user: object) -> bool:
    from gongkai.assessment.services.surveys import can_manage_surveys

    return can_manage_surveys(user)


def register() -> None:
    register_staff_section(
        StaffSection(
            key="assessment_surveys",
            label=gettext_lazy("民主评议"),
            url_name="assessment_surveys",
            urls=URLS,
            order=94,
            visible=_visible,
        )
    )
