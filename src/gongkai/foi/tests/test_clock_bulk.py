"""The batch form of the clock service, ``add_events_in_bulk``, and the register importer that uses it
(issue 8 §5: the importer wrote clock events in bulk around the clock service)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai.conftest import Clock
from gongkai.foi import importer
from gongkai.foi.clock import Event, EventKind
from gongkai.foi.models import ClockEvent, InfoRequest
from gongkai.foi.services import clock as clock_service
from gongkai.foi.tests.conftest import FoiRegion
from gongkai.foi.tests.test_importer import good_rows, quiet, write_csv

pytestmark = pytest.mark.django_db

D = dt.date


def test_bulk_events_run_the_kernel_and_update_the_due_dates(foi: FoiRegion, make_request, clock: Clock):
    """Received Mon 2 Mar 2026 (due Mon 30 Mar); extended by 20 working days on 20 Mar → 28 Apr
    (清明 4–6 Apr off; 第三十三条第二款)."""
    a = make_request(D(2026, 3, 2))
    b = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    results = clock_service.add_events_in_bulk(
        [
            (a, [Event(EventKind.EXTENDED, D(2026, 3, 20), label="延期", days=20)]),
            (b, [Event(EventKind.NOTE, D(2026, 3, 20), label="备注")]),
        ],
        actor=foi.office_handler,
    )
    assert [r.due for r in results] == [D(2026, 4, 28), D(2026, 3, 30)]
    assert InfoRequest.objects.get(pk=a.pk).due_date == D(2026, 4, 28)
    assert InfoRequest.objects.get(pk=b.pk).due_date == D(2026, 3, 30)
    extended = ClockEvent.objects.get(request=a, kind=EventKind.EXTENDED)
    assert extended.actor == foi.office_handler and extended.days == 20


def test_bulk_events_refuse_a_broken_rule_and_write_nothing(foi: FoiRegion, make_request, clock: Clock):
    """An extension of more than 20 working days breaks 第三十三条第二款: nothing of the batch is saved."""
    a = make_request(D(2026, 3, 2))
    b = make_request(D(2026, 3, 2))
    clock.set(D(2026, 3, 20))
    before = ClockEvent.objects.count()
    with pytest.raises(ValidationError) as exc:
        clock_service.add_events_in_bulk(
            [
                (a, [Event(EventKind.NOTE, D(2026, 3, 20), label="备注")]),
                (b, [Event(EventKind.EXTENDED, D(2026, 3, 20), label="延期", days=25)]),
            ],
            actor=foi.office_handler,
        )
    assert b.registration_number in exc.value.messages[0]
    assert ClockEvent.objects.count() == before
    with pytest.raises(TypeError):
        clock_service.add_events_in_bulk([(a, [])], actor=None)


def test_the_importer_records_events_through_the_clock_service(foi, clock, tmp_path, monkeypatch):
    clock.set(D(2026, 11, 20))
    calls: list[int] = []
    real = clock_service.add_events_in_bulk

    def spy(entries, *, actor):
        calls.append(len(entries))
        assert actor == foi.office_handler
        return real(entries, actor=actor)

    monkeypatch.setattr(importer, "add_events_in_bulk", spy)
    path = write_csv(tmp_path / "register.csv", good_rows(foi.office.unit_code, foi.office.unit_code[-6:]))
    report = importer.import_requests_file(path, user=foi.office_handler, echo=quiet)
    assert report.errors == [] and report.imported == 5
    assert calls == [5]
    assert ClockEvent.objects.filter(kind=EventKind.NOTE, actor=foi.office_handler).count() == 5
