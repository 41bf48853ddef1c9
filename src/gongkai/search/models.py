"""The transactional outbox that feeds the search index (see docs/ARCHITECTURE.md, "Search")."""

from __future__ import annotations

from django.db import models


class OutboxEntry(models.Model):
    """ "Item N may have changed its public face": written in the same transaction as the change.

    A worker (or the process itself, right after commit) re-reads the item and puts it into or
    takes it out of the index, then deletes the entry. An entry left behind by a crash is simply
    processed again: the operation is idempotent.
    """

    item_id = models.BigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "检索索引待办"
        verbose_name_plural = "检索索引待办"

    def __str__(self) -> str:
        return f"item {self.item_id}"
