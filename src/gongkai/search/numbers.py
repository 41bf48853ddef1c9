"""发文字号 and 索引号 as citizens type them (pure Python, no Django).

A visitor who types a document number into the search box rarely types it the way the body wrote
it: 宿教〔2026〕52号 comes as ``宿教[2026]52号``, ``宿教(2026)52号``, ``宿教【2026】第52号``,
``宿教 ［2026］ 52 号`` or without the 号. Both sides — the number stored on the item (indexed in
``gongkai.search.engine``) and the text typed — go through the same function, so that every such
variant is one key:

* :func:`normalize_doc_number` — half-width, no spaces, every kind of bracket as 〔〕, the 第
  before the serial dropped, the serial without leading zeros, ``号`` after it; a year written
  ``2026年`` (国家税务总局公告2026年第5号) is also bracketed. Text that is no complete number (a
  prefix such as ``宿政办发〔2019``) is normalized the same way as far as it goes, so prefix
  searches still work.
* :func:`normalize_index_number` — half-width, no spaces, upper case, every dash as ``-`` and every
  slash as ``/`` (索引号 are codes: ``11341300MB1234567X/2026-00052``, docs/SPEC.md §2.2).
* :func:`looks_like_doc_number` and :func:`looks_like_index_number` say whether a search text is
  worth looking up as a number at all (cheap, liberal: a look-up that finds nothing costs one
  indexed query and the search goes on as full text).
"""

from __future__ import annotations

import re

from .segment import normalize

__all__ = [
    "looks_like_doc_number",
    "looks_like_index_number",
    "normalize_doc_number",
    "normalize_index_number",
]

_OPEN = "[(【〔〖〘﹝﹙《〈<{"
_CLOSE = "])】〕〗〙﹞﹚》〉>}"
# Full-width brackets are made half-width by ``normalize`` first (（ → (, ［ → [, ｛ → {).
_BRACKETS = str.maketrans({**dict.fromkeys(_OPEN, "〔"), **dict.fromkeys(_CLOSE, "〕")})
_SPACES = re.compile(r"\s+")
# A complete 发文字号: the issuer's prefix, the year (bracketed, bare, or followed by 年), an
# optional 第, the serial, an optional 号.
_DOC_NUMBER = re.compile(
    r"^(?P<prefix>[^\d〔〕]*?[^\d〔〕第])"
    r"〔?(?P<year>(?:19|20)\d{2})(?:〕|年)?"
    r"第?(?P<serial>\d{1,6})号?$"
)
_SERIAL_AFTER_YEAR = re.compile(r"〔((?:19|20)\d{2})〕第?0*(\d)")
_DASHES = str.maketrans(dict.fromkeys("‐‑‒–—―−﹣－─", "-") | dict.fromkeys("＼\\／", "/"))
_INDEX_NUMBER = re.compile(r"^[0-9A-Z][0-9A-Z/-]{6,79}$")


def normalize_doc_number(text: str) -> str:
    """The canonical form of a 发文字号 (see the module docstring); the same for every variant."""
    s = _SPACES.sub("", normalize(text)).translate(_BRACKETS)
    m = _DOC_NUMBER.match(s)
    if m is not None:
        return f"{m['prefix']}〔{m['year']}〕{int(m['serial'])}号"
    # An incomplete number (a prefix being searched): as far as it goes, the same rules.
    return _SERIAL_AFTER_YEAR.sub(r"〔\1〕\2", s)


def looks_like_doc_number(text: str) -> bool:
    """Whether the text is a complete 发文字号 in one of the ways people write it."""
    s = _SPACES.sub("", normalize(text)).translate(_BRACKETS)
    return len(s) <= 60 and _DOC_NUMBER.match(s) is not None


def normalize_index_number(text: str) -> str:
    """The canonical form of a 索引号: half-width, no spaces, upper case, ``-`` and ``/``."""
    return _SPACES.sub("", normalize(text).translate(_DASHES)).upper()


def looks_like_index_number(text: str) -> bool:
    """Whether the text may be a 索引号: a code of digits and letters with a ``-`` or a ``/``,
    at least 8 characters, with digits in it (``000014349/2017-00110``, ``202110-00013``)."""
    s = normalize_index_number(text)
    return _INDEX_NUMBER.match(s) is not None and ("-" in s or "/" in s) and sum(c.isdigit() for c in s) >= 6
