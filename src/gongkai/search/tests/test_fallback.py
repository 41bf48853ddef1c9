"""The platform's vocabulary in the segmenter, the bigram fallback for unknown words, and the number
look-up of the engine (pure Python; run with ``pytest -p no:django``)."""

import pytest

from gongkai.search.engine import IndexDoc, SearchEngine, SearchQuery
from gongkai.search.places import name_words, org_words, place_names, subject_words
from gongkai.search.segment import (
    bigrams_for_index,
    bigrams_of,
    segment_for_index,
    segment_query,
    set_vocabulary,
    vocabulary,
)

# Items that speak of a place jieba does not know (埇桥: 埇 is a rare character).
UNKNOWN = [
    IndexDoc(id=1, title="埇桥区2026年秋季学期义务教育招生工作方案", body="全区公办学校招生范围如下。"),
    IndexDoc(id=2, title="关于开展农村公路养护检查的通知", body="检查范围包括埇桥区所辖各乡镇道路。"),
    IndexDoc(id=3, title="关于开展农村公路养护检查的通知", body="检查范围包括灵璧县所辖各乡镇道路。"),
]


def ids(page):
    return [h.id for h in page.hits]


def make(tmp_path, docs, **kw):
    e = SearchEngine(tmp_path / "idx", writer_heap_bytes=16_000_000, **kw)
    e.upsert(docs)
    e.commit()
    return e


# --- place names from the bodies' names -------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("宿州市埇桥区符离镇人民政府", ["宿州市", "宿州", "埇桥区", "埇桥", "符离镇", "符离"]),
        ("宿州市教育体育局", ["宿州市", "宿州"]),
        ("宿州市住房和城乡建设局", ["宿州市", "宿州"]),  # 城乡 is no 乡
        ("宿州市市场监督管理局", ["宿州市", "宿州"]),
        ("宿州市城市管理局", ["宿州市", "宿州"]),
        ("萧县人民政府", ["萧县"]),  # a one-character name keeps its level
        ("灵璧县教育局", ["灵璧县", "灵璧"]),
        ("砀山县砀城镇人民政府", ["砀山县", "砀山", "砀城镇", "砀城"]),
        ("埇桥区南关街道办事处", ["埇桥区", "埇桥", "南关街道", "南关"]),
        ("安徽省宿州市", ["安徽省", "安徽", "宿州市", "宿州"]),
        ("中共宿州市委办公室", ["宿州市", "宿州"]),
        ("宿州经济技术开发区管理委员会", []),
        ("国家统计局", []),
    ],
)
def test_place_names_from_body_names(name, places):
    assert place_names(name) == places


def test_org_and_subject_words():
    assert org_words("宿州市埇桥区教育体育局", "埇桥区教体局") == {
        "宿州市埇桥区教育体育局",
        "埇桥区教体局",
        "宿州市",
        "宿州",
        "埇桥区",
        "埇桥",
    }
    assert subject_words("义务教育；招生，入学 、学区划分 x") == {"义务教育", "招生", "入学", "学区划分"}
    assert name_words("行政法规、规章和规范性文件") == {"行政法规", "规章和规范性文件"}
    assert name_words("财政预决算") == {"财政预决算"}
    assert name_words("（）") == set()


# --- the vocabulary in the segmenter ---------------------------------------------------------------


def test_vocabulary_words_are_kept_whole_and_indexed_with_their_parts():
    assert "埇桥" not in segment_query("埇桥区教育")
    set_vocabulary(["埇桥", "埇桥区", "宿州市埇桥区教育体育局", "x", "带 空格"])
    assert vocabulary() == {"埇桥", "埇桥区", "宿州市埇桥区教育体育局"}
    assert segment_query("埇桥") == ["埇桥"]
    assert segment_query("宿州市埇桥区教育体育局") == ["宿州市埇桥区教育体育局"]
    words = segment_for_index("宿州市埇桥区教育体育局关于招生的通知").split()
    assert {"宿州市埇桥区教育体育局", "埇桥", "埇桥区", "宿州", "教育", "体育"} <= set(words)
    set_vocabulary([])  # a new vocabulary replaces the old one: removed words leave the dictionary
    assert segment_query("宿州市埇桥区教育体育局") != ["宿州市埇桥区教育体育局"]


def test_single_ideographs_are_joined_in_queries_for_the_fallback():
    assert segment_query("埇桥") == ["埇", "桥"]
    assert segment_query("埇桥", join_singles=True) == ["埇桥"]
    assert segment_query("埇桥 教育", join_singles=True) == ["埇桥", "教育"]


def test_bigrams():
    assert bigrams_of("埇桥") == ["埇桥"]
    assert bigrams_of("宿州市") == ["宿州", "州市"]
    assert bigrams_of("a") == [] and bigrams_of("县") == [] and bigrams_of("2026") == []
    assert set(bigrams_for_index("埇桥区，埇桥 2026年").split()) == {"埇桥", "桥区"}


# --- the bigram fallback ------------------------------------------------------------------------------


def test_an_unknown_word_is_found_through_bigrams(tmp_path):
    with make(tmp_path, UNKNOWN) as e:
        assert sorted(ids(e.search(SearchQuery(text="埇桥")))) == [1, 2]
        assert e.search(SearchQuery(text="埇桥")).total == 2
        assert ids(e.search(SearchQuery(text="埇桥 招生"))) == [1]


def test_without_bigrams_the_unknown_word_is_missed(tmp_path):
    with make(tmp_path, UNKNOWN, bigrams=False) as e:
        assert ids(e.search(SearchQuery(text="埇桥"))) == []


def test_a_word_added_after_indexing_is_still_found(tmp_path):
    """Items indexed before 埇桥 joined the vocabulary hold it only as pieces; the query, segmented
    with the new vocabulary, finds them through the bigrams (the reindexing policy)."""
    with make(tmp_path, UNKNOWN) as e:
        set_vocabulary(["埇桥", "埇桥区"])
        assert sorted(ids(e.search(SearchQuery(text="埇桥区")))) == [1, 2]
        assert sorted(ids(e.search(SearchQuery(text="埇桥")))) == [1, 2]


def test_words_rank_above_bigram_only_matches(tmp_path):
    """Item 2 holds 埇桥 as a word (indexed with the vocabulary); items 1 and 3 hold the two
    characters side by side only inside other words or as pieces. Every word match ranks first."""
    docs = [
        IndexDoc(id=1, title="桥梁检测通知", body="关于埇桥梁的检测与埇桥段公路的通知。"),
        IndexDoc(id=3, title="埇桥梁检测", body="埇桥梁检测。埇桥梁检测。埇桥梁检测。"),
    ]
    with make(tmp_path, docs) as e:
        set_vocabulary(["埇桥"])
        e.upsert([IndexDoc(id=2, title="道路养护通知", body="埇桥区道路养护的通知。")])
        e.commit()
        page = e.search(SearchQuery(text="埇桥"))
        assert ids(page)[0] == 2
        assert page.hits[0].score > 0
        assert sorted(ids(page)[1:]) == [1, 3]
        assert all(h.score == 0 for h in page.hits[1:])


def test_frequent_words_do_not_use_the_fallback(tmp_path):
    """A word most items hold is a plain term (its bigrams would only cost time)."""
    docs = [IndexDoc(id=i, title=f"工作通知{i}", body="工作安排") for i in range(1, 21)]
    with make(tmp_path, docs, fallback_max_df=10) as e:
        query, _words = e.build_query(SearchQuery(text="工作"), e._open(create=False).searcher())
        assert "Const" not in repr(query)  # the bigram part is a constant-score clause
        query, _words = e.build_query(SearchQuery(text="埇桥"), e._open(create=False).searcher())
        assert "Const" in repr(query)


# --- numbers ---------------------------------------------------------------------------------------


def test_find_numbers_matches_normalized_doc_and_index_numbers(tmp_path):
    docs = [
        IndexDoc(
            id=1, title="甲", doc_number="宿教〔2026〕52号", index_number="11341300MB1234567X/2026-00052"
        ),
        IndexDoc(id=2, title="乙", doc_number="宿教[2026]第52号"),
        IndexDoc(
            id=3, title="丙", doc_number="宿教〔2026〕5号", index_number="11341300MB1234567X/2026-00005"
        ),
    ]
    with make(tmp_path, docs) as e:
        assert sorted(e.find_numbers("宿教【2026】52号")) == [1, 2]
        assert sorted(e.find_numbers("宿教(2026)第５２号")) == [1, 2]
        assert e.find_numbers("宿教〔2026〕5号") == [3]
        assert e.find_numbers("11341300mb1234567x/2026-00005") == [3]
        assert e.find_numbers(" 11341300MB1234567X / 2026－00052") == [1]
        assert e.find_numbers("埇桥") == []
        assert e.find_numbers("宿教〔2026〕99号") == []
