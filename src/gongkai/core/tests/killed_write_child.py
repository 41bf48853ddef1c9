"""Run as a child process by ``test_killed_writes``: one write of the platform — a catalog import,
the publication of an item or the recompute of the open requests' due dates — that kills itself
with SIGKILL right after its ``KILL_AT``-th database statement (0: never). COMMIT is not a
statement here: killed after the statement before it, the transaction is lost.

Without a kill it prints one line of JSON: the statements it ran, which of them ran inside a
transaction, after how many statements each COMMIT came, and what the write did. Settings come
from the environment (GONGKAI_DATA_DIR, DATABASE_URL), as for ``gongkai``.
"""

from __future__ import annotations

import json
import os
import signal
import sys
from typing import Any

#: The child's frozen clock: the same rows, to the timestamp, in every run of the same write.
NOW = "2026-11-16T10:00:00+08:00"


def write(action: str, args: list[str]) -> Any:
    """Do ``action`` through the platform's own entry point; return what to report of it."""
    if action == "import":
        from gongkai.disclosure.importer import import_catalog_file

        report = import_catalog_file(args[0], organization=args[1], echo=lambda _: None)
        return {"imported": report.imported, "errors": [str(e) for e in report.errors]}
    if action == "publish":
        from gongkai.accounts.models import User
        from gongkai.disclosure.models import Item
        from gongkai.disclosure.services.workflow import sign_item

        item = sign_item(actor=User.objects.get(username=args[0]), item=Item.objects.get(pk=int(args[1])))
        return {"state": item.state, "index_number": item.index_number}
    if action == "recompute":
        from gongkai.core.actors import SYSTEM
        from gongkai.foi.services.clock import recompute_open_requests

        summary = recompute_open_requests(actor=SYSTEM, reason="日历调整后重新计算")
        return {"checked": summary["checked"], "changed": summary["changed"]}
    raise SystemExit(f"unknown action {action}")


def main(action: str, args: list[str]) -> None:
    import datetime as dt

    import django
    import time_machine

    time_machine.travel(dt.datetime.fromisoformat(NOW), tick=False).start()

    django.setup()
    from django.db import connection

    kill_at = int(os.environ.get("KILL_AT", "0"))
    in_transaction: list[int] = []
    count = 0

    def statement(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        nonlocal count
        count += 1
        if connection.in_atomic_block:
            in_transaction.append(count)
        result = execute(sql, params, many, context)
        if count == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    commits: list[int] = []
    commit = connection.commit

    def counted_commit() -> None:
        commits.append(count)  # COMMIT comes after this many statements
        commit()

    connection.commit = counted_commit  # type: ignore[method-assign]
    with connection.execute_wrapper(statement):
        done = write(action, args)
    print(
        json.dumps(
            {
                "statements": count,
                "in_transaction": in_transaction,
                "commits": commits,
                "done": done,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
