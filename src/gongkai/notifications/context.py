"""Template context for the notification inbox (站内消息, docs/SPEC.md §9): the unread count in the nav."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from gongkai.notifications.services import unread_count


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications``: the signed-in person's unread count, counted only if a template
    uses it (the portal's pages never do, so they cost nothing)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
