"""Typed access to the platform's own settings (``settings.GONGKAI``), read at call time so that
tests and deployments can change them."""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings


def conf() -> dict[str, Any]:
    return cast(dict[str, Any], settings.GONGKAI)
