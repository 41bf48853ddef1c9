"""The transactional outbox that feeds the search index (see docs/ARCHITECTURE.md, "Search")."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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


class SearchWord(models.Model):
    """A word the administrators add to the segmenter's dictionary (a place name the bodies' names
    do not carry, a local term). Edited in the Django admin; see ``gongkai.search.vocabulary``."""

    class Kind(models.TextChoices):
        PLACE = "place", _("地名")
        TERM = "term", _("词语")

    word = models.CharField(_("词语"), max_length=40, unique=True)
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.PLACE)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("检索词表词语")
        verbose_name_plural = _("检索词表")

    def __str__(self) -> str:
        return self.word


class SubjectWord(models.Model):
    """A 主题词 of a public item, kept once it has been indexed (the vocabulary reads this table
    instead of every item's 主题词 field)."""

    word = models.CharField(max_length=40, unique=True)

    class Meta:
        verbose_name = _("主题词（检索词表）")
        verbose_name_plural = _("主题词（检索词表）")

    def __str__(self) -> str:
        return self.word


class VocabularyVersion(models.Model):
    """One row: the version of the platform's vocabulary. Every process compares it with the
    version it segments with and reloads the words when it moved on."""

    version = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("检索词表版本")
        verbose_name_plural = _("检索词表版本")

    def __str__(self) -> str:
        return str(self.version)
