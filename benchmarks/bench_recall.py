"""Recall of the search on what citizens type: place names, body names, 发文字号, 索引号,
two-character words and topics (docs/PERFORMANCE.md, "Recall").

The committed lists:

* ``benchmarks/recall_items.tsv`` — the items that must be found: realistic items of bodies of the
  宿州 region (towns and offices the generated corpus does not have), each with its body and short
  name, 发文字号, 索引号 and 主题词;
* ``benchmarks/recall_queries.tsv`` — 135 queries as a citizen types them (kind, text, the keys of
  the items that must be in the top 10).

The items are indexed among ``--docs`` generated items (``gongkai.search.textgen``, the search
benchmark's corpus generator, same seed), which speak of the same places (宿州, 埇桥, 砀山 …) and
topics, so that a query also finds unrelated items. Every configuration is built and queried in the
same run, one feature switched on after the other:

  A  the search before this change: jieba's dictionary, words only, no number look-up;
  B  A + the 发文字号 / 索引号 look-up (``SearchEngine.find_numbers``, listed first as the portal does);
  C  B + the body's name and short name and the 主题词 indexed with each item (``IndexDoc.extra``);
  D  C + the platform's vocabulary in the segmenter (``search.vocabulary``: bodies, places from the
     bodies' names, column and class names, 主题词, the administrators' list 符离集 大泽乡 蕲县);
  E  D + character bigrams (the ``grams`` fallback) — the search as shipped;
  F  C + bigrams, no vocabulary (what the bigrams alone do);
  G  F's index (built before the vocabulary) queried with the vocabulary: the words added after
     indexing (the reindexing policy: no rebuild).

recall@10 = mean over the queries of (must-find items in the top 10) / (must-find items).

    .venv/bin/python benchmarks/bench_recall.py --docs 20000
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT.parent / "src"))

from gongkai.disclosure import catalog_data  # noqa: E402  (plain data, no Django)
from gongkai.search.engine import IndexDoc, SearchEngine, SearchQuery, gram_words_of  # noqa: E402
from gongkai.search.places import name_words, org_words, subject_words  # noqa: E402
from gongkai.search.segment import segment_for_index, set_vocabulary  # noqa: E402
from gongkai.search.textgen import ItemGenerator  # noqa: E402

SEED = 20190515
#: The administrators' list of the run (``search.SearchWord``): places no body's name carries.
ADMIN_WORDS = ("符离集", "大泽乡", "蕲县")
TOP = 10


@dataclass
class Planted:
    key: str
    body: str
    short: str
    title: str
    doc_number: str
    index_number: str
    keywords: str
    text: str


@dataclass
class Query:
    kind: str
    text: str
    keys: list[str]


def read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def column_names() -> list[str]:
    out: list[str] = []

    def walk(cols: Iterable) -> None:
        for name, children in cols:
            out.append(name)
            walk(children)

    for template in catalog_data.TEMPLATES:
        walk(template["columns"])
    return out


def platform_vocabulary(gen: ItemGenerator, planted: list[Planted], background: list) -> set[str]:
    """What ``search.vocabulary.platform_words`` reads from the database, for this corpus."""
    words: set[str] = set()
    for org in gen.orgs:
        words |= org_words(org.name)
    for p in planted:
        words |= org_words(p.body, p.short) | subject_words(p.keywords)
    for name in column_names():
        words |= name_words(name)
    for names in catalog_data.CLASSIFICATIONS.values():
        for name in names:
            words |= name_words(name)
    for it in background:
        words |= subject_words("；".join(it.keywords))
    words.update(ADMIN_WORDS)
    return words


def docs(gen: ItemGenerator, background: list, planted: list[Planted], *, extra: bool) -> list[IndexDoc]:
    out = []
    for it in background:
        org = gen.org(it.org_id)
        out.append(
            IndexDoc(
                id=it.id,
                title=it.title,
                body=it.body,
                attachments=it.attachments,
                org_id=it.org_id,
                published=it.published,
                doc_number=it.doc_number,
                extra="\n".join(["；".join(it.keywords), org.name]) if extra else "",
            )
        )
    base = len(background) + 1
    for i, p in enumerate(planted):
        out.append(
            IndexDoc(
                id=base + i,
                title=p.title,
                body=p.text,
                org_id=10_000 + i,
                doc_number=p.doc_number,
                index_number=p.index_number,
                extra="\n".join([p.keywords, p.body, p.short]) if extra else "",
            )
        )
    return out


def segmented(d: IndexDoc, grams: bool) -> IndexDoc:
    d = replace(d)
    d.title_words = segment_for_index(d.title)
    d.text_words = " ".join(segment_for_index(t) for t in (d.body, d.attachments, d.extra) if t)
    d.gram_words = gram_words_of(d) if grams else ""
    return d


def build(path: Path, items: list[IndexDoc], *, bigrams: bool) -> tuple[SearchEngine, float, int]:
    t0 = time.perf_counter()
    seg = [segmented(d, bigrams) for d in items]
    e = SearchEngine(path, store_text=False, cache_size=0, bigrams=bigrams)
    e.rebuild(seg)
    e.close()
    took = time.perf_counter() - t0
    size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return SearchEngine(path, store_text=False, cache_size=0, bigrams=bigrams), took, size


def run(
    engine: SearchEngine, queries: list[Query], key_ids: dict[str, int], *, numbers: bool
) -> tuple[dict[str, list[float]], list[float], list[tuple[Query, list[str]]]]:
    by_kind: dict[str, list[float]] = defaultdict(list)
    times: list[float] = []
    misses: list[tuple[Query, list[str]]] = []
    id_key = {v: k for k, v in key_ids.items()}
    for q in queries:
        t0 = time.perf_counter()
        ids: list[int] = engine.find_numbers(q.text) if numbers else []
        page = engine.search(SearchQuery(text=q.text, page_size=TOP, highlight=False))
        for h in page.hits:
            if h.id not in ids:
                ids.append(h.id)
        times.append((time.perf_counter() - t0) * 1000)
        top = set(ids[:TOP])
        found = [k for k in q.keys if key_ids[k] in top]
        by_kind[q.kind].append(len(found) / len(q.keys))
        if len(found) < len(q.keys):
            misses.append((q, [id_key.get(i, str(i)) for i in ids[:3]]))
    return by_kind, times, misses


def pct(xs: list[float], p: float) -> float:
    s = sorted(xs)
    return s[min(len(s) - 1, round(p / 100 * (len(s) - 1)))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=20_000, help="generated items beside the committed ones")
    ap.add_argument("--items", type=Path, default=ROOT / "recall_items.tsv")
    ap.add_argument("--queries", type=Path, default=ROOT / "recall_queries.tsv")
    ap.add_argument("--misses", action="store_true", help="print the queries that miss, per configuration")
    a = ap.parse_args()

    planted = [Planted(*row[:8]) for row in read_tsv(a.items)]
    queries = [Query(kind, text, keys.split(",")) for kind, text, keys in read_tsv(a.queries)]
    gen = ItemGenerator(seed=SEED)
    t0 = time.perf_counter()
    background = [gen.item(n) for n in range(a.docs)]
    key_ids = {p.key: a.docs + 1 + i for i, p in enumerate(planted)}
    print(
        f"corpus: {a.docs:,} generated + {len(planted)} committed items; {len(queries)} queries"
        f" ({', '.join(f'{k} {n}' for k, n in count_kinds(queries).items())}); generated in"
        f" {time.perf_counter() - t0:.1f}s"
    )
    vocab = platform_vocabulary(gen, planted, background)
    print(f"platform vocabulary: {len(vocab):,} words")

    tmp = Path(tempfile.mkdtemp(prefix="gk-recall-"))
    results: list[tuple[str, dict[str, list[float]], list[float], list]] = []
    sizes: dict[str, tuple[float, int]] = {}
    try:
        plain = docs(gen, background, planted, extra=False)
        with_extra = docs(gen, background, planted, extra=True)

        def measure(label: str, engine: SearchEngine, numbers: bool = True) -> None:
            by_kind, times, misses = run(engine, queries, key_ids, numbers=numbers)
            results.append((label, by_kind, times, misses))

        set_vocabulary(())
        e, took, size = build(tmp / "a", plain, bigrams=False)
        sizes["words only (A, B)"] = (took, size)
        measure("A  before: words only, jieba's dictionary", e, numbers=False)
        measure("B  + 发文字号/索引号 look-up", e)
        e, took, size = build(tmp / "c", with_extra, bigrams=False)
        sizes["words + body names, 主题词 (C)"] = (took, size)
        measure("C  + body names and 主题词 indexed", e)
        e_f, took, size = build(tmp / "f", with_extra, bigrams=True)
        sizes["words + bigrams (F)"] = (took, size)
        measure("F  C + bigrams, no vocabulary", e_f)
        set_vocabulary(vocab)
        e, took, size = build(tmp / "d", with_extra, bigrams=False)
        sizes["vocabulary, words only (D)"] = (took, size)
        measure("D  C + platform vocabulary", e)
        e, took, size = build(tmp / "e", with_extra, bigrams=True)
        sizes["vocabulary + bigrams (E)"] = (took, size)
        measure("E  D + bigrams (as shipped)", e)
        measure("G  F's index, queried with the vocabulary", e_f)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    kinds = list(count_kinds(queries))
    print()
    print(f"recall@{TOP} by kind of query (mean over the queries of found/must-find)")
    head = "| configuration | " + " | ".join(kinds) + " | **all** | all found | p50 ms | p95 ms |"
    print(head)
    print("|---|" + "---:|" * (len(kinds) + 4))
    for label, by_kind, times, _ in results:
        allv = [v for k in kinds for v in by_kind[k]]
        cells = [f"{statistics.mean(by_kind[k]):.2f}" for k in kinds]
        full = sum(1 for v in allv if v == 1.0)
        print(
            f"| {label} | " + " | ".join(cells) + f" | **{statistics.mean(allv):.3f}** | {full}/{len(allv)}"
            f" | {pct(times, 50):.1f} | {pct(times, 95):.1f} |"
        )
    print()
    print("| index | build s (segmenting included) | size MB |")
    print("|---|---:|---:|")
    for label, (took, size) in sizes.items():
        print(f"| {label} | {took:.1f} | {size / 1e6:.1f} |")
    if a.misses:
        for label, _, _, misses in results:
            print(f"\n{label}: {len(misses)} queries miss an item")
            for q, top in misses:
                print(f"  [{q.kind}] {q.text!r} must find {q.keys}; top 3: {top}")


def count_kinds(queries: list[Query]) -> dict[str, int]:
    out: dict[str, int] = {}
    for q in queries:
        out[q.kind] = out.get(q.kind, 0) + 1
    return out


if __name__ == "__main__":
    main()
