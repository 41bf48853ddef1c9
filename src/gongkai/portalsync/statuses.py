"""The status projection (staff → portal): how each case filed on a portal host stands, so that the
citizen, who reaches only the internet side, can look it up there with the number and code the
portal gave once the staff side has collected it (docs/ARCHITECTURE.md, "The portal host"); and,
on a staff installation that feeds portal hosts (``GONGKAI_PORTAL_FEED``), each case filed on the
staff side since, with the number and code the staff side gave.

Only cases whose code is a *portable* hash are projected (``core.codes.is_portable``): a request for
information (依申请公开) or a message (互动) received from a portal host (``receive_from_portal`` and
the message intake take such a hash only with a number in a portal's range), or filed on a feeding
staff side (``core.codes.portable_codes``: its own range, so the numbers of the two never meet; a
code given there before the setting was on stays keyed and is not projected). Of each, only
what the citizen's own look-up shows of the case and nothing of the person or the content: kind,
number, the code's portable hash, state, date of receipt, the statutory deadline as the staff side
computed it (第三十三条: 20 working days, extended by at most 20 — read from the request, never
recomputed here), the extension granted, the dates answered or closed, and for a message whether
its answer is published (the published copy travels as a public message). No name, contact,
address, request text, reply letter, handler or note.

The rows are computed at each export (``tables.Table.records``): the staff side stores none of them
(``CaseStatus`` stays empty there). Their key is the staff row's key, by kind: a request's ``2·pk``,
a message's ``2·pk + 1`` (``status_key``), so that each case keeps one row while its state moves,
and a case that leaves the projection (deleted on the staff side) is a deletion on the portal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from gongkai.core.codes import PORTABLE_PREFIX
from gongkai.foi.clock import ClockStatus, EventKind
from gongkai.foi.models import ClockEvent, InfoRequest
from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.public.views import published as published_messages
from gongkai.portalsync.models import CaseKind

_OFFSET = {CaseKind.REQUEST: 0, CaseKind.MESSAGE: 1}


def status_key(kind: CaseKind, pk: int) -> int:
    """The status row's key: one per staff row and kind (requests even, messages odd)."""
    return 2 * pk + _OFFSET[kind]


def portal_requests() -> Any:
    return InfoRequest.objects.filter(lookup_code_hash__startswith=PORTABLE_PREFIX)


def portal_messages() -> Any:
    return Message.objects.filter(code_hash__startswith=PORTABLE_PREFIX)


def _closed_on(at: dt.datetime | None) -> dt.date | None:
    return timezone.localdate(at) if at is not None else None


def status_records() -> Iterator[dict[str, Any]]:
    """The rows of the projection, in key order (a record per case, every column of ``CaseStatus``)."""
    requests = portal_requests()
    extended = dict(
        ClockEvent.objects.filter(request__in=requests.values("pk"), kind=EventKind.EXTENDED)
        .values("request")
        .annotate(days=Sum("days"))
        .values_list("request", "days")
    )
    records: list[dict[str, Any]] = []
    for row in requests.values(
        "pk",
        "registration_number",
        "lookup_code_hash",
        "state",
        "clock_status",
        "received_on",
        "due_date",
        "due_projected",
        "provisional_years",
        "answered_on",
        "closed_on",
    ):
        records.append(
            {
                "id": status_key(CaseKind.REQUEST, row["pk"]),
                "kind": CaseKind.REQUEST.value,
                "number": row["registration_number"],
                "code_hash": row["lookup_code_hash"],
                "state": row["state"],
                "paused": row["clock_status"] == ClockStatus.PAUSED,
                "received_on": row["received_on"],
                "due_date": row["due_date"],
                "due_projected": row["due_projected"],
                "due_provisional": bool(row["provisional_years"]),
                "extension_workdays": int(extended.get(row["pk"]) or 0),
                "answered_on": row["answered_on"],
                "closed_on": row["closed_on"],
                "published_message": None,
            }
        )
    public = set(
        published_messages().filter(pk__in=portal_messages().values("pk")).values_list("pk", flat=True)
    )
    for row in portal_messages().values(
        "pk",
        "tracking_number",
        "code_hash",
        "state",
        "received_on",
        "due_date",
        "due_provisional",
        "answered_on",
        "closed_at",
    ):
        records.append(
            {
                "id": status_key(CaseKind.MESSAGE, row["pk"]),
                "kind": CaseKind.MESSAGE.value,
                "number": row["tracking_number"],
                "code_hash": row["code_hash"],
                "state": row["state"],
                "paused": False,
                "received_on": row["received_on"],
                "due_date": row["due_date"],
                "due_projected": False,
                "due_provisional": row["due_provisional"],
                "extension_workdays": 0,
                "answered_on": row["answered_on"],
                "closed_on": _closed_on(row["closed_at"]) if row["state"] == MessageState.CLOSED else None,
                "published_message": row["pk"] if row["pk"] in public else None,
            }
        )
    records.sort(key=lambda r: int(r["id"]))
    yield from records
