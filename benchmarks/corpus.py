"""Benchmark corpus: N generated items, segmented once, cached in ``benchmarks/out/corpus.sqlite``.

Items come from :class:`gongkai.search.textgen.ItemGenerator` (deterministic: item ``n`` is the same
for a given seed whatever N is, so the 100k corpus is the prefix of the 1M corpus). Each row also
holds the segmented title and text (``segment_for_index``), so that every engine indexes exactly the
same words and segmentation is paid once (its throughput is reported separately).

    python benchmarks/corpus.py --docs 100000       # build / extend the cache and print stats
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sqlite3
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from gongkai.search.segment import segment_for_index  # noqa: E402
from gongkai.search.textgen import ItemGenerator  # noqa: E402

OUT = ROOT / "out"
SEED = 20190515
CHUNK = 2000

COLUMNS = (
    "id, title, body, attachments, org_id, column_ids, topic, genre, audience, published, doc_number,"
    " validity, title_words, text_words"
)

_gen: ItemGenerator | None = None


def _init() -> None:
    global _gen
    _gen = ItemGenerator(seed=SEED)


def _make(start_stop: tuple[int, int]) -> tuple[list[tuple], float]:
    assert _gen is not None
    rows = []
    seg_s = 0.0
    for n in range(*start_stop):
        it = _gen.item(n)
        t = time.perf_counter()
        tw = segment_for_index(it.title)
        xw = segment_for_index(it.body)
        if it.attachments:
            xw += " " + segment_for_index(it.attachments)
        seg_s += time.perf_counter() - t
        rows.append(
            (
                it.id,
                it.title,
                it.body,
                it.attachments,
                it.org_id,
                ",".join(map(str, it.column_ids)),
                it.topic_class_id,
                it.genre_class_id,
                it.audience_class_id,
                it.published.isoformat(),
                it.doc_number,
                it.validity,
                tw,
                xw,
            )
        )
    return rows, seg_s


def corpus_path() -> Path:
    return OUT / f"corpus-{SEED}.sqlite"


def ensure_corpus(n_docs: int, workers: int = 2, verbose: bool = True) -> Path:
    """Make sure items 1..n_docs are in the cache; returns its path."""
    OUT.mkdir(parents=True, exist_ok=True)
    path = corpus_path()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    db.execute(
        "CREATE TABLE IF NOT EXISTS docs (id INTEGER PRIMARY KEY, title TEXT, body TEXT, attachments TEXT,"
        " org_id INT, column_ids TEXT, topic INT, genre INT, audience INT, published TEXT,"
        " doc_number TEXT, validity TEXT, title_words TEXT, text_words TEXT)"
    )
    have = db.execute("SELECT coalesce(max(id), 0) FROM docs").fetchone()[0]
    if have >= n_docs:
        db.close()
        return path
    ranges = [(a, min(a + CHUNK, n_docs + 1)) for a in range(have + 1, n_docs + 1, CHUNK)]
    t0 = time.perf_counter()
    seg_total = 0.0
    chars = 0
    done = 0
    with mp.get_context("fork").Pool(workers, initializer=_init) as pool:
        for rows, seg_s in pool.imap(_make, ranges):
            seg_total += seg_s
            chars += sum(len(r[1]) + len(r[2]) + len(r[3]) for r in rows)
            db.executemany(f"INSERT INTO docs ({COLUMNS}) VALUES ({','.join('?' * 14)})", rows)
            done += len(rows)
            if verbose and done % 100_000 < CHUNK:
                db.commit()
                el = time.perf_counter() - t0
                print(f"  corpus: {have + done:,} docs, {el:.0f}s", file=sys.stderr, flush=True)
    db.commit()
    db.close()
    el = time.perf_counter() - t0
    if verbose:
        print(
            f"corpus: generated+segmented {done:,} docs in {el:.1f}s with {workers} processes;"
            f" segmentation {chars / seg_total / 1e6:.2f} M chars/s per process"
            f" ({done / seg_total:,.0f} docs/s per process)",
            file=sys.stderr,
        )
    return path


def iter_rows(path: Path, n_docs: int, cols: str = COLUMNS, batch: int = 5000) -> Iterator[tuple]:
    db = sqlite3.connect(path)
    try:
        cur = db.execute(f"SELECT {cols} FROM docs WHERE id <= ? ORDER BY id", (n_docs,))
        while rows := cur.fetchmany(batch):
            yield from rows
    finally:
        db.close()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--docs", type=int, default=100_000)
    ap.add_argument("--workers", type=int, default=2)
    a = ap.parse_args()
    p = ensure_corpus(a.docs, a.workers)
    db = sqlite3.connect(p)
    n, avg_body, avg_words = db.execute(
        "SELECT count(*), avg(length(body)), avg(length(text_words)) FROM docs WHERE id <= ?", (a.docs,)
    ).fetchone()
    print(f"{p}: {n:,} docs, avg body {avg_body:.0f} chars, avg segmented text {avg_words:.0f} chars")


if __name__ == "__main__":
    main()
