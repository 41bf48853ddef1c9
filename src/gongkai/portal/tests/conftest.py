"""Fixtures of the portal tests: a searchable index and a client that sees committed changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


@pytest.fixture
def index() -> Callable[[], int]:
    """Drain the search outbox into the index (tests run inside a transaction, so the on-commit
    hook that normally does this never fires) and make the new commit visible to readers."""
    from gongkai.search.indexer import drain_outbox, engine

    def run() -> int:
        n = drain_outbox()
        engine().refresh()
        return n

    return run


@pytest.fixture
def publish(make_item: Callable[..., Any], index: Callable[[], int]) -> Callable[..., Any]:
    """Publish an item through the real workflow and index it."""

    def run(**kwargs: Any) -> Any:
        item = make_item(**kwargs)
        index()
        return item

    return run
