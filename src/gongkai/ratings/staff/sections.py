"""The staff section of ratings: 社会评议. Registered from ``RatingsConfig.ready()``; shown to
whoever may read at least one body (``ratings.policy.can_open_ratings``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.ratings import policy

URLS = "gongkai.ratings.staff.urls"


def register() -> None:
    register_staff_section(
        StaffSection(
            key="ratings",
            label=gettext_lazy("社会评议"),
            url_name="ratings",
            urls=URLS,
            order=92,
            visible=policy.can_open_ratings,
        )
    )
