"""A process killed at any moment of an import, a publication or a recompute leaves no partial
state (issue 13 §6).

Each write runs in a child process (``killed_write_child.py``) on a copy of a small installation and
is killed with SIGKILL right after its k-th database statement: just before and just after each
COMMIT, and at points drawn with fixed seeds. The writes: a catalog import of ``ROWS`` rows; the
signing that publishes an item (索引号, revision, audit, search outbox); the recompute of the open
requests' due dates after a calendar change. After each kill, every table of the copy holds
exactly the rows it held before the write or those after the whole write, row for row (the
child's clock is frozen, so a whole write produces the same rows every time), and all tables are
on the same side. The search outbox is the one table allowed in between (its entries are written
with the change and removed once the index has them, after the commit).

Runs on SQLite and on PostgreSQL (``DATABASE_URL``), like the whole suite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from gongkai.core.backup import database
from gongkai.disclosure.models import Item, ItemState
from gongkai.disclosure.tests.test_importer import write_csv
from gongkai.foi.services.intake import register
from gongkai.orgs.models import RoleName
from gongkai.search.models import OutboxEntry
from gongkai.testing import UserFactory, application, grant, make_item
from gongkai.workdays.models import CalendarOverride

pytestmark = pytest.mark.django_db(transaction=True)  # the child processes read committed data

ROWS = 120
SEEDS = (1, 2, 3, 4, 5)
DAY = dt.date(2026, 11, 16)  # the child's frozen day too (killed_write_child.NOW)
CHILD = Path(__file__).with_name("killed_write_child.py")
#: Columns whose values are random by design, compared by row count only: the import's system
#: account gets an unusable password, which is a random string.
RANDOM = {"accounts_user": {"password"}}


@dataclass
class Base:
    tmp: Path
    dump: Path
    tables: list[str]
    counts: dict[str, int]
    csv: Path
    organization: str
    signer: str
    item: int
    databases: list[str]

    def arguments(self, action: str) -> list[str]:
        if action == "import":
            return [str(self.csv), self.organization]
        if action == "publish":
            return [self.signer, str(self.item)]
        return []


def _dsn(name: str) -> str:
    conf = connection.settings_dict
    password = f":{conf['PASSWORD']}" if conf.get("PASSWORD") else ""
    return f"postgres://{conf['USER']}{password}@{conf['HOST'] or '127.0.0.1'}:{conf['PORT'] or 5432}/{name}"


def _admin(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def base(region: Any, clock: Any, tmp_path: Path) -> Iterator[Base]:
    clock.set(DAY)
    column = region.column.name
    rows = [
        [
            "",
            f"2020年第{n}号工作通知",
            "",
            "2020-03-02",
            "2020-03-05",
            column,
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
            "",
        ]
        for n in range(1, ROWS + 1)
    ]
    signoff = make_item(region=region, state=ItemState.SIGNOFF, title="关于2026年秋季学期学生资助工作的通知")
    handler = grant(UserFactory.create(username="handler"), region.office, RoleName.REQUEST_HANDLER)
    for n in range(3):
        register(
            region.office,
            actor=handler,
            data=application(description=f"第{n + 1}项：2026年测试市学区划分的文件"),
            channel="in_person",
            submitted_on=DAY,
        )
    # A day off entered without the service's own recompute: the child's recompute moves due dates.
    CalendarOverride.objects.create(date=DAY + dt.timedelta(days=2), is_workday=False, note="临时放假")
    (tmp_path / "base").mkdir()
    name, _, counts = database.dump(tmp_path / "base")
    found = Base(
        tmp=tmp_path,
        dump=tmp_path / "base" / name,
        tables=sorted(counts),
        counts=counts,
        csv=write_csv(tmp_path / "catalog.csv", rows),
        organization=region.dept.unit_code,
        signer=region.signer.username,
        item=signoff.pk,
        databases=[],
    )
    if connection.vendor == "postgresql":
        template = f"{connection.settings_dict['NAME']}_killbase"
        _admin(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{template}"')
        found.databases.append(template)
        subprocess.run(
            ["pg_restore", "--no-owner", "--no-privileges", f"--dbname={_dsn(template)}", str(found.dump)],
            check=True,
        )
    yield found
    for name in found.databases:
        _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Copy:
    env: dict[str, str]
    sqlite: Path | None
    dsn: str

    def fingerprints(self, tables: list[str]) -> dict[str, tuple[int, str]]:
        """Each table's row count and content hash (rows in a canonical order)."""
        if self.sqlite is not None:
            db: Any = sqlite3.connect(self.sqlite)
        else:
            import psycopg

            db = psycopg.connect(self.dsn)
        try:
            cursor = db.cursor()
            result = {}
            for table in tables:
                cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
                skip = {i for i, c in enumerate(cursor.description) if c[0] in RANDOM.get(table, ())}
                rows = sorted(
                    repr(tuple(v for i, v in enumerate(r) if i not in skip)) for r in cursor.fetchall()
                )
                result[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
            return result
        finally:
            db.close()


def _copy(base: Base, name: str) -> Copy:
    """A fresh installation holding the base's data: its own data directory and database."""
    data = base.tmp / name
    data.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "KILL_AT")}
    env.update(DJANGO_SETTINGS_MODULE="gongkai.settings", GONGKAI_DATA_DIR=str(data))
    if connection.vendor == "sqlite":
        shutil.copyfile(base.dump, data / "gongkai.sqlite3")
        return Copy(env=env, sqlite=data / "gongkai.sqlite3", dsn="")
    database_name = f"{connection.settings_dict['NAME']}_{name}"
    _admin(f'DROP DATABASE IF EXISTS "{database_name}" WITH (FORCE)')
    _admin(f'CREATE DATABASE "{database_name}" TEMPLATE "{base.databases[0]}"')
    base.databases.append(database_name)
    env["DATABASE_URL"] = _dsn(database_name)
    return Copy(env=env, sqlite=None, dsn=env["DATABASE_URL"])


def _write(base: Base, copy: Copy, action: str, kill_at: int = 0) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(CHILD), action, *base.arguments(action)],
        env={**copy.env, "KILL_AT": str(kill_at)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.parametrize("action", ["import", "publish", "recompute"])
def test_a_write_killed_at_any_statement_leaves_nothing_or_everything(base: Base, action: str) -> None:
    outbox = OutboxEntry._meta.db_table
    tables = [t for t in base.tables if t != outbox]
    before = _copy(base, "before").fingerprints(tables)
    whole = _copy(base, "whole")
    done = _write(base, whole, action)
    assert done.returncode == 0, done.stderr
    run = json.loads(done.stdout.strip().splitlines()[-1])
    after = whole.fingerprints(tables)
    if action == "import":
        assert run["done"] == {"imported": ROWS, "errors": []}
        assert after[Item._meta.db_table][0] == before[Item._meta.db_table][0] + ROWS
    elif action == "publish":
        assert run["done"]["state"] == ItemState.PUBLISHED
    else:
        assert run["done"] == {"checked": 3, "changed": 3}
    assert after != before

    # Around every COMMIT (killed just before it and just after it), and at points drawn by seed.
    points = [p for c in run["commits"] for p in (c, c + 1)]
    points += [random.Random(seed).randint(1, run["statements"]) for seed in SEEDS]
    outcomes: dict[int, str] = {}
    for kill_at in sorted({p for p in points if p <= run["statements"]}):
        copy = _copy(base, f"kill{kill_at}")
        killed = _write(base, copy, action, kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stdout, killed.stderr)
        left = copy.fingerprints(tables)
        # Every table as before the write or as after it, row for row …
        partial = sorted(t for t in tables if left[t] not in (before[t], after[t]))
        assert not partial, (kill_at, partial)
        # … and all of them on the same side.
        state = "nothing" if left == before else "everything" if left == after else "mixed"
        assert state != "mixed", (kill_at, sorted(t for t in tables if left[t] != before[t]))
        queued = copy.fingerprints([outbox])[outbox][0]
        assert queued <= base.counts[outbox] + (ROWS if state == "everything" else 0)
        outcomes[kill_at] = state
    # One COMMIT makes the whole change appear: killed before it, nothing; killed after it, everything.
    assert any(
        outcomes.get(c) == "nothing" and outcomes.get(c + 1, "everything") == "everything"
        for c in run["commits"]
    ), (run["commits"], outcomes)
