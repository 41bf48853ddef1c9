"""Look-ups shared by the active-disclosure staff views."""

from __future__ import annotations

from typing import Any

from django.shortcuts import get_object_or_404

from gongkai.disclosure import policy
from gongkai.disclosure.models import Item


def readable_item_or_404(user: Any, pk: int) -> Item:
    """The item, if ``user`` may read it; otherwise 404 (its existence is not revealed)."""
    qs = policy.readable_items(user).select_related("organization", "column", "author")
    return get_object_or_404(qs, pk=pk)
