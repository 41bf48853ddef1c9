"""Search benchmark: bare SQLite FTS5, PostgreSQL tsvector+GIN, tantivy (gongkai.search.engine), LIKE scan.

All engines index the same pre-segmented words (``benchmarks/corpus.py``, rjieba search mode) and run
the same 100 committed queries (``benchmarks/search_queries.txt``, words from ``segment_query``,
AND semantics), in three variants: top 20 by relevance, top 20 by published date (newest first),
and top 20 by relevance within one body (org). Each query runs once to warm up, then ``--repeat``
timed runs; latencies are per call, wall clock, in this process (psycopg round trip included for
PostgreSQL, the full ``SearchEngine.search`` call incl. total count, stored-text fetch and
highlighted snippets for tantivy; "tantivy bare" is the same without highlighting).

    .venv/bin/python benchmarks/bench_search.py --docs 100000
    .venv/bin/python benchmarks/bench_search.py --docs 1000000 --engines fts5,pg,tantivy,like

Indexes are built under benchmarks/out/ (gitignored) and reused when they already hold N docs
(``--rebuild`` to force). PostgreSQL uses its own database (``--pg-db``, default gongkai_bench);
``--pg-drop`` drops it at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))
sys.path.insert(0, str(ROOT))

from corpus import OUT, ensure_corpus, iter_rows  # noqa: E402

from gongkai.search.engine import SCHEMA_VERSION, IndexDoc, SearchEngine, SearchQuery  # noqa: E402
from gongkai.search.segment import segment_query  # noqa: E402

VARIANTS = ("relevance", "date", "org")
FTS_INSERT = "INSERT INTO fts(rowid, title, body, org_id, published) VALUES (?,?,?,?,?)"
TOP = 20


# ----------------------------------------------------------------------------- helpers
def load_queries(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        q, _, tag = line.partition("#")
        if q.strip():
            out.append((q.strip(), tag.strip()))
    return out


def org_for(i: int) -> int:
    return 1 + (i * 37) % 600


def dir_size(p: Path) -> int:
    if p.is_file():
        return p.stat().st_size
    return sum(f.stat().st_size for f in p.rglob("*") if f.is_file())


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    k = max(0, min(len(s) - 1, round(p / 100 * len(s) + 0.5) - 1))
    return s[k]


def summarize(times: list[float], tags: list[str]) -> dict:
    freq = [t for t, g in zip(times, tags, strict=True) if g == "freq"]
    return {
        "p50": statistics.median(times),
        "p95": pct(times, 95),
        "p99": pct(times, 99),
        "max": max(times),
        "mean": statistics.fmean(times),
        "freq_median": statistics.median(freq) if freq else None,
    }


def run_queries(
    name: str,
    queries: list[tuple[str, str]],
    fn: Callable[[int, list[str]], object],
    repeat: int,
    warmup: int = 1,
) -> tuple[dict, list[float]]:
    times: list[float] = []
    tags: list[str] = []
    for i, (q, tag) in enumerate(queries):
        words = segment_query(q)
        for _ in range(warmup):
            fn(i, words)
        best = []
        for _ in range(repeat):
            t = time.perf_counter()
            fn(i, words)
            best.append((time.perf_counter() - t) * 1000)
        times.append(statistics.median(best))
        tags.append(tag)
    s = summarize(times, tags)
    print(
        f"  {name:<28} p50 {s['p50']:8.1f}  p95 {s['p95']:8.1f}  p99 {s['p99']:8.1f}  max {s['max']:8.1f}"
        f"  freq-median {s['freq_median'] or 0:8.1f} ms",
        flush=True,
    )
    return s, times


# ----------------------------------------------------------------------------- FTS5
def fts5(n: int, corpus: Path, queries, a) -> dict:
    path = OUT / f"fts5-{n}.sqlite"
    build = None
    if a.rebuild or not path.exists():
        path.unlink(missing_ok=True)
        t0 = time.perf_counter()
        db = sqlite3.connect(path)
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1000000;"
            "CREATE VIRTUAL TABLE fts USING fts5(title, body, org_id UNINDEXED, published UNINDEXED);"
        )
        batch = []
        for row in iter_rows(corpus, n, "id, title_words, text_words, org_id, published"):
            batch.append(row)
            if len(batch) >= 5000:
                db.executemany(
                    "INSERT INTO fts(rowid, title, body, org_id, published) VALUES (?,?,?,?,?)", batch
                )
                batch = []
        if batch:
            db.executemany("INSERT INTO fts(rowid, title, body, org_id, published) VALUES (?,?,?,?,?)", batch)
        db.commit()
        db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
        db.commit()
        db.close()
        el = time.perf_counter() - t0
        build = {"seconds": el, "items_per_s": n / el}
    db = sqlite3.connect(path)
    db.execute("PRAGMA cache_size=-1000000")
    got = db.execute("SELECT count(*) FROM fts").fetchone()[0]
    assert got == n, (got, n)
    if a.build_only:
        return {"build": build, "size_bytes": dir_size(path), "queries": {}}

    def match(words: list[str]) -> str:
        return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)

    def rel(i, words):
        return db.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT {TOP}", (match(words),)
        ).fetchall()

    def by_date(i, words):
        return db.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? ORDER BY published DESC LIMIT {TOP}", (match(words),)
        ).fetchall()

    def org(i, words):
        return db.execute(
            f"SELECT rowid FROM fts WHERE fts MATCH ? AND org_id = ? ORDER BY rank LIMIT {TOP}",
            (match(words), org_for(i)),
        ).fetchall()

    res = {"build": build, "size_bytes": dir_size(path), "queries": {}}
    for v, fn in zip(VARIANTS, (rel, by_date, org), strict=True):
        res["queries"][v], res.setdefault("times", {})[v] = run_queries(
            f"fts5 {v}", queries, fn, a.fts5_repeat or a.repeat
        )
    db.close()
    return res


# ----------------------------------------------------------------------------- PostgreSQL
def pg(n: int, corpus: Path, queries, a) -> dict:
    import psycopg

    admin = psycopg.connect(f"host={a.pg_host} user=postgres dbname=postgres", autocommit=True)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (a.pg_db,)).fetchone()
    if not exists:
        admin.execute(f'CREATE DATABASE "{a.pg_db}"')
    conn = psycopg.connect(f"host={a.pg_host} user=postgres dbname={a.pg_db}", autocommit=True)
    have = 0
    if conn.execute("SELECT to_regclass('items')").fetchone()[0]:
        have = conn.execute("SELECT count(*) FROM items").fetchone()[0]
    build = None
    if a.rebuild or have != n:
        conn.execute("DROP TABLE IF EXISTS items")
        conn.execute(
            "CREATE TABLE items (id int PRIMARY KEY, org_id int NOT NULL, published date NOT NULL,"
            " tsv tsvector NOT NULL)"
        )
        conn.execute("SET synchronous_commit = off")
        conn.execute("SET maintenance_work_mem = '2GB'")
        t0 = time.perf_counter()
        batch: list[tuple] = []

        def flush():
            ids, orgs, pubs, words = zip(*batch, strict=True)
            conn.execute(
                "INSERT INTO items SELECT i, o, p, to_tsvector('simple', w)"
                " FROM unnest(%s::int[], %s::int[], %s::date[], %s::text[]) AS t(i, o, p, w)",
                (list(ids), list(orgs), list(pubs), list(words)),
            )
            batch.clear()

        for id_, tw, xw, org_id, pub in iter_rows(
            corpus, n, "id, title_words, text_words, org_id, published"
        ):
            batch.append((id_, org_id, date.fromisoformat(pub), f"{tw} {xw}"))
            if len(batch) >= 2000:
                flush()
        if batch:
            flush()
        t_load = time.perf_counter() - t0
        conn.execute("CREATE INDEX items_tsv ON items USING gin (tsv)")
        conn.execute("CREATE INDEX items_org ON items (org_id)")
        conn.execute("CREATE INDEX items_pub ON items (published)")
        conn.execute("VACUUM ANALYZE items")
        el = time.perf_counter() - t0
        build = {"seconds": el, "items_per_s": n / el, "load_seconds": t_load}
    size = conn.execute("SELECT pg_total_relation_size('items'), pg_relation_size('items_tsv')").fetchone()
    conn.execute(f"SET statement_timeout = {int(a.pg_timeout * 1000)}")
    timeouts = {v: 0 for v in VARIANTS}

    def q(sql, params, v):
        try:
            return conn.execute(sql, params).fetchall()
        except psycopg.errors.QueryCanceled:
            timeouts[v] += 1
            return []

    def tsq(words):
        return " & ".join("'" + w.replace("'", "''") + "'" for w in words)

    def rel(i, words):
        return q(
            "SELECT id FROM items, to_tsquery('simple', %s) q WHERE tsv @@ q"
            f" ORDER BY ts_rank(tsv, q) DESC LIMIT {TOP}",
            (tsq(words),),
            "relevance",
        )

    def by_date(i, words):
        return q(
            f"SELECT id FROM items WHERE tsv @@ to_tsquery('simple', %s) ORDER BY published DESC LIMIT {TOP}",
            (tsq(words),),
            "date",
        )

    def org(i, words):
        return q(
            "SELECT id FROM items, to_tsquery('simple', %s) q WHERE tsv @@ q AND org_id = %s"
            f" ORDER BY ts_rank(tsv, q) DESC LIMIT {TOP}",
            (tsq(words), org_for(i)),
            "org",
        )

    res = {
        "build": build,
        "size_bytes": size[0],
        "gin_bytes": size[1],
        "queries": {},
        "timeouts": timeouts,
        "timeout_s": a.pg_timeout,
    }
    for v, fn in zip(VARIANTS, (rel, by_date, org), strict=True):
        res["queries"][v], res.setdefault("times", {})[v] = run_queries(
            f"pg {v}", queries, fn, a.pg_repeat, warmup=a.pg_warmup
        )
    print(f"  pg timeouts (> {a.pg_timeout}s, counted at the timeout): {timeouts}")
    conn.close()
    if a.pg_drop:
        admin.execute(f'DROP DATABASE "{a.pg_db}"')
    admin.close()
    return res


# ----------------------------------------------------------------------------- tantivy
def tantivy_bench(n: int, corpus: Path, queries, a) -> dict:
    path = OUT / (f"tantivy-{n}" if a.tantivy_bigrams else f"tantivy-{n}-nobigrams")
    marker = path / "bench-docs.txt"
    want = (
        f"{n} schema={SCHEMA_VERSION} store_text={int(a.tantivy_store_text)} bigrams={int(a.tantivy_bigrams)}"
    )
    build = None
    if a.rebuild or not marker.exists() or marker.read_text().strip() != want:
        import shutil

        shutil.rmtree(path, ignore_errors=True)
        t0 = time.perf_counter()
        eng = SearchEngine(
            path,
            writer_heap_bytes=a.tantivy_heap_mb * 1024 * 1024,
            writer_threads=a.tantivy_threads,
            store_text=a.tantivy_store_text,
            bigrams=a.tantivy_bigrams,
        )
        cols = (
            "id, title, body, attachments, org_id, column_ids, topic, genre, audience, published,"
            " doc_number, validity, title_words, text_words"
        )
        batch: list[IndexDoc] = []
        done = 0
        for r in iter_rows(corpus, n, cols):
            batch.append(
                IndexDoc(
                    id=r[0],
                    title=r[1],
                    body=r[2],
                    attachments=r[3],
                    org_id=r[4],
                    column_ids=[int(c) for c in r[5].split(",")],
                    topic_class_id=r[6],
                    genre_class_id=r[7],
                    audience_class_id=r[8],
                    published=date.fromisoformat(r[9]),
                    doc_number=r[10],
                    validity=r[11],
                    title_words=r[12],
                    text_words=r[13],
                )
            )
            if len(batch) >= 10_000:
                eng.upsert(batch)
                done += len(batch)
                batch = []
                if done % a.tantivy_commit_every == 0:
                    eng.commit()
        eng.upsert(batch)
        eng.commit()
        t_commit = time.perf_counter() - t0
        eng.close()  # waits for merges
        el = time.perf_counter() - t0
        marker.write_text(want)
        build = {"seconds": el, "items_per_s": n / el, "seconds_until_last_commit": t_commit}
    # cache_size=0: every timed call runs the query (a cold cache, as after each commit); the
    # "relevance_cached" variant uses the engine's result cache (what repeated queries cost).
    bigrams = a.tantivy_bigrams
    eng = SearchEngine(path, cache_size=0, bigrams=bigrams)
    cached_eng = SearchEngine(path, bigrams=bigrams)
    # plain conjunctions, exact counts
    untiered_eng = SearchEngine(path, cache_size=0, tier_min_df=10**12, bigrams=bigrams)
    assert eng.num_docs() == n, (eng.num_docs(), n)
    import tantivy as _t

    segs = _t.Index.open(str(path)).searcher().num_segments
    store = sum(f.stat().st_size for f in path.glob("*.store"))

    def rel(i, words, hl=True):
        return eng.search(SearchQuery(text=" ".join(words), page_size=TOP, highlight=hl))

    def bare(i, words):
        return rel(i, words, hl=False)

    def untiered(i, words):
        return untiered_eng.search(SearchQuery(text=" ".join(words), page_size=TOP, highlight=False))

    def cached(i, words):
        return cached_eng.search(SearchQuery(text=" ".join(words), page_size=TOP, highlight=False))

    def by_date(i, words):
        return eng.search(SearchQuery(text=" ".join(words), page_size=TOP, order="date", highlight=False))

    def org(i, words):
        return eng.search(
            SearchQuery(text=" ".join(words), page_size=TOP, org_ids=[org_for(i)], highlight=False)
        )

    res = {
        "build": build,
        "size_bytes": dir_size(path),
        "stored_text_bytes": store,
        "segments": segs,
        "store_text": a.tantivy_store_text,
        "queries": {},
    }
    if a.build_only:
        return res
    variants = [
        ("relevance_bare", bare),
        ("relevance_untiered", untiered),
        ("relevance_cached", cached),
        ("date", by_date),
        ("org", org),
    ]
    if a.tantivy_store_text:
        variants.insert(0, ("relevance", rel))
    for v, fn in variants:
        res["queries"][v], res.setdefault("times", {})[v] = run_queries(f"tantivy {v}", queries, fn, a.repeat)
    return res


# ----------------------------------------------------------------------------- LIKE scan
def like(n: int, corpus: Path, queries, a) -> dict:
    m = min(n, a.like_sample)
    path = OUT / f"like-{m}.sqlite"
    if not path.exists():
        db = sqlite3.connect(path)
        db.executescript(
            "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
            "CREATE TABLE items (id INTEGER PRIMARY KEY, published TEXT, title TEXT, body TEXT,"
            " attachments TEXT)"
        )
        db.executemany(
            "INSERT INTO items VALUES (?,?,?,?,?)",
            iter_rows(corpus, m, "id, published, title, body, attachments"),
        )
        db.commit()
        db.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA cache_size=-1000000")

    def fn(i, words):
        cond = " AND ".join("(title LIKE ? OR body LIKE ? OR attachments LIKE ?)" for _ in words)
        params = [f"%{w}%" for w in words for _ in range(3)]
        return db.execute(
            f"SELECT id FROM items WHERE {cond} ORDER BY published DESC LIMIT {TOP}", params
        ).fetchall()

    s, times = run_queries(f"like (sample {m:,}) date", queries, fn, 1, warmup=1)
    return {"sample": m, "size_bytes": dir_size(path), "queries": {"date": s}, "times": {"date": times}}


# ----------------------------------------------------------------------------- main
def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=1_000_000)
    ap.add_argument("--engines", default="fts5,pg,tantivy,like")
    ap.add_argument("--queries", type=Path, default=ROOT / "search_queries.txt")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per query (median kept)")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--workers", type=int, default=2, help="corpus generation processes")
    ap.add_argument("--fts5-repeat", type=int, default=0, help="timed runs per FTS5 query (0: --repeat)")
    ap.add_argument("--pg-host", default="127.0.0.1")
    ap.add_argument("--pg-db", default="gongkai_bench")
    ap.add_argument("--pg-timeout", type=float, default=20.0, help="statement_timeout, seconds")
    ap.add_argument("--pg-repeat", type=int, default=1)
    ap.add_argument("--pg-warmup", type=int, default=1)
    ap.add_argument("--pg-drop", action="store_true")
    ap.add_argument("--tantivy-heap-mb", type=int, default=1024)
    ap.add_argument("--tantivy-commit-every", type=int, default=250_000)
    ap.add_argument("--tantivy-threads", type=int, default=0, help="indexing threads (0: tantivy's choice)")
    ap.add_argument(
        "--tantivy-store-text",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="store title/text for engine-side snippets (the portal highlights from the DB: off)",
    )
    ap.add_argument(
        "--tantivy-bigrams",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="index and query the character-bigram fallback (schema 5; off: the words alone, as before)",
    )
    ap.add_argument("--like-sample", type=int, default=100_000)
    ap.add_argument("--build-only", action="store_true", help="build (or check) the indexes, run no query")
    a = ap.parse_args()

    queries = load_queries(a.queries)
    assert len(queries) == 100, len(queries)
    print(
        f"# search benchmark: {a.docs:,} docs, {len(queries)} queries; {platform.python_version()},"
        f" SQLite {sqlite3.sqlite_version}, {os.cpu_count()} cpus"
    )
    print(f"load average at start: {os.getloadavg()}", flush=True)
    t = time.perf_counter()
    corpus = ensure_corpus(a.docs, a.workers)
    print(f"corpus ready in {time.perf_counter() - t:.1f}s: {corpus}", flush=True)
    results = {"docs": a.docs, "engines": {}}
    for e in a.engines.split(","):
        fn = {"fts5": fts5, "pg": pg, "tantivy": tantivy_bench, "like": like}[e]
        print(f"[{e}] load average {os.getloadavg()}", flush=True)
        r = fn(a.docs, corpus, queries, a)
        r["loadavg_after"] = os.getloadavg()
        b = r.get("build")
        if b:
            print(f"  build {b['seconds']:.1f}s, {b['items_per_s']:,.0f} items/s", flush=True)
        print(f"  size {r['size_bytes'] / 1e6:,.0f} MB", flush=True)
        if e == "tantivy" and not a.tantivy_bigrams:
            e = "tantivy-nobigrams"
        results["engines"][e] = r
        out = OUT / f"results-{a.docs}.json"
        prev = json.loads(out.read_text()) if out.exists() else {"docs": a.docs, "engines": {}}
        if r.get("build") is None and prev["engines"].get(e, {}).get("build"):
            r["build"] = prev["engines"][e]["build"]  # index reused: keep the build figures
        prev["engines"][e] = r
        out.write_text(json.dumps(prev, ensure_ascii=False, indent=1, default=str))
    print(f"results: {OUT / f'results-{a.docs}.json'}")


if __name__ == "__main__":
    main()
