"""The staff section of 互动: 互动交流 (registered from ``InteractionConfig.ready()``), shown to the
people the list serves (``interaction.policy.can_open_messages``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from gongkai.core.registry import StaffSection, register_staff_section
from gongkai.interaction import policy

URLS = "gongkai.interaction.staff.urls"


def _waiting(user: Any) -> int:
    """Badge: messages waiting for ``user`` (to assign, or to answer)."""
    from django.utils import timezone

    from gongkai.interaction import selectors

    today = timezone.localdate()
    return sum(selectors.work_queue(user, name, today).count() for name in ("to_assign", "to_answer"))


def register() -> None:
    register_staff_section(
        StaffSection(
            key="messages",
            label=_("互动交流"),
            url_name="messages",
            urls=URLS,
            order=35,
            visible=policy.can_open_messages,
            badge=_waiting,
            badge_label=_("条待办留言"),
        )
    )
