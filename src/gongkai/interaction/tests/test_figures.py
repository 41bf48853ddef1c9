"""Monthly figures per body (for the supervision module, docs/SPEC.md §7): one aggregate query."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.interaction.figures import MessageFigures, monthly_figures
from gongkai.interaction.models import Message, MessageKind, MessageState

pytestmark = pytest.mark.django_db


def _message(org: Any, n: int, received: dt.date, due: dt.date, **fields: Any) -> Message:
    moment = timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
    return Message.objects.create(
        organization=org,
        kind=MessageKind.objects.get(code="consult"),
        tracking_number=f"T-{n}",
        code_hash="x",
        subject="关于入学",
        text="请问入学政策",
        received_at=moment,
        received_on=received,
        due_date=due,
        **fields,
    )


def test_one_query_for_every_body_and_the_stock_figures_as_at_month_end(region):
    d = dt.date
    _message(
        region.dept, 1, d(2026, 3, 2), d(2026, 3, 9), state=MessageState.ANSWERED, answered_on=d(2026, 3, 6)
    )
    _message(
        region.dept,
        2,
        d(2026, 3, 2),
        d(2026, 3, 9),
        state=MessageState.PUBLISHED,
        answered_on=d(2026, 3, 12),
        published_on=d(2026, 3, 13),
    )
    _message(region.dept, 3, d(2026, 3, 20), d(2026, 3, 27))  # open, overdue at 31 March
    _message(region.dept, 4, d(2025, 12, 1), d(2025, 12, 8))  # open, over 3 months at 31 March
    _message(
        region.dept, 5, d(2025, 12, 1), d(2025, 12, 8), state=MessageState.ANSWERED, answered_on=d(2026, 4, 2)
    )  # answered only in April: still open at 31 March
    _message(
        region.office,
        6,
        d(2026, 2, 27),
        d(2026, 3, 6),
        state=MessageState.ANSWERED,
        answered_on=d(2026, 3, 3),
    )
    with CaptureQueriesContext(connection) as queries:
        figures = monthly_figures(
            2026, 3, [region.dept.pk, region.office.pk, region.county.pk], today=d(2026, 6, 1)
        )
    assert len(queries) == 1
    assert figures[region.dept.pk] == MessageFigures(
        received=3,
        answered=2,
        answered_within_limit=1,
        overdue_open=3,
        unanswered_over_3_months=2,
        published=1,
    )
    assert figures[region.office.pk] == MessageFigures(received=0, answered=1, answered_within_limit=1)
    assert figures[region.county.pk] == MessageFigures()
    # The current month's stock figures are as at today: on 25 March, message 3 is not yet overdue.
    early = monthly_figures(2026, 3, today=d(2026, 3, 25))
    assert early[region.dept.pk].overdue_open == 2
    assert region.county.pk not in early
