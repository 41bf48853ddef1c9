"""Two app processes of one installation agree (issue 13 §5; docs/ARCHITECTURE.md, "Several processes
and hosts").

Two real ``gongkai serve`` processes on loopback share one data directory (database, search index)
and one Redis (``REDIS_URL``, the local server at 127.0.0.1:6379, under a key prefix of this run's
own, ``GONGKAI_CACHE_KEY_PREFIX``); a third process stands for the staff side and changes things
through the real services. Requests carry the same ``Host`` as nginx would send, so both processes
use the very same page-cache entries. They must agree on:

* a rate limit: ratings sent alternately to the two processes are refused at the same total as one
  process would refuse them, counted in Redis; and the sign-in lockout (django-axes, counted in
  the database they share) after the same number of failures as with one process;
* a session: signed in through one process, known to the other (read from Redis, ``cached_db``);
* the page cache: a publication and a withdrawal are seen by both processes' next page, although
  the page was cached (by the other process) a moment before;
* the search index: one writer at a time (tantivy's lock), and a change the writer commits is found
  by a search served by the other process.

Skipped only when no Redis answers at 127.0.0.1:6379 (CI runs one).
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

from gongkai.core.tests.seaweedfs import free_ports, without_faketime

REDIS = "redis://127.0.0.1:6379/0"
HOST = "localhost"  # what nginx passes on for every visitor: one page-cache key whatever the process
RATINGS_PER_HOUR = 4
CHILD = "gongkai.core.tests.several_processes_child"

# One pair of processes for the module (about a minute to start on a busy machine): on one xdist
# worker.
pytestmark = pytest.mark.xdist_group("several-processes")


def _redis_client():  # type: ignore[no-untyped-def]
    try:
        import redis
    except ImportError:
        pytest.skip("the redis client is not installed")
    client = redis.Redis.from_url(REDIS, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"no Redis at 127.0.0.1:6379 ({exc}); CI runs one")
    return client


@dataclass
class Response:
    status: int
    body: str
    headers: dict[str, str]


@dataclass
class App:
    port: int
    process: subprocess.Popen[bytes]

    def request(
        self,
        path: str,
        data: dict[str, str] | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> Response:
        headers = {"Host": HOST}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Origin"] = f"http://{HOST}"
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=body, headers=headers)
        try:
            with (opener or urllib.request.build_opener()).open(request, timeout=30) as answer:
                return Response(answer.status, answer.read().decode(), dict(answer.headers))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), dict(error.headers))


@dataclass
class Installation:
    data_dir: Path
    env: dict[str, str]
    prefix: str
    redis: object
    a: App
    b: App

    staff_process: subprocess.Popen[str]

    def staff(self, *args: str) -> str:
        """A change on the staff side, in a process of its own (the real services)."""
        return _ask(self.staff_process, *args)

    def keys(self, pattern: str) -> list[bytes]:
        return list(self.redis.scan_iter(match=f"{self.prefix}:{pattern}", count=1000))  # type: ignore[attr-defined]


def _ask(process: subprocess.Popen[str], *args: str) -> str:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write("\t".join(args) + "\n")
    process.stdin.flush()
    answer = process.stdout.readline().rstrip("\n")
    assert answer.startswith("ok"), answer or f"the staff process stopped ({process.poll()})"
    return answer[3:]


def _start(env: dict[str, str], port: int, log: Path) -> App:
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gongkai",
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--workers",
                "1",
            ],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its search writer and round go with it at the end
        )
    app = App(port, process)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gongkai serve stopped: {log.read_text()[-3000:]}")
        try:
            if app.request("/").status == 200:
                return app
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"gongkai serve did not answer within 120 s: {log.read_text()[-3000:]}")


def _stop(app: App) -> None:
    if app.process.poll() is None:
        os.killpg(app.process.pid, signal.SIGTERM)
        try:
            app.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(app.process.pid, signal.SIGKILL)
            app.process.wait()


@pytest.fixture(scope="module")
def installation(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Installation]:
    client = _redis_client()
    root = tmp_path_factory.mktemp("several-processes")
    data_dir = root / "data"
    prefix = f"gk-test-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env = without_faketime(env)  # the processes and Redis keep one real clock
    env.update(
        DJANGO_SETTINGS_MODULE="gongkai.settings",
        GONGKAI_DATA_DIR=str(data_dir),
        REDIS_URL=REDIS,
        GONGKAI_CACHE_KEY_PREFIX=prefix,
        GONGKAI_RATINGS_PER_HOUR=str(RATINGS_PER_HOUR),
        GONGKAI_PREWARM="off",
        GONGKAI_PUBLISH_PAGES="0",
        GONGKAI_2FA="off",
    )
    done = subprocess.run(
        [sys.executable, "-m", "gongkai", "setup"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    staff = subprocess.Popen(
        [sys.executable, "-m", CHILD], env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    apps: list[App] = []
    try:
        # The region is written while the first app starts; the apps start one after the other, as
        # each collects the static files into the shared data directory.
        assert staff.stdin is not None
        staff.stdin.write("seed\n")
        staff.stdin.flush()
        port_a, port_b = free_ports(2)
        apps.append(_start(env, port_a, root / "a.log"))
        assert staff.stdout is not None
        seeded = staff.stdout.readline()
        assert seeded.startswith("ok"), seeded
        apps.append(_start(env, port_b, root / "b.log"))
        yield Installation(data_dir, env, prefix, client, apps[0], apps[1], staff)
    finally:
        for app in apps:
            _stop(app)
        if staff.stdin is not None:
            staff.stdin.close()
        staff.wait(timeout=30)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)


def _outside_an_hour_boundary() -> None:
    """The hourly window must not turn over in the middle of the case."""
    left = 3600 - time.time() % 3600
    if left < 15:
        time.sleep(left + 1)


def test_a_rate_limit_counts_across_both_processes(installation):
    _outside_an_hour_boundary()
    apps = [installation.a, installation.b]
    # One rating per body and day is its own rule: each rating goes to another body.
    bodies = ["city", "office", "edu", "county", "county-office", "county-finance"]
    statuses = []
    for i, slug in enumerate(bodies):
        answer = apps[i % 2].request(f"/{slug}/rate/", {"grade": "satisfied", "token": uuid.uuid4().hex})
        statuses.append(answer.status)
    # As one process would: the first RATINGS_PER_HOUR accepted, then refused, whichever process.
    assert statuses == [200] * RATINGS_PER_HOUR + [429] * (len(bodies) - RATINGS_PER_HOUR)
    # Counted in Redis, under this installation's prefix (not in the shared database's fallback).
    assert installation.keys("gongkai:ratelimit:*")


def test_a_sign_in_lockout_counts_failures_in_both_processes(installation):
    # One browser: the CSRF cookie of the first page goes with every attempt, to either process.
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    apps = [installation.a, installation.b]
    statuses = []
    for i, password in enumerate(["wrong-password"] * 5 + ["gongkai-test-pass"]):
        app = apps[i % 2]
        page = app.request("/staff/login/", opener=opener)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
        assert token, page.status
        answer = app.request(
            "/staff/login/",
            {"username": "editor", "password": password, "csrfmiddlewaretoken": token.group(1)},
            opener=opener,
        )
        statuses.append(answer.status)
    # As with one process (accounts/tests/test_login_throttle.py): four failures are answered with
    # the form, the fifth locks the pair out, and then even the right password is refused.
    assert statuses == [200, 200, 200, 200, 429, 429]


def test_a_session_opened_in_one_process_is_known_to_the_other(installation):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    a, b = installation.a, installation.b
    page = a.request("/staff/login/", opener=opener)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    assert token, page.status
    signed_in = a.request(
        "/staff/login/",
        {"username": "reviewer", "password": "gongkai-test-pass", "csrfmiddlewaretoken": token.group(1)},
        opener=opener,
    )
    assert signed_in.status == 200 and 'name="password"' not in signed_in.body
    # The other process knows the session: the back office, not the sign-in page.
    inbox = b.request("/staff/", opener=opener)
    assert inbox.status == 200 and 'name="password"' not in inbox.body
    # Read from Redis (cached_db), under this installation's prefix.
    assert installation.keys("*django.contrib.sessions.cached_db*")


def test_a_public_change_is_seen_by_the_other_process_at_once(installation):
    a, b = installation.a, installation.b
    title = f"两个进程共同看到的通知{uuid.uuid4().hex[:6]}"
    first = a.request("/edu/")
    assert first.status == 200 and title not in first.body
    cached = installation.keys("*portal:page:*")
    assert cached, "the body page is not in the shared cache"
    # The other process serves the very entry the first one cached (no new entry).
    assert b.request("/edu/").status == 200
    assert len(installation.keys("*portal:page:*")) == len(cached)

    item_id = installation.staff("publish", title)
    assert title in b.request("/edu/").body
    assert title in a.request("/edu/").body
    assert title in b.request(f"/items/{item_id}/").body

    installation.staff("withdraw", item_id)
    assert title not in a.request("/edu/").body
    assert title not in b.request("/edu/").body
    assert b.request(f"/items/{item_id}/").status == 404


def _search(app: App, word: str) -> str:
    return app.request("/search/?" + urllib.parse.urlencode({"q": word})).body


def test_one_search_writer_at_a_time_and_the_other_process_reads_its_commit(installation):
    from gongkai.search.engine import IndexLockedError, SearchEngine

    index = installation.data_dir / "search"
    word = "鹭鸶湾" + uuid.uuid4().hex[:4]
    holder = SearchEngine(index, store_text=False, writer_heap_bytes=16 * 1024 * 1024, writer_threads=1)
    holder._get_writer()  # this process takes the writer lock, as a writer of either app would
    try:
        second = SearchEngine(index, store_text=False, writer_heap_bytes=16 * 1024 * 1024, writer_threads=1)
        with pytest.raises(IndexLockedError):
            second._get_writer()
        second.close()
        # A publication meanwhile: its own process cannot write the index (it does not wait), so the
        # change waits in the outbox.
        item_id = installation.staff("publish", f"关于{word}湿地保护的通告")
        time.sleep(1.5)
        assert f"/items/{item_id}/" not in _search(installation.b, word)
    finally:
        holder.close()
    # The lock is free: the writer process of one of the apps applies the outbox, and the other
    # app's reader finds the item (a search page is cached, but the commit purged "search").
    deadline = time.monotonic() + 20
    while f"/items/{item_id}/" not in _search(installation.b, word):
        assert time.monotonic() < deadline, "the committed change never reached the other process's search"
        time.sleep(0.3)
    assert f"/items/{item_id}/" in _search(installation.a, word)
