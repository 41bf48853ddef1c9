"""Portal host: the submissions not yet collected that a change set's deletions would take with them.

A comment hangs on its consultation, a rating on its item and its body (``CASCADE``). When a change
set deletes those on the portal host (a body switched off takes its consultations, a withdrawn item
leaves) before the staff side collected what citizens submitted there, each such submission is first
moved into ``HeldIntake`` as the intake file carries it, in the import's transaction; then the
deletion runs. ``intake.export_intake`` sends the held records with the rows still waiting, and the
acknowledgement deletes them by key (``intake.apply_ack``): at least once, never lost.

What a deletion reaches is asked of Django's deletion collector — what ``QuerySet.delete`` runs —
rather than listed by hand, so a cascade of any depth, through whatever key a later version adds,
is found as the deletion itself finds it; the collector is then the one that deletes.
Only the kinds whose rows leave the portal when acknowledged are held: the deflection counts stay
on the portal host and are settled instead (anonymous counts of a body the staff side no longer has).
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models.deletion import Collector

from gongkai.portalsync.channel import dumps
from gongkai.portalsync.intake import KINDS, IntakeKind
from gongkai.portalsync.models import HeldIntake

CHUNK = 500


def delete_holding_intake(qs: models.QuerySet[Any]) -> int:
    """Delete the rows of ``qs`` and what cascades from them, as ``qs.delete()`` does, after moving
    every submission not yet collected among them into ``HeldIntake``. Returns how many
    submissions were held. Raises ``ProtectedError`` as the deletion would, holding nothing."""
    query = qs.order_by()
    collector = Collector(using=query.db, origin=qs)
    collector.collect(query)
    held = 0
    for kind in KINDS:
        if kind.settle is None:
            held += _hold(kind, _reached(kind, collector))
    collector.delete()
    return held


def _reached(kind: IntakeKind, collector: Collector) -> list[models.QuerySet[Any]]:
    """The kind's waiting rows that the collected deletion removes: those it loaded and those it
    deletes by query without loading them (``fast_deletes``)."""
    concrete = kind.model._meta.concrete_model
    found: list[models.QuerySet[Any]] = []
    for model, instances in collector.data.items():
        if model._meta.concrete_model is concrete:
            pks = sorted(obj.pk for obj in instances)
            for start in range(0, len(pks), CHUNK):
                found.append(kind.rows().filter(pk__in=pks[start : start + CHUNK]))
    for deleted in collector.fast_deletes:
        if deleted.model._meta.concrete_model is concrete:
            found.append(kind.rows().filter(pk__in=deleted.values("pk")))
    return found


def _hold(kind: IntakeKind, parts: list[models.QuerySet[Any]]) -> int:
    held: list[HeldIntake] = []
    for rows in parts:
        for record in kind.records_of(rows):
            # As the channel's writer encodes it: the staff side reads the same values either way.
            encoded = json.loads(dumps(record))
            held.append(HeldIntake(kind=kind.label, key=str(encoded[kind.key]), record=encoded))
    # One form sent twice may have left two rows under one key: one record is enough.
    HeldIntake.objects.bulk_create(held, batch_size=CHUNK, ignore_conflicts=True)
    return len(held)
