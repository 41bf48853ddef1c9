"""Backup and restore benchmark: ``gongkai backup`` of a demo installation, then ``gongkai restore``
of it into an empty installation, timed as an operator runs them (each a fresh process).

Builds the demo (``gongkai demo --items N --no-serve``) into a fresh data directory — or takes an
existing one with ``--data-dir`` — on SQLite, or on PostgreSQL with ``--engine postgresql`` (a
source and a target database created for the run and dropped afterwards). Reports the archive's
size (database, files), the backup time, the restore time (which includes rebuilding the search
index) and the time of the restore's search rebuild alone, so the database-and-files part can be
read off.

    .venv/bin/python benchmarks/bench_backup.py                      # the demo (3,000 items), SQLite
    .venv/bin/python benchmarks/bench_backup.py --engine postgresql
    .venv/bin/python benchmarks/bench_backup.py --items 30000

Results go to benchmarks/out/bench_backup-<engine>-<N>.json (gitignored); data directories to
benchmarks/out/bench_backup-<engine>-<N>/ (removed afterwards unless ``--keep``).
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
PG = "postgres://postgres@127.0.0.1:5432/"


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.exists() else 0


def timed(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, *args], env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def gongkai(env: dict[str, str], *args: str) -> float:
    return timed(env, "-m", "gongkai", *args)


def psql(sql: str) -> None:
    subprocess.run(["psql", PG + "postgres", "-qc", sql], check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=3000)
    parser.add_argument("--engine", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument(
        "--data-dir", type=Path, default=None, help="Back up this installation (no demo build)."
    )
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--no-second-rebuild",
        action="store_true",
        help="Skip timing the search rebuild again alone after the restore (it takes as long again).",
    )
    args = parser.parse_args()

    run = OUT / f"bench_backup-{args.engine}-{args.items}"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir(parents=True)
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "GONGKAI_SECRET_KEY")}
    base.update(DJANGO_SETTINGS_MODULE="gongkai.settings", PYTHONPATH=str(ROOT.parent / "src"))
    source = dict(base, GONGKAI_DATA_DIR=str(args.data_dir or run / "source"))
    target = dict(base, GONGKAI_DATA_DIR=str(run / "target"))
    databases = []
    if args.engine == "postgresql":
        # An installation given with --data-dir keeps its own database (DATABASE_URL).
        sides = ("target",) if args.data_dir else ("source", "target")
        databases = [f"gk_bench_backup_{side}" for side in sides]
        for name in databases:
            psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            psql(f'CREATE DATABASE "{name}"')
        target["DATABASE_URL"] = PG + databases[-1]
        source["DATABASE_URL"] = os.environ["DATABASE_URL"] if args.data_dir else PG + databases[0]
    try:
        result: dict[str, object] = {
            "engine": args.engine,
            "machine": platform.node(),
            "cpus": os.cpu_count(),
        }
        if args.data_dir is None:
            result["demo_build_s"] = round(
                gongkai(source, "demo", "--items", str(args.items), "--no-serve"), 1
            )
        result["items"] = args.items
        # What every command spends before its work: Python, Django and the platform's modules.
        result["startup_s"] = round(
            timed(source, "-c", "import django; django.setup(); import gongkai.cli"), 2
        )

        result["backup_s"] = round(gongkai(source, "backup", "--to", str(run / "archive")), 2)
        archive = next((run / "archive").iterdir())
        manifest = json.loads((archive / "manifest.json").read_text())
        database = archive / manifest["database_file"]
        result["archive_bytes"] = dir_size(archive)
        result["database_bytes"] = database.stat().st_size
        result["files"] = len(manifest["files"])
        result["files_bytes"] = sum(f["size"] for f in manifest["files"])
        result["rows"] = sum(manifest["tables"].values())

        result["restore_s"] = round(gongkai(target, "restore", str(archive)), 2)
        if not args.no_second_rebuild:
            result["search_rebuild_s"] = round(gongkai(target, "search", "rebuild"), 2)
        print(json.dumps(result, ensure_ascii=False, indent=1))
        (OUT / f"bench_backup-{args.engine}-{args.items}.json").write_text(json.dumps(result, indent=1))
    finally:
        for name in databases:
            if not args.keep:
                psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not args.keep:
            shutil.rmtree(run, ignore_errors=True)


if __name__ == "__main__":
    main()
