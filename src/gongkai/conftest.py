"""Shared pytest fixtures: a small region with people in every role, and item factories."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture(autouse=True)
def _isolated_data_dir(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> None:
    base = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = base
    settings.MEDIA_ROOT = base / "media"
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_DIR": base / "search", "PUBLISH_DIR": base / "site"}
    from django.core.cache import cache

    cache.clear()


class Clock:
    """The one frozen clock of the tests (no test depends on today's date).

    ``clock.set(day)`` stops time at 10:00 Beijing time on ``day`` (or at ``at``); given a datetime,
    at that moment (a naive one is read as Beijing time). Call it again to move; ``shift`` moves it
    by a timedelta. Time stays frozen until the test's teardown, so everything after the last
    ``set`` (HTTP client calls, assertions) runs on the same clock.
    """

    def __init__(self) -> None:
        self._traveller: Any = None
        self.now: dt.datetime | None = None

    def set(self, day: dt.date | dt.datetime, at: dt.time = dt.time(10)) -> dt.date:
        if isinstance(day, dt.datetime):
            moment = day if day.tzinfo is not None else day.replace(tzinfo=SHANGHAI)
        else:
            moment = dt.datetime.combine(day, at, tzinfo=SHANGHAI)
        self.stop()
        self._traveller = time_machine.travel(moment, tick=False)
        self._traveller.start()
        self.now = moment
        return moment.astimezone(SHANGHAI).date()

    def shift(self, delta: dt.timedelta) -> dt.date:
        if self.now is None:
            raise RuntimeError("clock.shift() before clock.set()")
        return self.set(self.now + delta)

    @property
    def today(self) -> dt.date:
        if self.now is None:
            raise RuntimeError("clock.today before clock.set()")
        return self.now.astimezone(SHANGHAI).date()

    def stop(self) -> None:
        if self._traveller is not None:
            self._traveller.stop()
            self._traveller = None


@pytest.fixture
def clock() -> Iterator[Clock]:
    frozen = Clock()
    yield frozen
    frozen.stop()
    # A test may have changed the calendar (overrides, notices): the next one builds its own.
    from gongkai.workdays import calendar

    calendar._local.clear()


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
    """The real date, for tests whose expectations are all computed from it (they pass on any day;
    CI's run 400 days ahead checks it). A test about a particular date uses ``clock`` instead."""
    from django.utils import timezone

    return timezone.localdate()
