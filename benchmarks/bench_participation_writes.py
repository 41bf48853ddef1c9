"""Comments under 32 concurrent clients (意见征集, docs/SPEC.md §2.4; issue 11, "Performance").

Into a fresh database — PostgreSQL when ``DATABASE_URL`` is set, else an SQLite file in WAL mode —
one body with an editor, a reviewer and a signer opens one consultation through the real services.
Then ``--clients`` threads (default 32), each a ``django.test.Client`` with its own client address
(``REMOTE_ADDR`` 10.0.x.y, so each has its own rate-limit window), each load the consultation's page
(which hands out the form's one-time key) and post ``--comments`` comments (default 5, the limit
per address and consultation), every one of them **twice** with the same key, as a double click
would. All threads start together (a barrier).

Printed: submissions accepted (a 302 to the thank-you page), comments stored, errors (any other
status or an exception), the double posts, the time and throughput, and the check that every
accepted submission is stored exactly once (one row per key, no row without an accepted post).

    .venv/bin/python benchmarks/bench_participation_writes.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gongkai_bench_writes \\
        .venv/bin/python benchmarks/bench_participation_writes.py

The data directory is benchmarks/out/bench_participation_writes-<database>/ (gitignored); the
PostgreSQL database named in ``DATABASE_URL`` is dropped and created for the run.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"


def _prepare(database: str) -> None:
    data = OUT / f"bench_participation_writes-{database}"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    os.environ["GONGKAI_DATA_DIR"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    sys.path.insert(0, str(ROOT.parent / "src"))
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        server, _, name = url.rpartition("/")
        with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')


def _world() -> int:
    from django.core.management import call_command

    from gongkai.accounts.models import User
    from gongkai.opinions import services
    from gongkai.orgs.models import Organization, Role, RoleName

    call_command("migrate", verbosity=0)
    org = Organization.objects.create(name="基准市教育局", slug="bench-edu")
    people = {}
    for role in (RoleName.EDITOR, RoleName.REVIEWER, RoleName.SIGNER):
        user = User.objects.create_user(username=f"bench-{role}", password="x")
        Role.objects.create(user=user, organization=org, role=role)
        people[role] = user
    c = services.create_consultation(
        actor=people[RoleName.EDITOR],
        organization=org,
        fields={
            "title": "基准市教育局关于课后服务的实施意见（征求意见稿）",
            "body": "<p>正文</p>",
            "how_to_comment": "网上提交",
        },
    )
    services.submit_for_review(actor=people[RoleName.EDITOR], consultation=c)
    services.pass_review(actor=people[RoleName.REVIEWER], consultation=c)
    services.open_consultation(actor=people[RoleName.SIGNER], consultation=c)
    return c.pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--comments", type=int, default=5, help="comments per client (each posted twice)")
    args = parser.parse_args()
    database = "postgres" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    _prepare(database)
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection, connections
    from django.test import Client
    from django.urls import reverse

    from gongkai.opinions.models import Comment

    settings.ALLOWED_HOSTS = ["*"]
    pk = _world()
    url = reverse("portal:consultation", args=[pk])
    key_pattern = re.compile(r'name="key" value="([0-9a-f]{32})"')
    barrier = threading.Barrier(args.clients)
    lock = threading.Lock()
    accepted: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    errors: list[str] = []

    def client_run(n: int) -> None:
        client = Client(REMOTE_ADDR=f"10.0.{n // 250}.{n % 250 + 1}")
        try:
            barrier.wait()
            for i in range(args.comments):
                page = client.get(url).content.decode()
                found = key_pattern.search(page)
                if found is None:
                    raise RuntimeError("no form key on the page")
                key = found.group(1)
                data = {"text": f"客户端{n}的第{i + 1}条意见：建议延长课后服务时间。", "key": key}
                for _attempt in range(2):  # the same form sent twice (a double click)
                    response = client.post(url, data)
                    with lock:
                        statuses[response.status_code] += 1
                        if response.status_code == 302:
                            accepted[key] += 1
                        else:
                            errors.append(f"client {n}: HTTP {response.status_code}")
        except Exception as exc:
            with lock:
                errors.append(f"client {n}: {type(exc).__name__}: {exc}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client_run, args=(n,)) for n in range(args.clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started

    stored = Counter(Comment.objects.filter(consultation_id=pk).values_list("submission_key", flat=True))
    once = all(stored[k] == 1 for k in accepted) and set(stored) == set(accepted)
    posts = sum(statuses.values())
    print(f"database: {connection.vendor}  clients: {args.clients}  comments per client: {args.comments}")
    print(f"posts: {posts} (each form twice)  statuses: {dict(sorted(statuses.items()))}")
    print(
        f"accepted submissions: {len(accepted)}  comments stored: {sum(stored.values())}  errors: {len(errors)}"
    )
    print(f"every accepted submission stored exactly once: {'yes' if once else 'NO'}")
    print(f"time: {elapsed:.2f} s  ({posts / elapsed:.0f} posts/s)")
    for line in errors[:10]:
        print("  ", line)
    if errors or not once or len(accepted) != args.clients * args.comments:
        sys.exit(1)


if __name__ == "__main__":
    main()
