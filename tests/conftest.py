"""Fixtures for the tests outside the package (browser tests): the package's own fixtures."""

from typing import Any

from gongkai.conftest import _isolated_data_dir, clock, make_item, region, today  # noqa: F401


def pytest_ignore_collect(collection_path: Any, config: Any) -> bool | None:
    """Every test here needs Django: without it (``pytest -p no:django``, the kernel tests) none is
    collected."""
    return None if config.pluginmanager.has_plugin("django") else True


def pytest_configure(config: Any) -> None:
    # Known without pytest-xdist too (-p no:xdist): the URL walk keeps its tests on one worker.
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")
