"""The portal under a mixed load while content changes, deployed as in production (issue 13 §1).

Repeats the issue's measurement the way it was taken: nginx with ``deploy/nginx.conf`` in front,
published pages served as files by nginx (``GONGKAI_PUBLISH_PAGES=1``), ``gongkai serve`` behind it
for whatever is not a file, Redis as the one cache of every process (page cache, tag versions,
render locks), and wrk with 32 connections over a Zipf mix of ~2,000 URLs (rank 1 the home page,
then the bodies' pages, the first pages of the column listings and item pages, shuffled; weight
1/rank). Each row runs for ``--duration`` seconds: first quiet, then with one publication every
60 s, then every 5 s (``--every``). A publication is made by this process as a staff process makes
it: an item of a random column gets a new ``published_at`` (it becomes the newest of its listings,
its body's page and the home page) and ``public_content_changed`` runs after the commit, which
purges by tags, deletes the affected published files and renders the hot pages again
(``portal.prewarm``, in a thread of this process).

nginx writes one log line per request with its upstream (``-`` when it sent a file), from which the
share served from files is counted.

Build the data once (SQLite by default; for PostgreSQL put the same ``DATABASE_URL`` before both
commands), then run::

    GONGKAI_DATA_DIR=benchmarks/out/demo-200k .venv/bin/gongkai demo --items 200000 --no-serve
    GONGKAI_DATA_DIR=benchmarks/out/demo-200k .venv/bin/python benchmarks/bench_mixed_load.py

Needs wrk, nginx and a Redis server (``apt-get install wrk nginx-light redis-server``). Everything
runs on loopback and stops by itself. Prints one row per publishing rate: requests/s, its share of
the quiet rate, the share answered from files, p50 and p99 (wrk's), errors and publications.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

APP_PORT, NGINX_PORT = 8131, 8132
SITE_URL = f"http://127.0.0.1:{NGINX_PORT}"
#: The environment of the app server and of this process (the publisher): one installation.
SHARED_ENV = {
    "GONGKAI_PUBLISH_PAGES": "1",
    "GONGKAI_SITE_URL": SITE_URL,
    "GONGKAI_TRUSTED_PROXIES": "127.0.0.1,::1",
    "GONGKAI_PREWARM": "thread",
    "GONGKAI_2FA": "off",
    "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"),
    "GONGKAI_CACHE_KEY_PREFIX": f"bench-mixed-{os.getpid()}",
}
os.environ.update(SHARED_ENV)

import bench_invalidation as inval  # noqa: E402  (sets Django up with the environment above)
from bench_portal import published_conf, start_app, start_nginx, stop, wrk  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402

from gongkai.core.public_changes import bump_public_version  # noqa: E402
from gongkai.disclosure.models import Item  # noqa: E402

LOG_FORMAT = "log_format mixed '$upstream_addr $status';"


def zipf_requests(urls: list[str], n: int, seed: int) -> list[str]:
    """``n`` paths drawn from ``urls`` with weight 1/rank: wrk picks among them uniformly."""
    import random

    rng = random.Random(seed)
    weights = [1 / rank for rank in range(1, len(urls) + 1)]
    return rng.choices(urls, weights=weights, k=n)


def nginx_conf(site: Path) -> str:
    conf = published_conf(site, NGINX_PORT, APP_PORT)
    # One line per request: its upstream ("-" when nginx answered from a file).
    conf = conf.replace("http {\n", f"http {{\n  {LOG_FORMAT}\n", 1)
    return conf.replace(
        "server_name 127.0.0.1;",
        "server_name 127.0.0.1;\n    access_log logs/mixed.log mixed buffer=1m flush=1s;",
    )


def served_from_files(log: Path, offset: int) -> tuple[float, int, int]:
    """(share answered from files, lines, 5xx) of the log after ``offset``."""
    with log.open("rb") as fh:
        fh.seek(offset)
        lines = fh.read().decode().splitlines()
    files = sum(1 for line in lines if line.startswith("- "))
    errors = sum(1 for line in lines if line.rsplit(" ", 1)[-1].startswith("5"))
    return (files / len(lines) if lines else 0.0), len(lines), errors


class Publisher(threading.Thread):
    def __init__(self, every: float, columns: list[int]) -> None:
        super().__init__(daemon=True)
        self.every, self.columns, self.changes = every, columns, 0
        self.done = threading.Event()

    def run(self) -> None:
        import random

        rng = random.Random(99)
        while not self.done.wait(self.every):
            inval.publish_one(rng.choice(self.columns))
            self.changes += 1
        connections.close_all()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--duration", type=int, default=60, help="seconds of each row")
    parser.add_argument("--every", default="0,60,5", help="seconds between publications, 0 = quiet")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers of gongkai serve")
    args = parser.parse_args()

    data_dir = os.environ["GONGKAI_DATA_DIR"]
    site = Path(settings.GONGKAI["PUBLISH_DIR"]).resolve()
    urls, columns = inval.pick_urls(args.urls, seed=13)
    requests = zipf_requests(urls, 20_000, seed=17)
    engine = connection.vendor
    print(
        f"{Item.objects.public().count():,} public items on {engine}, {len(urls)} URLs, "
        f"wrk -c{args.connections}, {args.duration} s a row, {args.workers} gunicorn workers",
        flush=True,
    )
    connections.close_all()
    bump_public_version()  # start from no published file
    work = Path(tempfile.mkdtemp(prefix="bench-mixed-"))
    app = start_app(data_dir, APP_PORT, SHARED_ENV, args.workers)
    nginx = start_nginx(nginx_conf(site), work)
    log = work / "logs" / "mixed.log"
    rows = []
    try:
        started = time.monotonic()
        for path in urls:  # a warm portal: every page once (rendered, then published as a file)
            with urllib.request.urlopen(SITE_URL + path, timeout=120) as response:
                response.read()
        print(f"warmed {len(urls)} pages in {time.monotonic() - started:.0f} s", flush=True)
        wrk(SITE_URL + "/", 10, args.connections, requests)  # settle
        for every in (float(e) for e in args.every.split(",")):
            time.sleep(2)
            offset = log.stat().st_size if log.exists() else 0
            publisher = Publisher(every, columns) if every else None
            if publisher:
                publisher.start()
            result = wrk(SITE_URL + "/", args.duration, args.connections, requests)
            if publisher:
                publisher.done.set()
                publisher.join()
            time.sleep(2)  # nginx flushes its log every second
            files, lines, errors = served_from_files(log, offset)
            row = {
                "publishing": f"one every {every:g} s" if every else "none",
                **result,
                "files": files,
                "logged": lines,
                "server_errors": errors,
                "changes": publisher.changes if publisher else 0,
                "load": os.getloadavg()[0],
            }
            rows.append(row)
            print(row, flush=True)
    finally:
        stop(nginx)
        stop(app)
    quiet = rows[0]["rps"] if rows and rows[0]["publishing"] == "none" else None
    print(f"\n{engine}, {Item.objects.public().count():,} public items")
    print("| publishing | req/s | of quiet | from files | p50 ms | p99 ms | non-2xx | publications | load |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        share = f"{r['rps'] / quiet:.0%}" if quiet else "–"
        print(
            f"| {r['publishing']} | {r['rps']:,.0f} | {share} | {r['files']:.2%} | {r['p50_ms']:.2f} "
            f"| {r['p99_ms']:.1f} | {r['errors']} | {r['changes']} | {r['load']:.1f} |"
        )
    sys.stdout.flush()
    os._exit(0)  # the prewarm thread is a daemon; leave without waiting for it


if __name__ == "__main__":
    main()
