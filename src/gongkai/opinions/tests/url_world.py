"""opinions's part of the URL walk (``tests/test_url_walk.py``): ``build`` creates, through the real
services, a record in every state the app's routes act on and returns their ids under keys of its
own; ``values_for`` gives a route's path arguments from them (None: not one of this app's routes)."""

from __future__ import annotations

from typing import Any


def build(region: Any, people: dict[str, Any]) -> dict[str, str]:
    return {}


def values_for(route: Any, values: dict[str, str]) -> tuple[dict[str, str], list[str]] | None:
    return None
