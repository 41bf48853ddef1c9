"""The request clock in the database: events in, derived due dates out (docs/SPEC.md §4.2, §5).

``add_event`` is the only way a clock event is written: it checks the new event against the
kernel's rules first (a ``ValidationError`` in Chinese, nothing saved), then refreshes the derived
columns. ``recompute_open_requests`` runs after any calendar change.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.actors import require_actor
from gongkai.core.bulk import update_fields
from gongkai.foi import clock as kernel
from gongkai.foi.models import OPEN_STATES, ClockEvent, InfoRequest, RequestSettings
from gongkai.workdays.calendar import get_calendar
from gongkai.workdays.kernel import Calendar

DERIVED_FIELDS = [
    "clock_status",
    "due_date",
    "internal_due_date",
    "due_projected",
    "provisional_years",
    "correction_due",
]


def local_today() -> dt.date:
    return timezone.localdate()


def to_kernel(event: ClockEvent) -> kernel.Event:
    return kernel.Event(
        kind=kernel.EventKind(event.kind),
        on=event.on,
        label=event.label,
        days=event.days,
        key=event.key,
        until=event.until,
    )


def internal_lead(request: InfoRequest) -> int:
    try:
        return request.organization.request_settings.internal_lead_days
    except RequestSettings.DoesNotExist:
        return RequestSettings._meta.get_field("internal_lead_days").get_default()


def compute(
    request: InfoRequest,
    events: Iterable[kernel.Event] | None = None,
    *,
    calendar: Calendar | None = None,
    today: dt.date | None = None,
    lead: int | None = None,
) -> kernel.ClockResult:
    """The request's clock now (``today``), from its stored events unless ``events`` are given."""
    if events is None:
        events = [to_kernel(e) for e in request.clock_events.all()]
    return kernel.compute(
        events,
        calendar or get_calendar(),
        today=today or local_today(),
        internal_lead=internal_lead(request) if lead is None else lead,
    )


def apply_result(request: InfoRequest, result: kernel.ClockResult) -> bool:
    """Copy the derived values onto the request; True if any changed (the caller saves)."""
    values = {
        "clock_status": result.status.value,
        "due_date": result.due,
        "internal_due_date": result.internal_due,
        "due_projected": result.projected,
        "provisional_years": ",".join(str(y) for y in sorted(result.provisional_years)),
        "correction_due": result.correction_due,
    }
    changed = False
    for name, value in values.items():
        if getattr(request, name) != value:
            setattr(request, name, value)
            changed = True
    return changed


def refresh_clock(request: InfoRequest) -> kernel.ClockResult:
    result = compute(request)
    if apply_result(request, result):
        InfoRequest.objects.filter(pk=request.pk).update(**{f: getattr(request, f) for f in DERIVED_FIELDS})
    return result


def add_event(
    request: InfoRequest,
    kind: kernel.EventKind,
    on: dt.date,
    *,
    actor: Any,
    label: str = "",
    days: int = 0,
    key: str = "",
    until: dt.date | None = None,
) -> kernel.ClockResult:
    """Record one clock event after checking it against the rules; returns the new clock.

    ``actor`` is the person recording it, or ``SYSTEM`` (never ``None``)."""
    require_actor(actor)
    existing = list(request.clock_events.all())
    new = kernel.Event(kind=kind, on=on, label=label, days=days, key=key, until=until)
    try:
        result = compute(request, [*map(to_kernel, existing), new])
    except kernel.ClockError as error:
        raise ValidationError(str(error)) from error
    ClockEvent.objects.create(
        request=request,
        kind=kind.value,
        on=on,
        label=label,
        days=days,
        key=key,
        until=until,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if hasattr(request, "_prefetched_objects_cache"):
        request._prefetched_objects_cache.pop("clock_events", None)
    if apply_result(request, result):
        InfoRequest.objects.filter(pk=request.pk).update(**{f: getattr(request, f) for f in DERIVED_FIELDS})
    return result


def add_events_in_bulk(
    entries: Sequence[tuple[InfoRequest, Sequence[kernel.Event]]], *, actor: Any
) -> list[kernel.ClockResult]:
    """The batch form of :func:`add_event`: record new events of many requests in a few statements.

    As in ``add_event``, each request's kernel runs first on its stored events plus the new ones
    (the stored events of the whole batch are read in one query), so an event that breaks a rule is
    refused — a ``ValidationError`` naming the request — before anything is written. Then the
    events are inserted with one ``bulk_create`` and the derived columns of the requests whose
    clock moved are updated with one ``executemany``. The register importer writes thousands of
    requests this way. ``actor`` is the person recording the events, or ``SYSTEM``.
    """
    require_actor(actor)
    if not entries:
        return []
    calendar = get_calendar()
    today = local_today()
    org_ids = {request.organization_id for request, _ in entries}
    leads = dict(
        RequestSettings.objects.filter(organization_id__in=org_ids).values_list(
            "organization_id", "internal_lead_days"
        )
    )
    default_lead = RequestSettings._meta.get_field("internal_lead_days").get_default()
    stored: dict[int, list[kernel.Event]] = defaultdict(list)
    ids = [request.pk for request, _ in entries]
    for start in range(0, len(ids), 1000):
        for row in (
            ClockEvent.objects.filter(request_id__in=ids[start : start + 1000])
            .order_by("on", "id")
            .values_list("request_id", "kind", "on", "label", "days", "key", "until")
        ):
            stored[row[0]].append(
                kernel.Event(kernel.EventKind(row[1]), row[2], row[3], row[4], row[5], row[6])
            )
    recorded_by = actor if getattr(actor, "is_authenticated", False) else None
    results: list[kernel.ClockResult] = []
    rows: list[ClockEvent] = []
    moved: list[InfoRequest] = []
    for request, events in entries:
        try:
            result = kernel.compute(
                [*stored[request.pk], *events],
                calendar,
                today=today,
                internal_lead=leads.get(request.organization_id, default_lead),
            )
        except kernel.ClockError as error:
            raise ValidationError(f"{request.registration_number}：{error}") from error
        results.append(result)
        rows.extend(
            ClockEvent(
                request=request,
                kind=event.kind.value,
                on=event.on,
                label=event.label,
                days=event.days,
                key=event.key,
                until=event.until,
                actor=recorded_by,
            )
            for event in events
        )
        if apply_result(request, result):
            moved.append(request)
    ClockEvent.objects.bulk_create(rows, batch_size=1000)
    _write_derived(moved)
    return results


def recompute_open_requests(*, actor: Any, reason: str = "", batch_size: int = 2000) -> dict[str, Any]:
    """Recompute the clock of every open request after a calendar change (docs/SPEC.md §5).

    Each request whose due date moved gets a NOTE event saying so (its applicant sees it), and one
    audit event records the run with the number of cases checked and changed. ``actor`` is the
    person whose calendar change caused it, or ``SYSTEM`` (the command line).
    """
    require_actor(actor)
    calendar = get_calendar()
    today = local_today()
    checked = changed = 0
    moved: list[dict[str, Any]] = []
    leads = dict(RequestSettings.objects.values_list("organization_id", "internal_lead_days"))
    default_lead = RequestSettings._meta.get_field("internal_lead_days").get_default()
    last_pk = 0
    with transaction.atomic():
        while True:
            batch = list(
                InfoRequest.objects.filter(state__in=OPEN_STATES, pk__gt=last_pk)
                .order_by("pk")
                .only("pk", "state", "organization_id", "registration_number", *DERIVED_FIELDS)[:batch_size]
            )
            if not batch:
                break
            last_pk = batch[-1].pk
            events: dict[int, list[kernel.Event]] = defaultdict(list)
            for row in (
                ClockEvent.objects.filter(request_id__in=[r.pk for r in batch])
                .order_by("on", "id")
                .values_list("request_id", "kind", "on", "label", "days", "key", "until")
            ):
                events[row[0]].append(
                    kernel.Event(kernel.EventKind(row[1]), row[2], row[3], row[4], row[5], row[6])
                )
            updated: list[InfoRequest] = []
            notes: list[ClockEvent] = []
            for request in batch:
                checked += 1
                try:
                    result = kernel.compute(
                        events[request.pk],
                        calendar,
                        today=today,
                        internal_lead=leads.get(request.organization_id, default_lead),
                    )
                except kernel.ClockError:
                    continue
                before = request.due_date
                if apply_result(request, result):
                    updated.append(request)
                    if before != request.due_date:
                        changed += 1
                        if len(moved) < 200:
                            moved.append(
                                {
                                    "request": request.registration_number,
                                    "from": str(before),
                                    "to": str(request.due_date),
                                }
                            )
                        notes.append(
                            ClockEvent(
                                request_id=request.pk,
                                kind=kernel.EventKind.NOTE.value,
                                on=today,
                                label=(
                                    f"工作日历调整，答复期限由{kernel.zh_date(before)}"
                                    f"重新计算为{kernel.zh_date(request.due_date)}"
                                    + (f"（{reason}）" if reason else "")
                                )[:200],
                            )
                        )
            _write_derived(updated)
            ClockEvent.objects.bulk_create(notes, batch_size=1000)
        record(
            actor=actor,
            action="calendar.requests_recomputed",
            reason=reason,
            data={"checked": checked, "changed": changed, "moved": moved},
        )
    return {"checked": checked, "changed": changed, "moved": moved}


def _write_derived(requests: list[InfoRequest]) -> None:
    """One parameterized UPDATE per changed request, sent with ``executemany``
    (``core.bulk.update_fields``: ``bulk_update``'s ``CASE WHEN`` grows quadratically with the
    batch; at 100,000 open requests it was 8× slower, docs/PERFORMANCE.md)."""
    update_fields(requests, DERIVED_FIELDS)


def explain(request: InfoRequest) -> Sequence[kernel.Step]:
    return compute(request).steps
