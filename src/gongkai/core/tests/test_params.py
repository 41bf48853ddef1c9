"""One reading of integers from outside (core/params.py): a malformed id is an id that does not
exist, never an exception."""

from __future__ import annotations

import pytest
from django.urls import Resolver404, resolve

from gongkai.core.params import (
    IdConverter,
    YearConverter,
    local_path,
    max_id,
    parse_id,
    parse_int,
    parse_page,
)

BIGINT = 2**63 - 1


@pytest.mark.parametrize("raw", ["1", "42", " 7 ", str(BIGINT), 5])
def test_ids_the_database_can_hold(raw: object) -> None:
    assert parse_id(raw) == int(str(raw).strip())


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "0",
        "-1",
        "abc",
        "1.5",
        "1e3",
        "²",  # str.isdigit() says yes, int() says no
        "١٢",  # Arabic-Indic digits: int() reads them, an id is never written so
        "1\x00",
        str(BIGINT + 1),  # 9223372036854775808: SQLite's OverflowError
        str(10**30),
        "9" * 10_000,  # int() of it would be slow, and past 4,300 digits an error
        True,
        1.0,
        ["1"],
    ],
)
def test_anything_else_is_no_id(raw: object) -> None:
    assert parse_id(raw) is None


def test_the_limit_is_the_databases() -> None:
    assert max_id() == BIGINT


def test_pages() -> None:
    assert parse_page(None) == 1 and parse_page("") == 1 and parse_page("3") == 3
    assert parse_page("0") is None and parse_page("-2") is None and parse_page("x") is None
    assert parse_page("501", maximum=500) is None


def test_ranges() -> None:
    assert parse_int("-5", minimum=-10, maximum=0) == -5
    assert parse_int("2026", minimum=2008, maximum=2027) == 2026
    assert parse_int("2028", minimum=2008, maximum=2027) is None


def test_converters_refuse_what_they_cannot_hold() -> None:
    ids = IdConverter()
    assert ids.to_python("12") == 12 and ids.to_url(12) == "12"
    for bad in ("0", str(BIGINT + 1)):
        with pytest.raises(ValueError):
            ids.to_python(bad)
    years = YearConverter()
    assert years.to_python("2026") == 2026
    with pytest.raises(ValueError):
        years.to_python("0999")


@pytest.mark.parametrize(
    "path",
    ["/staff/items/99999999999999999999/", "/staff/items/9223372036854775808/", "/staff/items/0/"],
)
def test_a_path_id_out_of_range_matches_no_route(path: str) -> None:
    with pytest.raises(Resolver404):
        resolve(path)


class _Request:
    def __init__(self, secure: bool = False) -> None:
        self.secure = secure

    def get_host(self) -> str:
        return "gongkai.example.gov.cn"

    def is_secure(self) -> bool:
        return self.secure


@pytest.mark.parametrize("raw", ["/staff/", "/staff/reports/2/?tab=a#x", "/"])
def test_local_paths_are_kept(raw: str) -> None:
    assert local_path(raw, _Request()) == raw


@pytest.mark.parametrize(
    "raw",
    [
        None,
        "",
        "abc",  # redirect("abc") takes it for a URL name: NoReverseMatch, a 500
        "999999",
        "staff/",
        "//evil.example/",
        "/\\evil.example/",
        "https://evil.example/",
        "/staff/\x00",
        "/staff/\r\nSet-Cookie: x",
        ["/staff/"],
    ],
)
def test_anything_else_is_no_way_back(raw: object) -> None:
    assert local_path(raw, _Request()) is None
