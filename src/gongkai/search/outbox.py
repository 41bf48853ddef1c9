"""Writing to and draining the search outbox. The engine side lives in ``gongkai.search.indexer``."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.search.models import OutboxEntry


def enqueue(item_ids: Iterable[int]) -> None:
    OutboxEntry.objects.bulk_create([OutboxEntry(item_id=i) for i in item_ids])


def process_after_commit(item_ids: list[int]) -> None:
    """Apply the change at once in this process when it can take the index writer; otherwise a
    worker (``gongkai search process``) will pick the entries up."""
    from gongkai.search.indexer import drain_outbox

    drain_outbox(limit=1000, wait=False)
