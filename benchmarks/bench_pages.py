"""Server time of uncached portal pages on a built database (issue 13, item 2).

Renders pages in this process through Django's full request handling (middleware, URL routing,
the page-cache wrapper with ``GONGKAI_PAGE_CACHE_SECONDS=0``, so every request renders), and
prints the server time per page kind over N varied URLs picked from the database:

* item     — a random public item's page (``/items/<id>/``);
* listing  — a random visible column of a random body (``/<slug>/catalog/<code>/``);
* body     — a random body's home page (``/<slug>/``);
* catalog  — a random body's full catalog (``/<slug>/catalog/``);
* home     — the region's home page (``/``, the same URL each time).

Each kind is run once as a warm-up (not counted), then N times; median and p95 in ms, and the SQL
queries per page. Then, for each kind, the very first request of a fresh Python process (a child
process that sets Django up and times one request): what a worker pays after a restart.

Usage (a data dir built by ``benchmarks/bench_assessment.py`` or ``gongkai demo --no-serve``):

    .venv/bin/python benchmarks/bench_pages.py --data-dir DIR [--n 200] [--seed 7] [--json OUT]
        [--kinds item,home]   (only these page kinds; default all)

The database is only read (the page cache stays off, published files are not written).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

KINDS = ("item", "listing", "body", "catalog", "home")


def setup(data_dir: str) -> None:
    os.environ["GONGKAI_DATA_DIR"] = str(Path(data_dir).resolve())
    os.environ["GONGKAI_PAGE_CACHE_SECONDS"] = "0"
    os.environ["GONGKAI_PUBLISH_PAGES"] = "0"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def sample_urls(n: int, seed: int) -> dict[str, list[str]]:
    from django.db.models import Max

    from gongkai.disclosure.models import CatalogColumn, Item
    from gongkai.orgs.models import Organization

    rng = random.Random(seed)
    pub = Item.objects.public()
    last = pub.aggregate(m=Max("pk"))["m"] or 0
    ids: set[int] = set()
    while len(ids) < n and last:
        batch = [rng.randint(1, last) for _ in range(4 * n)]
        ids.update(pub.filter(pk__in=batch).values_list("pk", flat=True))
    items = sorted(ids)[:n]
    rng.shuffle(items)
    slugs = list(Organization.objects.active().order_by("pk").values_list("slug", flat=True))
    columns = list(
        CatalogColumn.objects.filter(is_hidden=False, organization__is_active=True, parent__isnull=True)
        .order_by("pk")
        .values_list("organization__slug", "code")
    )
    return {
        "item": [f"/items/{i}/" for i in items],
        "listing": [f"/{s}/catalog/{c}/" for s, c in rng.sample(columns, min(n, len(columns)))],
        "body": [f"/{s}/" for s in rng.sample(slugs, min(n, len(slugs)))],
        "catalog": [f"/{s}/catalog/" for s in rng.sample(slugs, min(n, len(slugs)))],
        "home": ["/"] * n,
    }


def client() -> Any:
    from django.conf import settings
    from django.test import Client

    host = next((h.lstrip(".") for h in settings.ALLOWED_HOSTS if h != "*"), "localhost")
    return Client(HTTP_HOST=host, raise_request_exception=True)


def timed_get(c: Any, url: str) -> tuple[float, int, float]:
    """Wall time (ms), SQL queries, and CPU time of this process (ms: SQLite runs in it too, so on a
    loaded machine this is the figure that does not depend on what else runs)."""
    from django.db import connection, reset_queries

    reset_queries()
    c0 = time.process_time()
    t0 = time.perf_counter()
    response = c.get(url)
    elapsed = (time.perf_counter() - t0) * 1000
    cpu = (time.process_time() - c0) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed, len(connection.queries), cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run_steady(n: int, seed: int, kinds: tuple[str, ...] = KINDS) -> dict[str, Any]:
    from django.conf import settings

    settings.DEBUG = True  # count queries (connection.queries)
    urls = sample_urls(n, seed)
    c = client()
    out: dict[str, Any] = {}
    for kind in kinds:
        timed_get(c, urls[kind][0])  # warm-up
        times, queries, cpus = [], [], []
        for url in urls[kind]:
            ms, q, cpu = timed_get(c, url)
            times.append(ms)
            queries.append(q)
            cpus.append(cpu)
        out[kind] = {
            "n": len(times),
            "median_ms": round(statistics.median(times), 2),
            "p95_ms": round(p95(times), 2),
            "max_ms": round(max(times), 2),
            "cpu_median_ms": round(statistics.median(cpus), 2),
            "cpu_p95_ms": round(p95(cpus), 2),
            "queries_max": max(queries),
        }
        r = out[kind]
        print(
            f"{kind:8} n={r['n']:4}  median {r['median_ms']:7.2f} ms  p95 {r['p95_ms']:7.2f} ms  "
            f"max {r['max_ms']:7.2f} ms  | CPU median {r['cpu_median_ms']:7.2f} ms  p95 {r['cpu_p95_ms']:7.2f} ms"
            f"  | queries ≤ {r['queries_max']}",
            flush=True,
        )
    return out


def run_first(kind: str, seed: int) -> dict[str, float]:
    """Time the first request of ``kind`` in this (fresh) process, after importing the URL map and
    its views (what a worker does once, whatever the page; a server may preload it)."""
    from django.urls import get_resolver

    urls = sample_urls(1, seed + 1)
    c = client()
    t0 = time.perf_counter()
    get_resolver().resolve("/")
    imports_ms = (time.perf_counter() - t0) * 1000
    ms, _q, _cpu = timed_get(c, urls[kind][0])
    again_ms, _q, _cpu = timed_get(c, urls[kind][0])
    return {"imports_ms": round(imports_ms, 1), "first_ms": round(ms, 1), "second_ms": round(again_ms, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data-dir", required=True, help="a built data dir (gongkai.sqlite3, secret_key)")
    parser.add_argument("--n", type=int, default=200, help="URLs per page kind")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--kinds", default=",".join(KINDS), help="page kinds, comma-separated")
    parser.add_argument("--first", choices=KINDS, help=argparse.SUPPRESS)
    args = parser.parse_args()
    kinds = tuple(k for k in args.kinds.split(",") if k)
    if not kinds or set(kinds) - set(KINDS):
        parser.error(f"--kinds: some of {','.join(KINDS)}")
    setup(args.data_dir)
    if args.first:
        print(json.dumps(run_first(args.first, args.seed)))
        return
    from django.db import connection

    print(f"engine {connection.vendor}, page cache off, {args.n} URLs per kind", flush=True)
    results: dict[str, Any] = {
        "engine": connection.vendor,
        "steady": run_steady(args.n, args.seed, kinds),
        "first": {},
    }
    for kind in kinds:
        cmd = [
            sys.executable,
            __file__,
            "--data-dir",
            args.data_dir,
            "--seed",
            str(args.seed),
            "--first",
            kind,
        ]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(done.stderr)
        first = json.loads(done.stdout.strip().splitlines()[-1])
        results["first"][kind] = first
        print(
            f"fresh process {kind:8} first request {first['first_ms']:8.1f} ms, second {first['second_ms']:7.1f} ms "
            f"(URL map and views imported before: {first['imports_ms']:.0f} ms)",
            flush=True,
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
