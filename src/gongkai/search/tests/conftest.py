"""Each test starts with jieba's own dictionary and no vocabulary loaded (the vocabulary lives in
module state, per process, and tests roll back the database it came from)."""

from collections.abc import Iterator

import pytest

from gongkai.search import segment


@pytest.fixture(autouse=True)
def _fresh_vocabulary() -> Iterator[None]:
    segment.set_vocabulary(())
    yield
    segment.set_vocabulary(())
    import sys

    vocabulary = sys.modules.get("gongkai.search.vocabulary")
    if vocabulary is not None:
        vocabulary._loaded = None  # type: ignore[attr-defined]
        vocabulary._announced.clear()  # type: ignore[attr-defined]


@pytest.fixture
def index() -> object:
    """Drain the search outbox into the index (tests run inside a transaction: the on-commit hook
    never fires) and make the commit visible to this process's reader."""
    from gongkai.search.indexer import drain_outbox, engine

    def run() -> int:
        n = drain_outbox()
        engine().refresh()
        return n

    return run
