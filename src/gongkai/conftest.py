"""Shared pytest fixtures: a small region with people in every role, and item factories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = base
    settings.MEDIA_ROOT = base / "media"
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_DIR": base / "search", "PUBLISH_DIR": base / "site"}
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def region(db: Any) -> Any:
    from gongkai.testing import build_region

    return build_region()


@pytest.fixture
def make_item(region: Any) -> Callable[..., Any]:
    from gongkai.testing import make_item

    def factory(**kwargs: Any) -> Any:
        kwargs.setdefault("region", region)
        return make_item(**kwargs)

    return factory


@pytest.fixture
def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
