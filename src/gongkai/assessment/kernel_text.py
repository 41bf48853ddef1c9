"""The words of the pure kernels in the reader's language: the explanation lines of a criterion's
score (``scoring.CriterionResult.lines``, kept in ``CriterionScore.computed_detail``), the problems of a
scheme (``scoring.check_scheme``) and 样本不足 (``standings``).

The kernels import no Django, so they write Chinese text from templates marked with
``marks.gettext_noop`` (in the assessment catalogue). :func:`translate` recognises a text by its
template — the parameters are read back from the text — and gives the template's translation with
the same parameters. It works on text stored long before (the lines of a round closed last year are
the same Chinese text); a text no template makes (hand-written, or the wording of an older version) is
shown as it is. In Chinese, nothing is parsed.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from django.utils.translation import get_language, gettext

from gongkai.assessment import marks, scoring, standings

__all__ = ["translate", "translate_all"]

#: The kernels whose words are marked (importing them marks their templates).
KERNELS = (scoring, standings)

#: Parameters that are numbers (a score, a count, a percentage): they match digits only, which keeps
#: a number apart from the words around it ("A1 5分" against "扣分以本项分值5分为限").
NUMBERS = {
    "value",
    "points",
    "amount",
    "cap",
    "target",
    "max",
    "total",
    "zero",
    "full",
    "computed",
    "n",
    "sample",
}
#: The comparison symbols of ``scoring.OPS``.
SYMBOLS = "|".join(re.escape(symbol) for symbol, _test in scoring.OPS.values())
_PARAM = re.compile(r"%\((\w+)\)s|%%")


def _pattern(template: str) -> re.Pattern[str]:
    parts, seen, at = [], set(), 0
    for found in _PARAM.finditer(template):
        parts.append(re.escape(template[at : found.start()]))
        at = found.end()
        name = found.group(1)
        if name is None:
            parts.append("%")
        elif name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            if name in NUMBERS:
                parts.append(rf"(?P<{name}>-?\d+(?:\.\d+)?)")
            elif name == "symbol":
                parts.append(rf"(?P<{name}>{SYMBOLS})")
            else:
                parts.append(rf"(?P<{name}>.+?)")
    parts.append(re.escape(template[at:]))
    return re.compile("".join(parts), re.S)


@functools.cache
def _templates() -> list[tuple[re.Pattern[str], str]]:
    """Every marked template with its pattern, those with the most fixed words first (the most
    specific wins: "X 3，不扣分" is a per-unit line, not a group's part "X 3分")."""
    templates = sorted(marks.MARKED, key=lambda t: len(_PARAM.sub("", t)), reverse=True)
    return [(_pattern(t), t) for t in templates]


def _chinese() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


def translate(text: str) -> str:
    """``text`` of a kernel in the active language (as it is when no template makes it)."""
    if _chinese() or not text:
        return text
    for pattern, template in _templates():
        found = pattern.fullmatch(text)
        if found:
            words = gettext(template)
            return words % found.groupdict() if "%" in template else words
    return text


def translate_all(texts: Iterable[str]) -> list[str]:
    return [translate(str(t)) for t in texts]
