"""The editor's changes as the author sees them (``govinfo.diff``), a pure kernel: runs with
``pytest -p no:django``. docs/SPEC.md §8: the information section edits; the author sees its edits."""

from __future__ import annotations

from gongkai.govinfo import diff


def test_tokens_are_chinese_characters_and_ascii_words():
    assert diff.tokens("2026年GDP增长3.5%") == ["2026", "年", "GDP", "增", "长", "3", ".", "5", "%"]
    assert diff.tokens("a  b\n市") == ["a", "  ", "b", "\n", "市"]


def test_a_number_is_replaced_whole():
    assert diff.diff_html("2025年", "2026年") == "<del>2025</del><ins>2026</ins>年"
    assert diff.diff_html("今年增长5%", "今年增长6%") == "今年增长<del>5</del><ins>6</ins>%"


def test_chinese_insertions_and_deletions_by_character():
    assert diff.diff_html("市政府召开会议", "市政府昨日召开会议") == "市政府<ins>昨日</ins>召开会议"
    assert (
        diff.diff_html("市政府昨日召开常务会议", "市政府召开会议")
        == "市政府<del>昨日</del>召开<del>常务</del>会议"
    )
    assert diff.diff_html("同上", "同上") == "同上"


def test_replacement_shows_both():
    assert diff.diff_html("加快推进", "全面推进") == "<del>加快</del><ins>全面</ins>推进"


def test_text_is_escaped():
    assert diff.diff_html("a<b", "a<c>") == "a&lt;<del>b</del><ins>c&gt;</ins>"
    assert "<script>" not in diff.diff_html("", "<script>alert(1)</script>")


def test_changes_list():
    assert diff.changes("甲乙", "甲丙") == [
        diff.Change("equal", "甲"),
        diff.Change("delete", "乙"),
        diff.Change("insert", "丙"),
    ]
