"""The back office's menu, read from the registry (``gongkai.core.registry``).

Each app registers its staff sections from its ``AppConfig.ready()``; the shell shows a section's
entry only to the people its ``visible`` function admits, so that no entry leads to a 403 or to a
page saying the person lacks the role.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject

from gongkai.core.registry import StaffSection, staff_sections

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


@dataclass(frozen=True)
class MenuEntry:
    key: str
    label: StrOrPromise
    url: str
    url_name: str
    badge: Any
    badge_label: StrOrPromise


def menu_for(user: Any) -> list[MenuEntry]:
    """The menu entries ``user`` may use, in order."""
    entries = []
    for section in staff_sections():
        if not section.visible(user):
            continue
        try:
            url = reverse(f"backoffice:{section.url_name}")
        except NoReverseMatch:  # a section whose routes are not mounted: never a dead link
            continue
        entries.append(
            MenuEntry(
                section.key, section.label, url, section.url_name, _badge(section, user), section.badge_label
            )
        )
    return entries


def _badge(section: StaffSection, user: Any) -> Any:
    if section.badge is None:
        return None
    badge = section.badge
    return SimpleLazyObject(lambda: badge(user))


def staff_menu(request: HttpRequest) -> dict[str, Any]:
    """``staff_menu``: the signed-in person's menu, built only when a template asks for it (the
    portal's pages never do)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"staff_menu": SimpleLazyObject(lambda: menu_for(user))}
