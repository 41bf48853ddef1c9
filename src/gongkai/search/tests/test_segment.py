"""Segmentation tests (pure Python; run with ``pytest -p no:django``)."""

from pathlib import Path

import pytest

from gongkai.search.segment import normalize, segment_for_index, segment_query, tokens_for_index

REPO = Path(__file__).resolve().parents[4]
#: Real 政务公开 prose: the source document kept in docs/sources/ (docs/sources/README.md) and the
#: packaged sentence bank drawn from all five source documents of docs/SPEC.md.
CORPUS = [
    *sorted((REPO / "docs" / "sources").glob("*.txt")),
    REPO / "src" / "gongkai" / "disclosure" / "demo" / "data" / "sentences.txt",
]


def test_normalize_fullwidth_and_case_keeps_length():
    s = "ＧＤＰ增长　２０２４年，Ａｂｃ！"
    n = normalize(s)
    assert n == "gdp增长 2024年,abc!"
    assert len(n) == len(s)


def test_normalize_leaves_chinese_punctuation_and_brackets():
    assert normalize("宿政办发〔2021〕12号。") == "宿政办发〔2021〕12号。"


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("政府信息公开", "公开"),
        ("政府信息公开", "政府"),
        ("政府信息公开", "信息"),
        ("中华人民共和国政府信息公开条例", "条例"),
        ("2024年部门预算公开说明", "预算"),
        ("精准扶贫实施方案", "扶贫"),
    ],
)
def test_two_char_words_inside_longer_words(text, word):
    assert word in segment_for_index(text).split()


def test_index_words_are_space_separated_without_punctuation():
    s = segment_for_index("关于印发《宿州市政务公开工作要点》的通知（宿政办发〔2021〕12号）")
    toks = s.split(" ")
    assert all(toks), "no empty tokens"
    assert not any(ch in s for ch in "《》（）〔〕,，")
    assert "宿州市" in toks and "通知" in toks and "2021" in toks and "12" in toks


def test_ascii_compounds_split_on_punctuation():
    assert segment_for_index("2024-10-14 www.gov.cn") == "2024 10 14 www gov cn"


def test_query_precise_mode_and_dedup():
    assert segment_query("政府信息公开") == ["政府", "信息", "公开"]
    assert segment_query("预算 预算，公开！") == ["预算", "公开"]
    assert segment_query("  ，。 ") == []
    assert segment_query("") == []


def test_query_words_are_found_in_index_words():
    text = "县人民政府办公室关于做好2021年部门预算公开工作的通知"
    idx = set(segment_for_index(text).split())
    for q in ("部门预算", "预算公开", "人民政府", "办公室", "预算 工作"):
        assert set(segment_query(q)) <= idx, q


def test_fullwidth_query_matches_halfwidth_text():
    assert set(segment_query("ＧＤＰ")) <= set(segment_for_index("GDP增长").split())
    assert segment_query("ＧＤＰ") == ["gdp"]


def test_rjieba_and_jieba_agree_on_seed_corpus():
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(60)
    from gongkai.search.segment import _clean, _prepare

    text = "".join(path.read_text(encoding="utf-8") for path in CORPUS)
    ours = tokens_for_index(text)
    theirs = _clean(jieba.lcut_for_search(_prepare(text)))
    assert ours == theirs
    assert len(ours) > 10_000
