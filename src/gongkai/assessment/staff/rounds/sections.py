"""The round screens' staff section, 考核评议 (docs/SPEC.md §7): seen by the supervisors of a
competent authority (who run rounds) and by the people of a body assessed in an opened round
(``assessment.policy.can_open_section``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from gongkai.assessment import policy
from gongkai.core.registry import StaffSection, register_staff_section

URLS = "gongkai.assessment.staff.rounds.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="assessment_rounds",
            label=_("考核评议"),
            url_name="assessment_rounds",
            urls=URLS,
            order=72,
            visible=policy.can_open_section,
        )
    )
