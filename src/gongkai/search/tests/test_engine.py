"""SearchEngine tests over a temporary tantivy index (pure Python; run with ``pytest -p no:django``)."""

from datetime import date

import pytest

from gongkai.search.engine import (
    IndexDoc,
    IndexLockedError,
    SearchEngine,
    SearchQuery,
    highlight,
    normalize_doc_number,
    snippet,
)

DOCS = [
    IndexDoc(
        id=1,
        title="关于印发《宿州市政府信息公开工作要点》的通知",
        body="为深入推进政务公开，现将政府信息公开工作要点印发给你们，请认真贯彻落实。",
        org_id=10,
        column_ids=[101],
        topic_class_id=1,
        genre_class_id=6,
        audience_class_id=1,
        published=date(2021, 3, 5),
        doc_number="宿政办发〔2021〕12号",
    ),
    IndexDoc(
        id=2,
        title="2022年部门预算公开说明",
        body="本部门2022年收支预算总计1234万元。三公经费预算与上年持平。",
        attachments="附件：部门预算表。一般公共预算财政拨款支出表。",
        org_id=11,
        column_ids=[111, 112],
        topic_class_id=2,
        genre_class_id=8,
        audience_class_id=1,
        published=date(2022, 2, 1),
        doc_number="宿财预〔2022〕3号",
    ),
    IndexDoc(
        id=3,
        title="精准扶贫实施方案",
        body="坚持精准扶贫、精准脱贫基本方略，确保贫困户稳定增收。扶贫资金使用情况向社会公开。",
        org_id=10,
        column_ids=[102],
        topic_class_id=3,
        genre_class_id=6,
        audience_class_id=3,
        published=date(2019, 7, 1),
        doc_number="宿政办发〔2019〕40号",
        validity="expired",
    ),
    IndexDoc(
        id=4,
        title="<script>alert(1)</script>政务公开测试",
        body="正文中含有<b>标签</b>与 & 符号，政务公开。",
        org_id=12,
        column_ids=[121],
        published=date(2023, 9, 9),
        validity="abolished",
    ),
]


@pytest.fixture
def engine(tmp_path):
    eng = SearchEngine(tmp_path / "idx", writer_heap_bytes=32_000_000, writer_threads=1)
    eng.upsert(DOCS)
    eng.commit()
    yield eng
    eng.close()


def ids(page):
    return [h.id for h in page.hits]


def test_missing_index_is_empty_and_unavailable(tmp_path):
    eng = SearchEngine(tmp_path / "nowhere")
    page = eng.search(SearchQuery(text="公开"))
    assert page.total == 0 and page.hits == [] and page.available is False
    assert not (tmp_path / "nowhere").exists(), "searching must not create the index"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("公开", {1, 2, 3, 4}),  # inside 政府信息公开 / 预算公开 / 向社会公开 / 政务公开
        ("预算", {2}),  # inside 部门预算, 收支预算
        ("扶贫", {3}),  # inside 精准扶贫
        ("政府", {1}),
        ("信息", {1}),
        ("政府信息公开", {1}),
        ("部门 预算", {2}),
        ("财政拨款", {2}),  # attachment text
        ("不存在的词汇", set()),
    ],
)
def test_two_char_words_match_inside_longer_words(engine, q, expected):
    page = engine.search(SearchQuery(text=q))
    assert set(ids(page)) == expected
    assert page.total == len(expected)


def test_relevance_prefers_title_and_scores_descend(engine):
    page = engine.search(SearchQuery(text="预算"))
    assert page.hits[0].id == 2
    page = engine.search(SearchQuery(text="公开"))
    scores = [h.score for h in page.hits]
    assert scores == sorted(scores, reverse=True)


def test_filters(engine):
    assert set(ids(engine.search(SearchQuery(text="公开", org_ids=[10])))) == {1, 3}
    assert ids(engine.search(SearchQuery(text="公开", column_ids=[112]))) == [2]
    assert ids(engine.search(SearchQuery(text="公开", topic_class_ids=[3]))) == [3]
    assert set(ids(engine.search(SearchQuery(text="公开", genre_class_ids=[6])))) == {1, 3}
    assert ids(engine.search(SearchQuery(text="公开", audience_class_ids=[3]))) == [3]
    assert ids(engine.search(SearchQuery(text="公开", validity=["expired"]))) == [3]
    assert set(ids(engine.search(SearchQuery(text="公开", validity=["valid"])))) == {1, 2}
    q = SearchQuery(text="公开", date_from=date(2021, 3, 5), date_to=date(2022, 2, 1))
    assert set(ids(engine.search(q))) == {1, 2}  # both bounds inclusive
    assert ids(engine.search(SearchQuery(text="公开", date_from=date(2023, 1, 1)))) == [4]
    assert ids(engine.search(SearchQuery(text="公开", date_to=date(2020, 1, 1)))) == [3]
    # Filters do not change relevance scores.
    a = {h.id: h.score for h in engine.search(SearchQuery(text="公开")).hits}
    b = {h.id: h.score for h in engine.search(SearchQuery(text="公开", org_ids=[10])).hits}
    assert b == pytest.approx({k: a[k] for k in b})


def test_document_number_exact_and_prefix(engine):
    assert ids(engine.search(SearchQuery(doc_number="宿政办发〔2021〕12号"))) == [1]
    assert ids(engine.search(SearchQuery(doc_number="宿政办发[2021]12号"))) == [1]  # bracket variants
    assert ids(engine.search(SearchQuery(doc_number="宿政办发〔2021〕1号"))) == []
    assert set(ids(engine.search(SearchQuery(doc_number="宿政办发", doc_number_prefix=True)))) == {1, 3}
    assert ids(engine.search(SearchQuery(doc_number="宿政办发〔2019", doc_number_prefix=True))) == [3]
    assert ids(engine.search(SearchQuery(text="扶贫", doc_number="宿财", doc_number_prefix=True))) == []
    assert normalize_doc_number(" 宿政办发（2021）12号 ") == "宿政办发〔2021〕12号"


def test_date_ordering_and_browse_without_text(engine):
    assert ids(engine.search(SearchQuery(text="公开", order="date"))) == [4, 2, 1, 3]
    assert ids(engine.search(SearchQuery(text="公开", order="date_asc"))) == [3, 1, 2, 4]
    page = engine.search(SearchQuery(org_ids=[10]))  # no text: newest first
    assert ids(page) == [1, 3] and page.total == 2


def test_pagination(engine):
    p1 = engine.search(SearchQuery(text="公开", order="date", page=1, page_size=3))
    p2 = engine.search(SearchQuery(text="公开", order="date", page=2, page_size=3))
    assert p1.total == p2.total == 4 and p1.num_pages == 2
    assert ids(p1) == [4, 2, 1] and ids(p2) == [3]


def test_snippets_highlight_and_escape(engine):
    page = engine.search(SearchQuery(text="扶贫"))
    hit = page.hits[0]
    assert hit.title_html == "精准<mark>扶贫</mark>实施方案"
    assert "<mark>扶贫</mark>" in hit.snippet_html
    page = engine.search(SearchQuery(text="政务公开 测试"))
    hit = page.hits[0]
    assert hit.id == 4
    assert "<script>" not in hit.title_html
    assert hit.title_html.startswith("&lt;script&gt;alert(1)&lt;/script&gt;")
    assert "<mark>测试</mark>" in hit.title_html
    assert "&lt;b&gt;" in hit.snippet_html and "&amp;" in hit.snippet_html
    assert "<b>" not in hit.snippet_html


def test_highlight_and_snippet_helpers():
    assert highlight("ＧＤＰ增长", ["gdp"]) == "<mark>ＧＤＰ</mark>增长"  # full-width text, original kept
    text = "无关内容。" * 50 + "这里提到部门预算和预算公开。" + "其他内容。" * 50
    s = snippet(text, ["预算", "公开"], 60)
    assert s.startswith("…") and s.endswith("…")
    assert "<mark>预算</mark><mark>公开</mark>" in s
    assert "部门<mark>预算</mark>" in s
    assert len(s.replace("<mark>", "").replace("</mark>", "")) <= 62
    assert snippet("短文本", ["不在"], 60) == "短文本"


def test_delete_removes(engine):
    engine.delete([3])
    engine.commit()
    assert ids(engine.search(SearchQuery(text="扶贫"))) == []
    assert engine.num_docs() == 3


def test_reupsert_replaces(engine):
    doc = DOCS[1]
    new = IndexDoc(**{**{f: getattr(doc, f) for f in doc.__slots__}, "title": "2022年部门决算公开说明"})
    new.body = "决算内容。"
    new.attachments = ""
    engine.upsert([new])
    engine.commit()
    assert engine.num_docs() == 4
    assert ids(engine.search(SearchQuery(text="决算"))) == [2]
    assert ids(engine.search(SearchQuery(text="预算"))) == []


def test_uncommitted_changes_are_invisible_and_rollback(engine):
    engine.delete([1])
    assert 1 in ids(engine.search(SearchQuery(text="政府")))
    engine.rollback()
    engine.commit()
    assert 1 in ids(engine.search(SearchQuery(text="政府")))


def test_single_writer_many_readers(engine, tmp_path):
    other = SearchEngine(engine.path)
    # A second engine can search the same directory while the first holds the writer ...
    assert set(ids(other.search(SearchQuery(text="扶贫")))) == {3}
    # ... but cannot write.
    with pytest.raises(IndexLockedError):
        other.upsert([DOCS[0]])
    # Commits by the writer become visible to the other reader after reload.
    engine.delete([3])
    engine.commit()
    other.refresh()
    assert ids(other.search(SearchQuery(text="扶贫"))) == []
    engine.close()
    other.upsert([DOCS[2]])  # the lock is free again
    other.commit()
    assert ids(other.search(SearchQuery(text="扶贫"))) == [3]
    other.close()


def test_rebuild_replaces_everything(engine):
    engine.rebuild([DOCS[0]])
    assert engine.num_docs() == 1
    assert ids(engine.search(SearchQuery(text="公开"))) == [1]


def test_outdated_index_directory_is_recreated_on_write(tmp_path):
    d = tmp_path / "idx"
    d.mkdir()
    (d / "junk.bin").write_bytes(b"x")
    eng = SearchEngine(d)
    assert eng.search(SearchQuery(text="公开")).available is False
    eng.upsert(DOCS[:1])
    eng.commit()
    assert ids(eng.search(SearchQuery(text="公开"))) == [1]
    eng.close()


def test_store_text_false_keeps_index_lean(tmp_path):
    eng = SearchEngine(tmp_path / "lean", store_text=False, writer_heap_bytes=32_000_000, writer_threads=1)
    eng.upsert(DOCS)
    eng.commit()
    page = eng.search(SearchQuery(text="扶贫"))
    assert ids(page) == [3] and page.words == ["扶贫"]
    assert page.hits[0].title_html == "" and page.hits[0].snippet_html == ""
    eng.close()


def test_totals_are_exact_and_never_count_deleted_documents(engine):
    # One word, no filter: top-k without counting, total = document frequency; exact on a clean index.
    page = engine.search(SearchQuery(text="公开"))
    assert page.total == 4 and page.total_is_estimate is False
    # Several words or a filter: counted exactly during the intersection.
    page = engine.search(SearchQuery(text="部门 预算"))
    assert page.total == 1 and page.total_is_estimate is False
    assert engine.search(SearchQuery(text="公开", org_ids=[10])).total == 2
    engine.delete([4])
    engine.commit()
    page = engine.search(SearchQuery(text="公开"))
    assert set(ids(page)) == {1, 2, 3}
    # The document frequency would still count the deleted (withdrawn, expired) document until a
    # merge purges it — a total that counts what the public cannot see (security audit 4.7): while
    # the index holds deletes, the query counts instead.
    assert page.total == 3 and page.total_is_estimate is False
    counted = engine.search(SearchQuery(text="公开", org_ids=[10, 11, 12]))
    assert counted.total == 3 and counted.total_is_estimate is False


def test_visible_on_leaves_out_items_past_their_last_public_day(tmp_path):
    """限时公开: ``public_until`` is the last public day; a query for a later day neither finds nor
    counts the item, whatever the query (one word, several, filtered, by date)."""
    eng = SearchEngine(tmp_path / "idx", writer_heap_bytes=15_000_000)
    eng.upsert(
        [
            IndexDoc(
                id=1,
                title="招生公示名单",
                org_id=10,
                published=date(2025, 9, 1),
                public_until=date(2025, 9, 30),
            ),
            IndexDoc(id=2, title="招生工作安排", org_id=10, published=date(2025, 9, 2)),
        ]
    )
    eng.commit()
    last_day, next_day = date(2025, 9, 30), date(2025, 10, 1)
    for q in (
        SearchQuery(text="公示"),
        SearchQuery(text="招生 公示"),
        SearchQuery(text="公示", org_ids=[10]),
        SearchQuery(text="公示", order="date"),
    ):
        q.visible_on = last_day
        assert (eng.search(q).total, ids(eng.search(q))) == (1, [1]), q
        q.visible_on = next_day
        assert (eng.search(q).total, ids(eng.search(q))) == (0, []), q
    on_next_day = eng.search(SearchQuery(text="招生", visible_on=next_day))
    assert (on_next_day.total, ids(on_next_day)) == (1, [2])
    # Without the filter (the writer's own view) the item is still there until it is removed.
    assert eng.search(SearchQuery(text="公示")).total == 1
    eng.close()


def test_result_cache_hits_and_is_invalidated_by_commits(engine):
    q = SearchQuery(text="政府 公开")
    first = engine.search(q)
    again = engine.search(q)
    assert not first.cached and again.cached and ids(again) == ids(first)
    # Highlighting is applied on top of a cached page, and is not part of the key.
    bare = engine.search(SearchQuery(text="政府 公开", highlight=False))
    assert bare.cached and bare.hits[0].title_html == "" and again.hits[0].title_html
    engine.delete([1])
    engine.commit()
    after = engine.search(q)
    assert not after.cached and 1 not in ids(after)


def test_other_reader_follows_commits_at_next_search(engine):
    other = SearchEngine(engine.path)
    assert ids(other.search(SearchQuery(text="扶贫"))) == [3]
    engine.delete([3])
    engine.commit()
    # No refresh() and no waiting: meta.json changed, so the reader reloads and drops its cache.
    assert ids(other.search(SearchQuery(text="扶贫"))) == []


def test_cache_can_be_disabled(tmp_path, engine):
    nocache = SearchEngine(engine.path, cache_size=0)
    assert not nocache.search(SearchQuery(text="公开")).cached
    assert not nocache.search(SearchQuery(text="公开")).cached


def _tier_docs():
    # 30 items contain 工作 and 情况; in items 0-9 both words are frequent (>= 8 times), in the others
    # they occur once. Item 29 has a long, repetitive text with the words only 3 times each.
    docs = []
    for i in range(30):
        reps = 9 if i < 10 else 1
        docs.append(
            IndexDoc(
                id=100 + i,
                title=f"第{i}号文件",
                body="工作情况。" * reps + "其他内容。" * (i % 5),
                published=date(2020, 1, 1 + i % 28),
            )
        )
    return docs


def test_tiered_conjunction_keeps_and_semantics_and_pages_consistently(tmp_path):
    path = tmp_path / "tier"
    with SearchEngine(path, writer_heap_bytes=32_000_000, writer_threads=1) as w:
        w.upsert(_tier_docs())
        w.upsert([IndexDoc(id=999, title="只有工作", body="工作工作工作工作工作工作工作工作")])
        w.commit()
    plain = SearchEngine(path, cache_size=0, tier_min_df=10**9)
    tiered = SearchEngine(path, cache_size=0, tier_min_df=5, tier_min_hits=3)
    q = dict(text="工作 情况", page_size=4)
    p_plain = plain.search(SearchQuery(**q))
    p_tier = tiered.search(SearchQuery(**q))
    assert p_plain.total == 30 and not p_plain.total_is_estimate
    # Tiered: an estimate (shown as 约 N 条), never below what the tier holds.
    assert p_tier.total_is_estimate and p_tier.total >= 10
    # Every page: every word present (999 has no 情况), the prominent items (0-9) first, no item twice.
    seen = []
    for page in range(1, 9):
        seen += ids(tiered.search(SearchQuery(**q, page=page)))
    assert len(seen) == len(set(seen)) == 30 and 999 not in seen
    assert set(seen[:10]) == set(range(100, 110))
    # Beyond the tier, the others in the plain relevance order.
    rest_plain = [i for i in ids(plain.search(SearchQuery(text="工作 情况", page_size=100))) if i >= 110]
    assert seen[10:] == rest_plain
    # Filters or a single word: plain query, exact totals.
    assert not tiered.search(SearchQuery(text="工作 情况", org_ids=[0])).total_is_estimate
    assert tiered.search(SearchQuery(text="工作")).total == 31
