"""32 clients rating at the same instant (issue 11, "Performance"): every accepted rating stored
exactly once, no error. On PostgreSQL, where the connections truly run in parallel (the SQLite test
database lives in memory with a shared cache; the embedded deployment's SQLite file is measured by
``benchmarks/bench_participation_figures.py``)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai.core.tests.test_ratelimit_shared import simultaneously
from gongkai.ratings.models import Rating

N = 32


def _parallel_connections() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("parallel connections to the whole schema need PostgreSQL")


def post(url: str, token: str, address: str) -> int:
    data = {"grade": "basic", "token": token}
    return Client().post(url, data, HTTP_ORIGIN="http://testserver", REMOTE_ADDR=address).status_code


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_same_form_sent_by_32_clients_at_once_is_stored_once(region, clock):
    _parallel_connections()
    clock.set(dt.datetime(2026, 3, 17, 10, 20))
    url = reverse("portal:rate_body", args=["edu"])
    statuses = simultaneously(N, lambda i: post(url, "same-form-token-0001", f"203.0.113.{i + 1}"))
    assert Counter(statuses)[200] >= 1 and set(statuses) <= {200}
    assert Rating.objects.filter(token="same-form-token-0001").count() == 1


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_32_clients_rating_at_once_are_each_stored_once(region, clock):
    _parallel_connections()
    clock.set(dt.datetime(2026, 3, 17, 10, 20))
    url = reverse("portal:rate_body", args=["edu"])

    def rate(i: int) -> Any:
        # Two clients of one address each: the second rating of the day is refused (409).
        return post(url, f"parallel-token-{i:04d}", f"198.51.100.{i // 2 + 1}")

    statuses = simultaneously(N, rate)
    assert sorted(statuses) == [200] * (N // 2) + [409] * (N // 2)
    assert Rating.objects.count() == N // 2
