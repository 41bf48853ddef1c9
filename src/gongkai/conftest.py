"""Shared pytest fixtures: a small region with people in every role, and item factories.

**The kernel tests run without Django.** ``pytest -p no:django`` collects only :data:`KERNEL_TESTS`,
the tests of the pure kernels (the modules the "kernels import no Django" contract of
pyproject.toml names): no settings, no database, no app registry. The conftests on their way import
no model when they load, and the autouse fixtures below do nothing Django-related without the
plugin. ``tests/test_kernels_without_django.py`` runs it that way, so it stays true.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")

#: The tests of the pure kernels, relative to this directory (``pytest -p no:django`` runs these).
KERNEL_TESTS = frozenset(
    {
        "assessment/tests/test_scoring.py",
        "assessment/tests/test_standings.py",
        "assessment/tests/test_heatmap.py",
        "assessment/tests/test_survey_kernel.py",
        "core/tests/test_idnumbers.py",
        "core/tests/test_public_deps.py",
        "disclosure/tests/test_index_numbers.py",
        "foi/tests/test_clock_kernel.py",
        "govinfo/tests/test_chain.py",
        "govinfo/tests/test_commissions_rules.py",
        "govinfo/tests/test_demo_texts.py",
        "govinfo/tests/test_lengths.py",
        "govinfo/tests/test_neardup.py",
        "govinfo/tests/test_points.py",
        "govinfo/tests/test_ranking.py",
        "govinfo/tests/test_submissions_diff.py",
        "orgs/tests/test_unitcodes.py",
        "search/tests/test_engine.py",
        "search/tests/test_fallback.py",
        "search/tests/test_numbers.py",
        "search/tests/test_segment.py",
        "secrecy/tests/test_scanner.py",
        "workdays/tests/test_kernel.py",
    }
)
_HERE = Path(__file__).resolve().parent


def _with_django(config: pytest.Config) -> bool:
    return config.pluginmanager.has_plugin("django")


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    """Without Django, collect only the kernel tests."""
    if (
        _with_django(config)
        or collection_path.suffix != ".py"
        or not collection_path.name.startswith("test_")
    ):
        return None
    try:
        relative = collection_path.resolve().relative_to(_HERE).as_posix()
    except ValueError:
        return True  # tests/ at the repository root: all of them need Django
    return relative not in KERNEL_TESTS


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Without Django, a kernel test (or a conftest) that imported Django fails the run."""
    if not _with_django(session.config) and "django" in sys.modules:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        sys.stderr.write("\nA kernel test imported Django (run with -p no:django): the kernels must not.\n")


@pytest.fixture(autouse=True)
def _isolated_data_dir(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> None:
    if not _with_django(request.config):
        return
    settings = request.getfixturevalue("settings")
    base = tmp_path_factory.mktemp("data")
    settings.DATA_DIR = base
    settings.MEDIA_ROOT = base / "media"
    settings.GONGKAI = {**settings.GONGKAI, "SEARCH_DIR": base / "search", "PUBLISH_DIR": base / "site"}
    settings.GONGKAI["PREWARM"] = "off"  # no thread rendering pages into a test's database
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _fresh_vocabulary(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test starts segmenting with jieba's own dictionary: the platform's vocabulary (search
    .vocabulary) is process state, loaded from one test's database, and would otherwise change how
    a later test's text is cut (埇桥区 → 埇桥 …) depending on which tests ran before in the worker."""
    yield
    if not _with_django(request.config):
        return
    from gongkai.search import segment, vocabulary

    if segment.vocabulary():
        segment.set_vocabulary([])
    vocabulary._loaded = None
    vocabulary._announced.clear()


@pytest.fixture(autouse=True)
def _default_language(request: pytest.FixtureRequest) -> Iterator[None]:
    """Each test ends in the default language: a request made in English (the English pages' tests)
    leaves English active in the worker's thread, and a later test would read every lazy label in
    English depending on which tests ran before it."""
    yield
    if not _with_django(request.config):
        return
    from django.utils import translation

    translation.deactivate()  # back to settings.LANGUAGE_CODE, as before the first request


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
    if "django" not in sys.modules:
        return
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


# A real S3-compatible server (SeaweedFS) and the default storage pointed at it (issue 13 §4).
from gongkai.core.tests.seaweedfs import s3_storage, seaweedfs  # noqa: E402, F401
