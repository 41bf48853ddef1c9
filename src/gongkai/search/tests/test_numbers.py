"""发文字号 and 索引号 normalization (pure; run with ``pytest -p no:django``)."""

import pytest

from gongkai.search.numbers import (
    looks_like_doc_number,
    looks_like_index_number,
    normalize_doc_number,
    normalize_index_number,
)

CANON = "宿教〔2026〕52号"


@pytest.mark.parametrize(
    "typed",
    [
        "宿教〔2026〕52号",
        "宿教[2026]52号",
        "宿教(2026)52号",
        "宿教（2026）52号",
        "宿教【2026】52号",
        "宿教［2026］52号",
        "宿教〖2026〗52号",
        "宿教﹝2026﹞52号",
        "宿教〔2026〕第52号",
        "宿教[2026]第52号",
        "宿教〔2026〕052号",
        "宿教〔２０２６〕５２号",
        " 宿教 〔2026〕 52 号 ",
        "宿教\u3000〔2026〕52号",
        "宿教〔2026〕52",
        "宿教2026年52号",
        "宿教2026年第52号",
        "宿教 2026 52号",
    ],
)
def test_every_variant_of_a_doc_number_is_one_key(typed):
    assert normalize_doc_number(typed) == CANON
    assert looks_like_doc_number(typed)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("宿教〔2026〕52号", "宿教〔2026〕5号"),
        ("宿教〔2026〕52号", "宿教〔2025〕52号"),
        ("宿教〔2026〕52号", "宿教秘〔2026〕52号"),
        ("宿政办发〔2021〕12号", "宿政办〔2021〕12号"),
    ],
)
def test_different_numbers_stay_different(a, b):
    assert normalize_doc_number(a) != normalize_doc_number(b)


def test_numbers_written_with_a_year_and_di():
    assert normalize_doc_number("国家税务总局公告2026年第5号") == "国家税务总局公告〔2026〕5号"
    assert normalize_doc_number("国家税务总局公告〔2026〕5号") == "国家税务总局公告〔2026〕5号"
    assert normalize_doc_number("国务院令第777号") == "国务院令第777号"  # no year: left as typed


def test_incomplete_numbers_normalize_as_far_as_they_go():
    assert normalize_doc_number("宿政办发（2019") == "宿政办发〔2019"
    assert normalize_doc_number("宿政办发[2019]第") == "宿政办发〔2019〕第"
    assert normalize_doc_number("宿政办发[2019]第08") == "宿政办发〔2019〕8号"
    assert normalize_doc_number(" 宿政办发（2021）12号 ") == "宿政办发〔2021〕12号"


@pytest.mark.parametrize(
    "text",
    ["埇桥", "义务教育招生", "2026", "第52号", "宿教", "〔2026〕52号", "", "   ", "关于宿教的通知"],
)
def test_ordinary_search_texts_are_no_doc_number(text):
    assert not looks_like_doc_number(text)


def test_a_very_long_text_is_no_doc_number():
    assert not looks_like_doc_number("关于" * 40 + "〔2026〕1号")


@pytest.mark.parametrize(
    ("typed", "canon"),
    [
        ("11341300MB1234567X/2026-00052", "11341300MB1234567X/2026-00052"),
        ("11341300mb1234567x/2026-00052", "11341300MB1234567X/2026-00052"),
        (" 11341300MB1234567X / 2026 - 00052 ", "11341300MB1234567X/2026-00052"),
        ("１１３４１３００ＭＢ１２３４５６７Ｘ／２０２６－０００５２", "11341300MB1234567X/2026-00052"),
        ("11341300MB1234567X/2026—00052", "11341300MB1234567X/2026-00052"),
        ("11341300MB1234567X\\2026–00052", "11341300MB1234567X/2026-00052"),
        ("000014349/2017-00110", "000014349/2017-00110"),
        ("202110-00013", "202110-00013"),
    ],
)
def test_index_numbers(typed, canon):
    assert normalize_index_number(typed) == canon
    assert looks_like_index_number(typed)


@pytest.mark.parametrize(
    "text", ["埇桥", "2026", "abc-def-ghi", "12-3", "宿教〔2026〕52号", "www.gov.cn", ""]
)
def test_ordinary_search_texts_are_no_index_number(text):
    assert not looks_like_index_number(text)
