"""The portal under a mixed load while content changes: invalidation by tags against one global version.

Repeats the shape of the measurement in issue 13 ("Province scale", point 1) at a size this machine
runs in a few minutes: a Zipf mix of item, listing and home URLs (rank 1 is the home page, then
body pages, the first pages of column listings and item pages, shuffled; weight 1/rank),
requested by a few client threads in one process, with published files emulated the way nginx
serves them (a request whose ``current/<host><path>/index.html`` exists is answered from that file
without Django; otherwise Django's whole handler answers it, through the page cache), first quiet,
after a pass that requests every URL once (a warm portal), then with one publication every 5
seconds (an item of a random column is published again: it moves
to the top of its listings and of the home page, and ``public_content_changed`` runs after commit,
as after a real publication).

Both behaviours run in the same process on the same database: ``GONGKAI["INVALIDATION"]`` =
``"tags"`` (by what changed, ``core.public_deps``) and ``"global"`` (every change drops every page
and every file: the behaviour before tags). Hot pages are rendered again after each change by the
background thread (``portal.prewarm``), as under ``gongkai serve``.

Build the data once, then run:

    GONGKAI_DATA_DIR=benchmarks/out/inval-20k .venv/bin/gongkai demo --items 20000 --no-serve
    GONGKAI_DATA_DIR=benchmarks/out/inval-20k .venv/bin/python benchmarks/bench_invalidation.py

Prints, per behaviour and load: requests/s, the share answered from files and from the page cache,
renders (in all, per distinct page, and of the home page per change), p50 and p99 latency.
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
os.environ["GONGKAI_PUBLISH_PAGES"] = "1"

import django

django.setup()

from urllib.parse import urlsplit  # noqa: E402

from django.conf import settings  # noqa: E402
from django.core.handlers.base import BaseHandler  # noqa: E402
from django.db import connections, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.utils import timezone  # noqa: E402

from gongkai.core.public_changes import bump_public_version, public_content_changed, public_version  # noqa: E402
from gongkai.disclosure.models import CatalogColumn, Item  # noqa: E402
from gongkai.orgs.models import Organization  # noqa: E402
from gongkai.portal import cache as page_cache  # noqa: E402

#: The Host visitors send: the configured site address's (the key the re-rendered hot pages get).
HOST = urlsplit(str(settings.GONGKAI["SITE_URL"])).netloc


def pick_urls(n_urls: int, seed: int) -> tuple[list[str], list[int]]:
    """~n_urls paths in Zipf order (home first) and the ids of the columns a publication may hit."""
    rng = random.Random(seed)
    bodies = list(Organization.objects.filter(is_active=True).values_list("slug", flat=True))
    columns = list(
        CatalogColumn.objects.filter(is_hidden=False, organization__is_active=True)
        .annotate(n=Count("items"))
        .filter(n__gt=0)
        .values_list("pk", "organization__slug", "code")
    )
    listings = [f"/{slug}/" for slug in bodies] + [f"/{slug}/catalog/{code}/" for _pk, slug, code in columns]
    n_items = max(0, n_urls - 1 - len(listings))
    public = Item.objects.public()
    ids = list(public.values_list("pk", flat=True))
    items = [f"/items/{pk}/" for pk in rng.sample(ids, min(n_items, len(ids)))]
    rest = listings + items
    rng.shuffle(rest)
    return ["/", *rest], [pk for pk, _s, _c in columns]


class Load:
    def __init__(self, urls: list[str], host_dir: Path) -> None:
        self.urls = urls
        weights = [1 / rank for rank in range(1, len(urls) + 1)]
        self.cumulative = list(itertools.accumulate(weights))
        self.host_dir = host_dir
        self.handler = BaseHandler()
        self.handler.load_middleware()
        self.factory = RequestFactory()

    def one(self, rng: random.Random) -> tuple[str, float, str]:
        return self.one_path(self.urls[bisect.bisect(self.cumulative, rng.random() * self.cumulative[-1])])

    def one_path(self, path: str) -> tuple[str, float, str]:
        started = time.perf_counter()
        file = self.host_dir / path.strip("/") / "index.html"
        try:
            file.read_bytes()  # what nginx would send
            return path, time.perf_counter() - started, "file"
        except (FileNotFoundError, NotADirectoryError):
            pass
        before = page_cache.RENDERS[path]
        response = self.handler.get_response(self.factory.get(path, HTTP_HOST=HOST))
        response.close()
        how = "render" if page_cache.RENDERS[path] != before else "cache"
        if response.status_code != 200:
            how = "error"
        return path, time.perf_counter() - started, how

    def run(self, seconds: float, threads: int, publish_every: float | None, columns: list[int]) -> dict:
        results: list[tuple[str, float, str]] = []
        lock = threading.Lock()
        stop = time.monotonic() + seconds
        changes = [0]
        renders_before = page_cache.RENDERS.copy()

        def client(n: int) -> None:
            rng = random.Random(n)
            mine = []
            while time.monotonic() < stop:
                mine.append(self.one(rng))
            with lock:
                results.extend(mine)
            connections.close_all()

        def publisher() -> None:
            rng = random.Random(99)
            while True:
                wait = min(publish_every or 0, stop - time.monotonic())
                if wait <= 0:
                    break
                time.sleep(wait)
                if time.monotonic() >= stop:
                    break
                publish_one(rng.choice(columns))
                changes[0] += 1
            connections.close_all()

        workers = [threading.Thread(target=client, args=(n,)) for n in range(threads)]
        if publish_every:
            workers.append(threading.Thread(target=publisher))
        started = time.monotonic()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        elapsed = time.monotonic() - started
        latencies = sorted(r[1] for r in results)
        kinds = {k: sum(1 for r in results if r[2] == k) for k in ("file", "cache", "render", "error")}
        renders = page_cache.RENDERS - renders_before
        total = len(results)
        return {
            "requests": total,
            "req_s": total / elapsed,
            "files": kinds["file"] / total,
            "cache": kinds["cache"] / total,
            "rendered": kinds["render"] / total,
            "errors": kinds["error"],
            "renders": sum(renders.values()),
            "pages_rendered": len(renders),
            "home_renders": renders.get("/", 0),
            "changes": changes[0],
            "p50_ms": latencies[total // 2] * 1000,
            "p99_ms": latencies[int(total * 0.99)] * 1000,
        }


def publish_one(column_id: int) -> None:
    """Publish an item of the column again: it becomes the newest of its listings and of the region."""
    with transaction.atomic():
        pk = (
            Item.objects.public()
            .filter(column_id=column_id)
            .order_by("?")
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None:
            return
        Item.objects.filter(pk=pk).update(published_at=timezone.now())
        public_content_changed([pk], published=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--urls", type=int, default=2000)
    parser.add_argument("--duration", type=float, default=30, help="seconds of each measured run")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load after the warming pass")
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between publications")
    parser.add_argument("--modes", default="tags,global")
    args = parser.parse_args()

    site = Path(tempfile.mkdtemp(prefix="bench-inval-site-"))
    settings.GONGKAI["PUBLISH_DIR"] = site
    settings.GONGKAI["PREWARM"] = "thread"
    urls, columns = pick_urls(args.urls, seed=13)
    n_items = Item.objects.public().count()
    print(
        f"{n_items} public items, {len(urls)} URLs, {args.threads} client threads, {settings.DATABASES['default']['ENGINE']}"
    )
    load = Load(urls, site / "current" / HOST.rsplit(":", 1)[0])  # files are kept per host name
    rows = []
    try:
        bump_public_version()  # start empty
        public_version()
        started = time.monotonic()
        for path in urls:  # warm: every page once, as a quiet portal has it
            load.one_path(path)
        print(f"warmed {len(urls)} pages in {time.monotonic() - started:.0f} s", flush=True)
        load.run(args.warmup, args.threads, None, columns)
        quiet = load.run(args.duration, args.threads, None, columns)
        rows.append(("either", "none", quiet))
        print("quiet", quiet, flush=True)
        for mode in args.modes.split(","):
            # Each behaviour starts from the same warm state: the quiet portal's.
            settings.GONGKAI["INVALIDATION"] = mode
            for path in urls:
                load.one_path(path)
            busy = load.run(args.duration, args.threads, args.every, columns)
            rows.append((mode, f"one every {args.every:g} s", busy))
            print(mode, busy, flush=True)
    finally:
        shutil.rmtree(site, ignore_errors=True)
    print()
    print(
        "| invalidation | publishing | req/s | from files | from page cache | rendered | renders (pages) | renders of / per change | p50 ms | p99 ms |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for mode, label, r in rows:
        per_change = f"{r['home_renders'] / r['changes']:.1f}" if r["changes"] else "–"
        print(
            f"| {mode} | {label} | {r['req_s']:,.0f} | {r['files']:.2%} | {r['cache']:.2%} | {r['rendered']:.2%} "
            f"| {r['renders']:,} ({r['pages_rendered']:,}) | {per_change} | {r['p50_ms']:.2f} | {r['p99_ms']:.1f} |"
        )
    sys.stdout.flush()
    os._exit(0)  # the prewarm thread is a daemon; leave without waiting for it


if __name__ == "__main__":
    main()
