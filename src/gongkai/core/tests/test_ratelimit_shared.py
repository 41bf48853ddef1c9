"""Rate limits count atomically in a store every process shares (security audit 4.5).

The audit sent 32 simultaneous applications from one address and 22 were accepted (limit 5 an
hour), and 62 of 96 wrong look-up codes were answered (limit 60): the check came before the
increment, and each of the three gunicorn workers counted in its own local-memory cache.
Here many threads, each with its own database connection, fire at the same moment; exactly the
limit must get through.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client, RequestFactory
from django.urls import reverse

from gongkai.core import ratelimit
from gongkai.core.models import RateCounter
from gongkai.core.ratelimit import FixedWindow
from gongkai.foi.models import InfoRequest
from gongkai.portal.tests.test_requests_public import application, submit

N = 32
rf = RequestFactory()


def simultaneously(n: int, action: Callable[[int], Any]) -> list[Any]:
    """Run ``action(i)`` in ``n`` threads released at the same instant; each thread has its own
    database connection (closed at the end). Returns the results in order; re-raises errors."""
    barrier = threading.Barrier(n)
    results: list[Any] = [None] * n
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[i] = action(i)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    return results


@pytest.fixture
def hour(clock: Any) -> Any:
    """10:20 Beijing time: the hour's window has 40 minutes to go, so no test straddles two."""
    clock.set(dt.datetime(2025, 9, 22, 10, 20))
    return clock


def _parallel_connections() -> None:
    if connection.vendor != "postgresql":
        # The SQLite test database lives in memory with a shared cache, where concurrent writers
        # fail at once ("database table is locked") instead of waiting as a WAL file's do: the
        # SQLite case is tested on a file below (test_sqlite_file_counts_exactly_under_32_connections).
        pytest.skip("parallel connections to the whole schema need PostgreSQL")


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_applications_from_one_address_accept_exactly_the_limit(region, settings, hour):
    _parallel_connections()
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 5}
    url = reverse("portal:request_apply")
    data = application(region)

    results = simultaneously(N, lambda i: Client().post(url, data).status_code)

    assert sorted(results) == [302] * 5 + [429] * (N - 5)
    assert InfoRequest.objects.count() == 5


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_simultaneous_wrong_codes_are_answered_exactly_the_limit(region, settings, hour):
    _parallel_connections()
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_LOOKUP_PER_HOUR": 20}
    info, _code = submit(Client(), region)
    url = reverse("portal:request_lookup")
    wrong = {"registration_number": info.registration_number, "code": "2222222222"}

    results = simultaneously(N, lambda i: Client().post(url, wrong).status_code)

    assert sorted(results) == [200] * 20 + [429] * (N - 20)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_the_database_counter_is_atomic_under_parallel_connections(hour):
    """PostgreSQL runs the 32 connections truly in parallel: one ``INSERT … ON CONFLICT … RETURNING``
    per attempt, so every attempt sees its own count (1…32) and exactly 5 are within the limit."""
    _parallel_connections()
    store = ratelimit._DatabaseStore()
    counts = simultaneously(N, lambda i: store.add("parallel:203.0.113.9", 0, 3600, 1))
    assert sorted(counts) == list(range(1, N + 1))  # every attempt saw its own count

    window = FixedWindow("parallel", lambda: 5)
    client = rf.post("/", REMOTE_ADDR="203.0.113.9")
    slots = simultaneously(N, lambda i: window.take(client))
    assert sum(s.allowed for s in slots) == 5
    assert window.count(client) == 5  # the refused ones were given back


@pytest.fixture
def sqlite_file(django_db_blocker: Any, tmp_path: Any) -> Iterator[str]:
    """A second database: an SQLite file with the embedded deployment's options (WAL, IMMEDIATE
    transactions, a busy timeout), holding the counter table, whatever the test database is."""
    alias = "ratelimit_sqlite_file"
    config = {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "counters.sqlite3"),
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=20000;",
        },
    }
    connections.settings[alias] = connections.configure_settings(
        {"default": connections.settings["default"], alias: config}
    )[alias]
    # Not the test database: no django_db mark (whose isolation would refuse the extra alias),
    # access opened by hand.
    with django_db_blocker.unblock():
        try:
            with connections[alias].schema_editor() as editor:
                editor.create_model(RateCounter)
            yield alias
        finally:
            connections[alias].close()
            del connections[alias]
            del connections.settings[alias]


def test_sqlite_file_counts_exactly_under_32_connections(sqlite_file):
    """The embedded deployment: 32 connections to one WAL file count at the same moment; SQLite's
    write lock queues them, each ``INSERT … ON CONFLICT … RETURNING`` sees its own count."""
    store = ratelimit._DatabaseStore(using=sqlite_file)
    counts = simultaneously(N, lambda i: store.add("apply:203.0.113.20", 0, 3600, 1))
    assert sorted(counts) == list(range(1, N + 1))
    assert store.get("apply:203.0.113.20", 0) == N


@pytest.mark.django_db
def test_two_processes_share_one_count(region, settings, hour):
    """Two app processes, each with its own local-memory cache (as gunicorn's workers are), count
    one address together: the second process refuses what the first already accepted."""
    settings.GONGKAI = {**settings.GONGKAI, "REQUEST_FORM_PER_HOUR": 2}
    url = reverse("portal:request_apply")

    def process(name: str) -> None:
        settings.CACHES = {
            "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": name}
        }

    process("worker-1")
    assert Client().post(url, application(region)).status_code == 302
    process("worker-2")
    assert Client().post(url, application(region)).status_code == 302
    assert Client().post(url, application(region)).status_code == 429
    process("worker-1")
    assert Client().post(url, application(region)).status_code == 429
    assert InfoRequest.objects.count() == 2


@pytest.mark.django_db
def test_refused_and_released_events_do_not_count(hour):
    window = FixedWindow("release", lambda: 2)
    client = rf.post("/", REMOTE_ADDR="203.0.113.10")
    first = window.take(client)
    first.release()  # e.g. a form with errors
    assert window.count(client) == 0
    assert window.take(client).allowed and window.take(client).allowed
    refused = window.take(client)
    assert not refused.allowed and refused.count == 3
    assert window.count(client) == 2
    assert window.exceeded(client)


@pytest.mark.django_db
def test_rows_of_past_windows_are_cleaned_up(hour):
    window = FixedWindow("cleanup", lambda: 5)
    a, b = rf.post("/", REMOTE_ADDR="203.0.113.11"), rf.post("/", REMOTE_ADDR="203.0.113.12")
    window.take(a)
    window.take(b)
    assert RateCounter.objects.count() == 2
    hour.shift(dt.timedelta(hours=2))  # both windows (and their minute of grace) are over
    window.take(a)
    assert list(RateCounter.objects.values_list("key", flat=True)) == ["cleanup:203.0.113.11"]
    assert window.count(b) == 0


# --- Redis (the regional deployment) -----------------------------------------------------------


@pytest.fixture
def redis_url(tmp_path: Any) -> Iterator[str]:
    """A throw-away redis-server on a free port (skipped where Redis is not installed)."""
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # The server runs on the real clock: CI's second run moves the suite's clock with libfaketime
    # (LD_PRELOAD), which must not reach redis-server (its TTLs are relative anyway).
    env = {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        import redis

        client = redis.Redis(port=port)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        else:
            pytest.fail(f"redis-server did not answer on port {port} within 10 s")
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.django_db
def test_with_redis_the_count_is_atomic_and_shared(settings, redis_url, hour):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    assert isinstance(ratelimit.store(), ratelimit._RedisStore)
    window = FixedWindow("redis", lambda: 5)
    client = rf.post("/", REMOTE_ADDR="203.0.113.13")

    store = ratelimit.store()
    counts = simultaneously(N, lambda i: store.add("redis:203.0.113.13", 0, 3600, 1))
    assert sorted(counts) == list(range(1, N + 1))

    slots = simultaneously(N, lambda i: window.take(client))
    assert sum(s.allowed for s in slots) == 5
    assert window.count(client) == 5
    assert not RateCounter.objects.exists()  # counted in Redis, not in the database
