"""The same message form sent by many clients at the same instant (a double click, a resent POST) is
one message; different forms at once are each stored once, with gap-free tracking numbers. On
PostgreSQL, where the connections truly run in parallel."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.core.tests.test_ratelimit_shared import simultaneously
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.shipped import sync_shipped_kinds

N = 16


def _form(region: Any, token: str) -> dict[str, Any]:
    return {
        "organization": region.dept.pk,
        "kind": MessageKind.objects.get(code="consult").pk,
        "subject": "咨询小学入学材料",
        "text": "孩子今年满6周岁，请问报名一年级需要哪些材料？",
        "token": token,
    }


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_at_once_is_one_message_and_different_forms_each_one(region, clock):
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections to the whole schema need PostgreSQL")
    clock.set(dt.datetime(2026, 3, 17, 10, 20))
    sync_shipped_kinds()  # an earlier transactional test in this worker may have emptied the table
    url = reverse("portal:message_write")
    same = _form(region, "same-message-form-0001")
    statuses = simultaneously(
        N, lambda i: Client().post(url, same, REMOTE_ADDR=f"203.0.113.{i + 1}").status_code
    )
    assert set(statuses) == {302}
    assert Message.objects.filter(idempotency_key="same-message-form-0001").count() == 1

    def send(i: int) -> int:
        data = _form(region, f"parallel-message-{i:04d}")
        return Client().post(url, data, REMOTE_ADDR=f"198.51.100.{i + 1}").status_code

    assert set(simultaneously(N, send)) == {302}
    assert Message.objects.count() == N + 1
    numbers = sorted(Message.objects.values_list("tracking_number", flat=True))
    assert numbers == [f"LY-2026-{n:06d}" for n in range(1, N + 2)]
