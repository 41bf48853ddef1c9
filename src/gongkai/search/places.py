"""Words of the platform's own vocabulary taken from names (pure Python, no Django).

No list of every region's place names ships with the platform; the names of the region's bodies
carry them. :func:`place_names` reads the administrative units a body's name begins with —
宿州市埇桥区符离镇人民政府 → 宿州市, 宿州, 埇桥区, 埇桥, 符离镇, 符离 — and the administrators'
list (``search.SearchWord``) adds the rest. :func:`org_words` gives all the words of one body,
:func:`subject_words` the words of an item's 主题词 field.
"""

from __future__ import annotations

import re

__all__ = ["is_word", "name_words", "org_words", "place_names", "subject_words"]

# Administrative levels, longest first (自治县 before 县).
_LEVELS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "街道",
    "省",
    "市",
    "盟",
    "州",
    "县",
    "区",
    "旗",
    "镇",
    "乡",
)
# Characters no place name of this kind contains: they start an office's name (住房和城乡建设局,
# 人民政府, 市场监督管理局), so a match through them is no place.
_NOT_IN_PLACE = set("和与及的之人民政府委员会办公室局厅处部党组管理服务监督")
_LETTERS = re.compile(r"[^\W\d_]+")
_PARTY = re.compile(r"^(?:中共|中国共产党)")
_WORD = re.compile(r"^[^\W_]{2,40}$")
_SUBJECT_SEP = re.compile(r"[\s,，;；、/|｜]+")
_NOT_WORD = re.compile(r"[\W_]+")


def is_word(word: str) -> bool:
    """Whether ``word`` can join the segmenter's dictionary: 2–40 letters, digits or ideographs."""
    return _WORD.match(word) is not None


def place_names(name: str) -> list[str]:
    """The place names a body's name begins with, each with and without its level (when the rest
    has two characters or more: 萧县 stays whole)."""
    out: list[str] = []
    rest = _PARTY.sub("", name.strip())
    while (unit := _first_unit(rest)) is not None:
        stem, level = unit
        out.append(stem + level)
        if len(stem) >= 2:
            out.append(stem)
        rest = rest[len(stem) + len(level) :]
    return out


def _first_unit(text: str) -> tuple[str, str] | None:
    """(stem, level) of the shortest administrative unit ``text`` begins with, if any."""
    m = _LETTERS.match(text)
    if m is None:
        return None
    letters = m.group()
    for n in range(1, min(6, len(letters) - 1) + 1):
        stem = letters[:n]
        if _NOT_IN_PLACE & set(stem):
            return None
        level = next((lv for lv in _LEVELS if letters.startswith(lv, n)), None)
        if level is not None and (n >= 2 or level in ("县", "旗")):
            return stem, level
    return None


def org_words(name: str, short_name: str = "") -> set[str]:
    """A body's name, short name and the place names in them."""
    words = {name.strip(), short_name.strip(), *place_names(name), *place_names(short_name)}
    return {w for w in words if is_word(w)}


def name_words(name: str) -> set[str]:
    """The words of a column's or class's name: the name, or its parts between punctuation
    (行政法规、规章和规范性文件 → 行政法规, 规章和规范性文件)."""
    return {w for w in _NOT_WORD.split(name or "") if is_word(w)}


def subject_words(keywords: str) -> set[str]:
    """The words of a 主题词 field (separated by spaces, commas, 、 or semicolons)."""
    return {w for w in _SUBJECT_SEP.split(keywords or "") if is_word(w) and len(w) <= 20}
