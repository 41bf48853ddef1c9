"""内外网分离 benchmark (issue 13 §3): the file channel against PostgreSQL logical replication.

File channel — as an operator runs it, each step a fresh process: ``gongkai portal export`` of a
demo installation (the staff side), ``gongkai portal import`` into an empty portal installation
(``GONGKAI_ROLE=portal``), then one withdrawal on the staff side, its change set exported and
imported, timed from the withdrawal's commit to the item's disappearance from the portal database.

    .venv/bin/python benchmarks/bench_portal_sync.py files --staff-data-dir var-demo --empty-db empty.sqlite3

``--staff-data-dir`` holds a built demo (``GONGKAI_DATA_DIR=var-demo gongkai demo --no-serve``);
``--empty-db`` is the database of a fresh installation (``GONGKAI_DATA_DIR=x gongkai setup``).

The staff side alone, on either engine (``DATABASE_URL`` as for the installation): a full export,
a pass with nothing changed, then one withdrawal and the export of its change set, each a fresh
process — the part of the lag that grows with the catalogue (the import of a one-row change set on
the portal host does not):

    [DATABASE_URL=…] .venv/bin/python benchmarks/bench_portal_sync.py export --staff-data-dir var-demo

Logical replication — a publication of the public rows with a row filter and a column list, a
subscription in another database, the initial copy and the withdrawal lag:

    .venv/bin/python benchmarks/bench_portal_sync.py pg --dsn "host=127.0.0.1 port=5499 user=postgres" \
        --pub pub --sub sub

``pub`` holds the demo (``DATABASE_URL=…/pub gongkai demo --no-serve``), ``sub`` a fresh
installation (``DATABASE_URL=…/sub gongkai setup``); the server needs ``wal_level=logical``.
Results are printed as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

WITHDRAW = (
    "import django; django.setup(); from gongkai.disclosure.models import Item; "
    "from gongkai.disclosure.services import workflow; from gongkai.disclosure import policy; "
    "from gongkai.accounts.models import User; "
    "users = list(User.objects.filter(is_active=True).order_by('pk')); "
    # The newest public item that an account of the demo may withdraw (a bulk body has no accounts).
    "item, actor = next((i, u) for i in Item.objects.public().order_by('-published_at')[:500] "
    "for u in users if policy.can_withdraw_item(u, i)); "
    "workflow.withdraw_item(actor=actor, item=item, reason='基准测试'); print(item.pk)"
)


def _run(env: dict[str, str], *args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, *args], env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started, done.stdout


def files(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-portal-"))
    staff_env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(Path(args.staff_data_dir).resolve()),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    staff_env.pop("DATABASE_URL", None)
    portal_dir = work / "portal"
    portal_dir.mkdir()
    shutil.copy(args.empty_db, portal_dir / "gongkai.sqlite3")
    portal_env = {
        **staff_env,
        "GONGKAI_DATA_DIR": str(portal_dir),
        "GONGKAI_ROLE": "portal",
        "GONGKAI_PREWARM": "off",
    }
    gate, state = work / "gate", work / "state"
    export = ["-m", "gongkai", "portal", "export", "--out", str(gate), "--state", str(state)]
    t_full, _ = _run(staff_env, *export)
    full = sorted(gate.glob("public-*.jsonl.gz"))[-1].stat().st_size
    t_import, _ = _run(portal_env, "-m", "gongkai", "portal", "import", str(gate))
    t_withdraw, out = _run(staff_env, "-c", WITHDRAW)
    item = int(out.strip())
    started = time.perf_counter()
    t_change, _ = _run(staff_env, *export)
    change = sorted(gate.glob("public-*.jsonl.gz"))[-1].stat().st_size
    t_apply, _ = _run(portal_env, "-m", "gongkai", "portal", "import", str(gate))
    lag = time.perf_counter() - started
    with sqlite3.connect(portal_dir / "gongkai.sqlite3") as conn:
        still = conn.execute("SELECT count(*) FROM disclosure_item WHERE id = ?", (item,)).fetchone()[0]
    shutil.rmtree(work)
    return {
        "full_export_s": round(t_full, 2),
        "full_size_bytes": full,
        "full_import_s": round(t_import, 2),
        "withdrawal_s": round(t_withdraw, 2),
        "change_export_s": round(t_change, 2),
        "change_size_bytes": change,
        "change_import_s": round(t_apply, 2),
        "withdrawal_to_gone_s": round(lag, 2),
        "item_still_on_portal": bool(still),
    }


def export_side(args: argparse.Namespace) -> dict[str, Any]:
    work = Path(tempfile.mkdtemp(prefix="bench-portal-export-"))
    env = {
        **os.environ,
        "GONGKAI_DATA_DIR": str(Path(args.staff_data_dir).resolve()),
        "DJANGO_SETTINGS_MODULE": "gongkai.settings",
    }
    gate, state = work / "gate", work / "state"
    export = ["-m", "gongkai", "portal", "export", "--out", str(gate), "--state", str(state)]

    def newest() -> int:
        return sorted(gate.glob("public-*.jsonl.gz"))[-1].stat().st_size

    t_full, _ = _run(env, *export)
    full = newest()
    t_none, _ = _run(env, *export)
    t_withdraw, _ = _run(env, "-c", WITHDRAW)
    t_change, _ = _run(env, *export)
    change = newest()
    t_start, _ = _run(env, "-c", "import django; django.setup()")
    shutil.rmtree(work)
    return {
        "engine": "postgresql" if env.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "full_export_s": round(t_full, 2),
        "full_size_bytes": full,
        "nothing_changed_export_s": round(t_none, 2),
        "withdrawal_s": round(t_withdraw, 2),
        "change_export_s": round(t_change, 2),
        "change_size_bytes": change,
        "process_start_s": round(t_start, 2),
        "load_average": os.getloadavg(),
    }


ITEM_COLUMNS = (
    "id, organization_id, index_number, title, document_number, date_formed, published_at, topic_id, "
    "genre_id, audience_id, combined_id, keywords, column_id, disclosure_attribute, exemption_reason, scope, "
    "duration, public_until, validity, effective_from, validity_changed_on, stage, summary, body, body_text, "
    "channels, is_urgent, is_region_wide, is_regulation, is_normative, state, created_at, updated_at, "
    "revision, correction_note, corrected_at"
)

NOT_SENT = (
    "author_id",
    "exemption_explanation",
    "submitted_at",
    "return_reason",
    "signoff_position",
    "workdays_to_publish",
    "withdrawn_reason",
)


def pg(args: argparse.Namespace) -> dict[str, Any]:
    import psycopg

    pub = psycopg.connect(f"{args.dsn} dbname={args.pub}", autocommit=True)
    sub = psycopg.connect(f"{args.dsn} dbname={args.sub}", autocommit=True)
    # The subscriber's item table takes no author (column lists leave it out) and no reference to
    # the tables not replicated.
    # Nor the non-public columns, which the application declares NOT NULL: the portal's schema must
    # differ from the application's for replication to work at all.
    for column in NOT_SENT:
        sub.execute(f"ALTER TABLE disclosure_item ALTER COLUMN {column} DROP NOT NULL")
    for (name,) in sub.execute(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'disclosure_item'::regclass AND contype = 'f'"
    ).fetchall():
        sub.execute(f'ALTER TABLE disclosure_item DROP CONSTRAINT "{name}"')
    sub.execute("TRUNCATE disclosure_item CASCADE")
    # The row filter's columns must be in the replica identity, or every UPDATE of the table is
    # refused; and the column list must cover the replica identity, so FULL (every column) is out:
    # a unique index over the key and the filtered columns, made for replication alone.
    pub.execute(
        "CREATE UNIQUE INDEX IF NOT EXISTS item_replica_identity "
        "ON disclosure_item (id, state, disclosure_attribute, scope)"
    )
    pub.execute("ALTER TABLE disclosure_item REPLICA IDENTITY USING INDEX item_replica_identity")
    lsn0 = pub.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
    # A row filter may name only the row's own columns and immutable functions: not the body's
    # being active (another table), not a 限时公开 end against today (current_date is not immutable).
    pub.execute(
        f"CREATE PUBLICATION portal FOR TABLE disclosure_item ({ITEM_COLUMNS}) "
        "WHERE (state = 'published' AND disclosure_attribute = 'active' AND scope = 'public')"
    )
    pub.execute("SELECT pg_create_logical_replication_slot('portal', 'pgoutput')")
    started = time.perf_counter()
    sub.execute(
        f"CREATE SUBSCRIPTION portal CONNECTION '{args.dsn} dbname={args.pub}' PUBLICATION portal "
        "WITH (create_slot = false, slot_name = 'portal')"
    )
    while sub.execute("SELECT count(*) FROM pg_subscription_rel WHERE srsubstate <> 'r'").fetchone()[0]:
        time.sleep(0.05)
    initial = time.perf_counter() - started
    rows = sub.execute("SELECT count(*) FROM disclosure_item").fetchone()[0]
    size = sub.execute("SELECT pg_total_relation_size('disclosure_item')").fetchone()[0]
    item = pub.execute(
        "SELECT id FROM disclosure_item WHERE state = 'published' AND disclosure_attribute = 'active' "
        "AND scope = 'public' ORDER BY published_at DESC LIMIT 1"
    ).fetchone()[0]
    started = time.perf_counter()
    pub.execute("UPDATE disclosure_item SET state = 'withdrawn' WHERE id = %s", (item,))
    while sub.execute("SELECT count(*) FROM disclosure_item WHERE id = %s", (item,)).fetchone()[0]:
        time.sleep(0.005)
    lag = time.perf_counter() - started
    wal = pub.execute("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), %s)", (lsn0,)).fetchone()[0]
    sub.execute("DROP SUBSCRIPTION portal")
    pub.execute("DROP PUBLICATION portal")
    return {
        "initial_copy_s": round(initial, 2),
        "rows": rows,
        "subscriber_table_bytes": size,
        "withdrawal_to_gone_s": round(lag, 3),
        "publisher_wal_bytes": int(wal),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    f = commands.add_parser("files")
    f.add_argument("--staff-data-dir", required=True)
    f.add_argument("--empty-db", required=True)
    e = commands.add_parser("export")
    e.add_argument("--staff-data-dir", required=True)
    p = commands.add_parser("pg")
    p.add_argument("--dsn", required=True)
    p.add_argument("--pub", required=True)
    p.add_argument("--sub", required=True)
    args = parser.parse_args()
    run = {"files": files, "export": export_side, "pg": pg}[args.command]
    print(json.dumps(run(args), ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
