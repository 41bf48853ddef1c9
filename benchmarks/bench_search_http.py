"""Search latency through HTTP: ``gongkai serve`` on loopback, ``GET /search/?q=…`` for the 100
committed queries (``benchmarks/search_queries.txt``), one request at a time.

The server runs on a temporary data directory that links to an existing SQLite database (``--db``,
e.g. a 1M-item demo database written by ``benchmarks/bench_import.py --keep``) and to an existing
search index (``--index``, e.g. ``benchmarks/out/tantivy-1000000`` from ``bench_search.py``). The
index's ids are then the corpus ids, not the database's: ``search_public`` re-reads each hit from the
database (public items only) and highlights the database text, so the pages are not meaningful to read
but every step of a real search request is timed — engine, database read of 20 items, highlighting,
template rendering, gunicorn.

Each request carries a fresh ``_n=…`` parameter so that the portal's page cache never answers. Per
query: the first request is timed as **cold** (the engine's result cache does not hold the query
yet), then ``--repeat`` requests are timed as **warm** (engine result cache hit; median kept).
One gunicorn worker (``--workers``) so that the warm requests reach the same process.

    .venv/bin/python benchmarks/bench_search_http.py \\
        --db benchmarks/out/http-1m/gongkai.sqlite3 --index benchmarks/out/tantivy-1000000

With ``--data-dir`` it serves a whole installation instead — its own database (SQLite there, or the
PostgreSQL of ``DATABASE_URL``) and its own index, as built by ``gongkai demo --items N --no-serve``
— so that the hits are the database's items, on either engine:

    [DATABASE_URL=…] .venv/bin/python benchmarks/bench_search_http.py --data-dir benchmarks/out/demo-1m-pg
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent


def load_queries(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        q, _, tag = line.partition("#")
        if q.strip():
            out.append((q.strip(), tag.strip()))
    return out


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, timeout: float) -> tuple[int, float, int]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        t = time.perf_counter()
        conn.request("GET", path, headers={"Accept-Language": "zh-hans"})
        resp = conn.getresponse()
        body = resp.read()
        return resp.status, (time.perf_counter() - t) * 1000, len(body)
    finally:
        conn.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, help="gongkai.sqlite3 of an existing installation")
    ap.add_argument("--data-dir", type=Path, help="an installation's data directory, served as it is")
    ap.add_argument("--index", type=Path, default=ROOT / "out" / "tantivy-1000000")
    ap.add_argument("--queries", type=Path, default=ROOT / "search_queries.txt")
    ap.add_argument("--repeat", type=int, default=3, help="warm requests per query (median kept)")
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30.0, help="per request, seconds")
    ap.add_argument("--start-timeout", type=float, default=180.0)
    ap.add_argument("--json", type=Path, help="write the per-query figures here")
    a = ap.parse_args()

    queries = load_queries(a.queries)
    assert len(queries) == 100, len(queries)
    tmp = Path(tempfile.mkdtemp(prefix="gk-http-"))
    env = dict(os.environ)
    if a.data_dir is not None:
        db = Path(a.data_dir / "gongkai.sqlite3") if not env.get("DATABASE_URL") else Path("postgresql")
        index = a.data_dir.resolve() / "search"
        env["GONGKAI_DATA_DIR"] = str(a.data_dir.resolve())
    else:
        if a.db is None:
            raise SystemExit("--db or --data-dir")
        db = a.db.resolve()
        index = a.index.resolve()
        assert db.is_file(), db
        assert (index / "meta.json").is_file(), index
        (tmp / "gongkai.sqlite3").symlink_to(db)
        (tmp / "search").symlink_to(index)
        if (db.parent / "secret_key").exists():
            shutil.copy(db.parent / "secret_key", tmp / "secret_key")
        env["GONGKAI_DATA_DIR"] = str(tmp)
        env.pop("DATABASE_URL", None)
    port = free_port()
    env.pop("REDIS_URL", None)
    log = open(tmp / "server.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gongkai"),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(a.workers),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    print(f"# search through HTTP: server pid {server.pid}, port {port}, data dir {tmp}", flush=True)
    print(f"# db {db}\n# index {index}", flush=True)
    try:
        deadline = time.monotonic() + a.start_timeout
        while True:
            if server.poll() is not None:
                raise SystemExit(f"server exited with {server.returncode}; see {tmp / 'server.log'}")
            try:
                status, _, _ = get(port, "/search/", 120)  # cheap: the form, no search
                if status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit("server did not start in time")
            time.sleep(0.5)
        # Warm the process (imports, templates, database connection) on queries not in the set.
        for w in ("测试", "通知", "公告", "办法", "规划"):
            get(port, "/search/?" + urllib.parse.urlencode({"q": w, "_n": "warm"}), a.timeout)
        print(f"load average at start: {os.getloadavg()}", flush=True)
        cold: list[float] = []
        warm: list[float] = []
        rows = []
        bad = 0
        for i, (q, tag) in enumerate(queries):
            path = "/search/?" + urllib.parse.urlencode({"q": q, "_n": f"{i}-0"})
            status, ms, size = get(port, path, a.timeout)
            bad += status != 200
            cold.append(ms)
            reps = []
            for r in range(a.repeat):
                path = "/search/?" + urllib.parse.urlencode({"q": q, "_n": f"{i}-{r + 1}"})
                status, ms_w, _ = get(port, path, a.timeout)
                bad += status != 200
                reps.append(ms_w)
            warm.append(statistics.median(reps))
            rows.append({"q": q, "tag": tag, "cold_ms": ms, "warm_ms": warm[-1], "bytes": size})
        print(f"load average at end: {os.getloadavg()}", flush=True)
        for name, xs in (("cold (first request)", cold), ("warm (engine cache)", warm)):
            freq = [x for x, r in zip(xs, rows, strict=True) if r["tag"] == "freq"]
            print(
                f"  http {name:<22} p50 {statistics.median(xs):7.1f}  p95 {pct(xs, 95):7.1f}"
                f"  p99 {pct(xs, 99):7.1f}  max {max(xs):7.1f}"
                f"  freq-median {statistics.median(freq):7.1f} ms",
                flush=True,
            )
        slow = sorted(rows, key=lambda r: -r["cold_ms"])[:8]
        print("  slowest cold: " + ", ".join(f"{r['q']} {r['cold_ms']:.0f}" for r in slow))
        print(f"  non-200 responses: {bad}")
        if a.json:
            a.json.write_text(
                json.dumps({"rows": rows, "loadavg_end": os.getloadavg()}, ensure_ascii=False, indent=1)
            )
    finally:
        try:
            os.killpg(server.pid, signal.SIGTERM)  # the server's own session, started above
            server.wait(timeout=30)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(server.pid, signal.SIGKILL)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
