"""The counts of request deflection (``foi.deflection``): one increment per event, anonymous.

Each function adds one to a body's counter for the current month (Beijing time) in one UPDATE, so
concurrent visitors never lose a count; the month's row is created by the first. Nothing about the
visitor is stored and no audit event is written per count: the counts are statistics, not acts
of anyone the audit log could name.

A portal host (内外网分离) marks what it counted as not yet collected; the channel back sends its
counts of each body and month as they stand (``portal_counts``), and the staff side adds what the
host counted since it last took them in (``receive_portal_counts``): the same counts taken twice
add nothing, counts made after a batch was written go with the next one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, QuerySet

from gongkai.core.codes import on_portal_host
from gongkai.foi.deflection import month_of
from gongkai.foi.models import DeflectionTally, PortalDeflectionCount
from gongkai.foi.services.clock import local_today

FIELDS = ("shown", "followed", "submitted")


def _of(rows: QuerySet[Any], organization_id: int | None) -> QuerySet[Any]:
    if organization_id is None:
        return rows.filter(organization__isnull=True)
    return rows.filter(organization_id=organization_id)


def _add(counts: dict[str, int], organization_id: int | None, month: dt.date) -> None:
    """Add ``counts`` to the tally of the body and month, in one UPDATE (or the row's creation)."""
    if any(field not in FIELDS for field in counts):
        raise ValueError(counts)
    changes: dict[str, Any] = {field: F(field) + n for field, n in counts.items()}
    if on_portal_host():
        changes["uncollected"] = True
    rows = _of(DeflectionTally.objects.filter(month=month), organization_id)
    if rows.update(**changes):
        return
    try:
        with transaction.atomic():
            DeflectionTally.objects.create(
                month=month, organization_id=organization_id, uncollected=on_portal_host(), **counts
            )
    except IntegrityError:  # another visitor created the row first
        rows.update(**changes)


def _bump(field: str, organization_id: int | None) -> None:
    _add({field: 1}, organization_id, month_of(local_today()))


def count_shown(organization_id: int | None) -> None:
    """Suggestions were shown on the application form addressed to this body (or to none yet)."""
    _bump("shown", organization_id)


def count_followed(organization_id: int | None) -> None:
    """A citizen followed a suggestion to the published item."""
    _bump("followed", organization_id)


def count_submitted(organization_id: int | None) -> None:
    """An application was submitted although suggestions had been shown."""
    _bump("submitted", organization_id)


# --- the channel back from a portal host (portalsync.intake) ----------------------------------

PORTAL_FIELDS = ("organization_id", "month", *FIELDS)


def portal_key(record: dict[str, Any]) -> str:
    """A sent tally's key: its host, body, month and counts. The acknowledgement settles a tally
    only while its counts are still those sent (:func:`settle_portal_counts`)."""
    parts = (record["host"], record["organization_id"] or "-", record["month"], *(record[f] for f in FIELDS))
    return "/".join(map(str, parts))


def portal_counts() -> Iterator[dict[str, Any]]:
    """Portal host: the tallies counted since the staff side last took them in, as they stand."""
    host = int(settings.GONGKAI_PORTAL_HOST)
    rows = DeflectionTally.objects.filter(uncollected=True).order_by("pk").values_list(*PORTAL_FIELDS)
    for values in rows.iterator():
        record = dict(zip(PORTAL_FIELDS, values, strict=True))
        record["month"] = record["month"].isoformat()
        record["host"] = host
        record["key"] = portal_key(record)
        yield record


def settle_portal_counts(keys: list[str]) -> int:
    """Portal host: the staff side holds these counts. A tally counted again since it was sent keeps
    its mark and goes with the next batch. Returns how many tallies were settled."""
    settled = 0
    for key in keys:
        _host, org, month, shown, followed, submitted = key.split("/")
        rows = _of(DeflectionTally.objects.filter(month=month), None if org == "-" else int(org))
        settled += rows.filter(
            shown=int(shown), followed=int(followed), submitted=int(submitted), uncollected=True
        ).update(uncollected=False)
    return settled


def receive_portal_counts(record: dict[str, Any]) -> bool:
    """Staff side: add what a portal host counted for a body and month since its counts were last
    taken in. Counts taken before (a batch imported twice) add nothing. True when something was added."""
    host, organization_id = int(record["host"]), record["organization_id"]
    month = dt.date.fromisoformat(record["month"])
    with transaction.atomic():
        seen = _of(PortalDeflectionCount.objects.filter(host=host, month=month), organization_id)
        last = seen.select_for_update().first()
        if last is None:
            last = PortalDeflectionCount.objects.create(
                host=host, organization_id=organization_id, month=month
            )
        added = {field: int(record[field]) - getattr(last, field) for field in FIELDS}
        added = {field: n for field, n in added.items() if n > 0}
        if not added:
            return False
        _add(added, organization_id, month)
        for field, n in added.items():
            setattr(last, field, getattr(last, field) + n)
        last.save(update_fields=list(added))
    return True
