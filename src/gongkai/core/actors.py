"""The platform itself as an actor (系统): what nobody decides but a date does.

A correction period that runs out (第三十条), a consulted party's silence (第三十二条、第三十四条),
an unpaid fee notice, the clock events of an online application and of an import run: these are
done by the platform, not by a person. The services that allow them take ``actor=SYSTEM``; every
other actor is a person whose permission the policy checks. ``None`` is never an actor: a service
given ``None`` raises ``TypeError`` instead of silently skipping its permission check.

``SYSTEM`` holds no role anywhere (it is not authenticated), so the ordinary policy functions
refuse it; only the few places that allow the platform to act test ``is_system`` explicitly. The
audit log records its events with no user and ``"actor": "系统"`` in their data.

Pure Python, no Django import.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["SYSTEM", "SYSTEM_NAME", "SystemActor", "is_system", "require_actor"]

SYSTEM_NAME: Final = "系统"


class SystemActor:
    """The one system actor; use the ``SYSTEM`` instance, never a new one."""

    pk = None
    id = None
    is_authenticated = False
    is_anonymous = False
    is_active = True
    is_superuser = False
    is_staff = False
    username = SYSTEM_NAME
    full_name = SYSTEM_NAME
    display_name = SYSTEM_NAME

    def get_username(self) -> str:
        return SYSTEM_NAME

    def __str__(self) -> str:
        return SYSTEM_NAME

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()


def is_system(actor: Any) -> bool:
    return actor is SYSTEM


def require_actor(actor: Any) -> Any:
    """``actor`` itself, or ``TypeError`` when it is ``None`` (a forgotten actor, not a bypass)."""
    if actor is None:
        raise TypeError("actor 不能为 None：由平台自身执行的操作请传入 gongkai.core.actors.SYSTEM")
    return actor
