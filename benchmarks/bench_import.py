"""Bulk-build benchmark: ``gongkai demo --items N`` into a fresh database, timed in two parts.

Builds the demo region with N items (default 1 000 000) into a fresh data directory, once on SQLite
and once on PostgreSQL (a database created for the run and dropped afterwards unless ``--keep``),
and reports items/s for the database build and for the search-index build separately, with the
database size and the index size. Each engine runs in its own process with its own settings.

    .venv/bin/python benchmarks/bench_import.py --items 100000
    nohup .venv/bin/python benchmarks/bench_import.py --items 1000000 > benchmarks/out/import-1m.log 2>&1 &

With ``--catalog ROWS`` it measures what a body moving to Gongkai does instead (issue 13 §7): the
demo region at its default size is built first (not timed), then a legacy catalog of ROWS generated
items (``gongkai.search.textgen``: titles, 发文字号 and 300–1,500-character bodies of 政务公开 prose)
is written as CSV and imported into one body with ``gongkai import items`` (checked, numbered,
written, queued for the index), and the index writer then drains the queue as ``gongkai search
worker`` does. It reports items/s for the import, for the index, and for both together::

    .venv/bin/python benchmarks/bench_import.py --catalog 50000

Results go to benchmarks/out/bench_import-<engine>-<N>.json (gitignored); data directories to
benchmarks/out/bench_import-<engine>-<N>/ (removed afterwards unless ``--keep``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent
OUT = ROOT / "out"


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def child(items: int, seed: int) -> None:
    """Runs inside the benchmark process of one engine (settings from the environment)."""
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    import gongkai.search.indexer as indexer
    from gongkai.demo import builder
    from gongkai.disclosure.models import Item

    call_command("migrate", interactive=False, verbosity=0)
    rebuild = indexer.rebuild_index
    indexer.rebuild_index = lambda progress=False: 0  # timed separately below

    t0 = time.perf_counter()
    builder.build_demo(items=items, seed=seed, echo=lambda m: print(m, file=sys.stderr, flush=True))
    db_seconds = time.perf_counter() - t0
    total = Item.objects.count()
    public = Item.objects.public().count()

    t1 = time.perf_counter()
    indexed = rebuild(progress=True)
    index_seconds = time.perf_counter() - t1

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        name = Path(settings.DATABASES["default"]["NAME"])
        db_bytes = sum(p.stat().st_size for p in name.parent.glob(name.name + "*"))
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            db_bytes = int(cursor.fetchone()[0])
    result = {
        "engine": connection.vendor,
        "items": total,
        "public_items": public,
        "db_build_seconds": round(db_seconds, 1),
        "db_items_per_s": round(total / db_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "index_items_per_s": round(indexed / index_seconds, 1) if index_seconds else None,
        "indexed": indexed,
        "db_bytes": db_bytes,
        "index_bytes": dir_size(Path(settings.GONGKAI["SEARCH_DIR"])),
    }
    print("RESULT " + json.dumps(result), flush=True)


def catalog_file(path: Path, rows: int, seed: int, columns: list[str]) -> None:
    """A legacy catalog of ``rows`` generated items, as a body's old site would export it."""
    import csv
    import datetime as dt

    from gongkai.search.textgen import ItemGenerator

    gen = ItemGenerator(seed=seed)
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["信息名称", "发文字号", "成文日期", "发布日期", "栏目", "主题词", "正文"])
        for n in range(rows):
            g = gen.item(n)
            formed = g.published - dt.timedelta(days=n % 9)
            out.writerow(
                [
                    f"{g.title}（{n + 1}）",
                    g.doc_number,
                    formed.isoformat(),
                    g.published.isoformat(),
                    columns[n % len(columns)],
                    " ".join(g.keywords),
                    g.body,
                ]
            )


def _cpu() -> float:
    """CPU seconds of this process and of its finished worker processes."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def child_catalog(rows: int, seed: int) -> None:
    """Runs inside the benchmark process of one engine: the demo region, then a catalog of ``rows``."""
    sys.path.insert(0, str(ROOT.parent / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db.models import Count

    from gongkai.demo import builder
    from gongkai.disclosure.importer import import_catalog_file
    from gongkai.disclosure.models import CatalogColumn, Item
    from gongkai.orgs.models import Organization
    from gongkai.search.indexer import drain_outbox, engine
    from gongkai.search.models import OutboxEntry

    call_command("migrate", interactive=False, verbosity=0)
    builder.build_demo(seed=seed, echo=lambda m: None)
    # The body with the most leaf columns takes the whole catalog.
    org = (
        Organization.objects.annotate(n=Count("columns"))
        .filter(columns__children__isnull=True)
        .order_by("-n", "pk")
        .first()
    )
    assert org is not None
    columns = list(
        CatalogColumn.objects.filter(organization=org, children__isnull=True).values_list("code", flat=True)
    )
    path = Path(os.environ["GONGKAI_DATA_DIR"]) / "catalog.csv"
    catalog_file(path, rows, seed, columns)
    before = Item.objects.count()
    OutboxEntry.objects.all().delete()
    drain_outbox()

    # CPU time too (this process and its worker processes): on a machine shared with other work the
    # wall clock says how busy the machine was as much as what the import costs.
    t0, c0 = time.perf_counter(), _cpu()
    report = import_catalog_file(path, organization=org.slug, echo=lambda *a, **k: None)
    import_seconds, import_cpu = time.perf_counter() - t0, _cpu() - c0
    if report.errors:
        raise SystemExit(report.summary())
    queued = OutboxEntry.objects.count()
    t1, c1 = time.perf_counter(), _cpu()
    drained = 0
    while n := drain_outbox():
        drained += n
    index_seconds, index_cpu = time.perf_counter() - t1, _cpu() - c1
    total = import_seconds + index_seconds
    result = {
        "engine": settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1],
        "mode": "catalog",
        "rows": rows,
        "imported": Item.objects.count() - before,
        "held_for_review": len(report.held),
        "queued_for_index": queued,
        "indexed_total": engine().num_docs(),
        "file_bytes": path.stat().st_size,
        "import_seconds": round(import_seconds, 1),
        "import_items_per_s": round(rows / import_seconds, 1),
        "index_seconds": round(index_seconds, 1),
        "index_items_per_s": round(drained / index_seconds, 1) if index_seconds else None,
        "import_cpu_ms_per_item": round(import_cpu / rows * 1000, 3),
        "index_cpu_ms_per_item": round(index_cpu / drained * 1000, 3) if drained else None,
        "load_average": os.getloadavg(),
        "total_seconds": round(total, 1),
        "items_per_s_with_index": round(rows / total, 1),
    }
    print("RESULT " + json.dumps(result), flush=True)


def run_engine(engine: str, args: argparse.Namespace) -> dict | None:
    size = f"catalog-{args.catalog}" if args.catalog else str(args.items)
    data_dir = OUT / f"bench_import-{engine}-{size}"
    if data_dir.exists():
        shutil.rmtree(data_dir)
    data_dir.mkdir(parents=True)
    env = {**os.environ, "GONGKAI_DATA_DIR": str(data_dir)}
    env.pop("DATABASE_URL", None)
    pg_db = args.pg_db
    if engine == "pg":
        import psycopg

        with psycopg.connect(args.pg_url + "postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}"')
            conn.execute(f'CREATE DATABASE "{pg_db}"')
        env["DATABASE_URL"] = args.pg_url + pg_db
    print(f"== {engine}: {size} into {data_dir.name}", flush=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            __file__,
            "--child",
            "--items",
            str(args.items),
            "--seed",
            str(args.seed),
            "--catalog",
            str(args.catalog),
        ],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    result = None
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            result = json.loads(line[7:])
    if result is None:
        print(f"{engine}: failed (exit {proc.returncode})", flush=True)
    else:
        result["wall_seconds"] = round(wall, 1)
        result["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version()}
        (OUT / f"bench_import-{engine}-{size}.json").write_text(json.dumps(result, indent=1))
        if args.catalog:
            print(
                f"{engine}: catalog of {result['rows']:,} rows; import {result['import_seconds']} s "
                f"({result['import_items_per_s']:,.0f} items/s); index {result['index_seconds']} s "
                f"({result['index_items_per_s']:,.0f} items/s); together "
                f"{result['items_per_s_with_index']:,.0f} items/s; CPU per item: import "
                f"{result['import_cpu_ms_per_item']} ms, index {result['index_cpu_ms_per_item']} ms "
                f"(load average {result['load_average'][0]:.1f})",
                flush=True,
            )
            return result
        print(
            f"{engine}: {result['items']:,} items; database build {result['db_build_seconds']} s "
            f"({result['db_items_per_s']:,.0f} items/s), {result['db_bytes'] / 2**30:.2f} GiB; "
            f"search index {result['index_seconds']} s ({result['index_items_per_s']:,.0f} items/s), "
            f"{result['index_bytes'] / 2**30:.2f} GiB; total {result['wall_seconds']} s",
            flush=True,
        )
    if not args.keep:
        shutil.rmtree(data_dir, ignore_errors=True)
        if engine == "pg":
            import psycopg

            with psycopg.connect(args.pg_url + "postgres", autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{pg_db}"')
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=2008)
    parser.add_argument("--engines", default="sqlite,pg", help="comma-separated: sqlite, pg")
    parser.add_argument(
        "--pg-url", default="postgres://postgres@127.0.0.1:5432/", help="server URL ending in /"
    )
    parser.add_argument("--pg-db", default="gongkai_bench_import")
    parser.add_argument("--keep", action="store_true", help="keep the data directories and the database")
    parser.add_argument(
        "--catalog", type=int, default=0, help="import a legacy catalog of this many rows instead"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child and args.catalog:
        child_catalog(args.catalog, args.seed)
        return
    if args.child:
        child(args.items, args.seed)
        return
    OUT.mkdir(exist_ok=True)
    for engine in args.engines.split(","):
        run_engine(engine.strip(), args)


if __name__ == "__main__":
    main()
