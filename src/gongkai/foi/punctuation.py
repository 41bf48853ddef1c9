"""Free text joined into a letter's sentences without doubled punctuation (no ``。”。``, ``。。``, ``，。``).

Pure: no Django. A letter quotes what the applicant wrote (``申请获取：“……”。``) and continues
sentences with what staff typed (reasons, a payment method, the body to apply to). Either may
already end with a full stop or a comma. The rule of GB/T 15834-2011《标点符号用法》 (4.1, 4.3 and
附录 B.1.1): a quotation that is *part* of the sentence keeps the sentence's own stop outside the
closing quotation mark, and the quoted text's terminal stop is dropped; nested quotation marks
inside a double-quoted text become single ones (‘’). So each joint is made here, once:

* :func:`quoted` — ``“…”`` with the inner terminal stop dropped (the template adds the ``。``);
* :func:`clause` — text that the template continues (``由{clause}负责公开``, ``缴纳方式：{clause}。``);
* :func:`sentence` — text that stands as its own sentence, ending with exactly one stop.

:func:`slips` lists what is left wrong in a finished text; the letters' tests use it on every kind.
"""

from __future__ import annotations

import re

__all__ = ["SLIPS", "clause", "quoted", "sentence", "slips"]

#: Marks that end a sentence (full-width and ASCII).
SENTENCE_END = "。！？；.!?;"
#: Marks that end a clause: a template's own punctuation must not follow them.
CLAUSE_END = SENTENCE_END + "，,、：:"
#: Closing marks after which a sentence may end without a full stop of its own (``……（见附件）``).
_CLOSERS = "）)”’》」』"

#: Doubled punctuation a generated letter must never contain.
SLIPS = re.compile(r"[。！？；.!?;]”[。！？；，]|[。！？；，、：][。；，]|。\.|；。")


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").replace("\r\n", "\n").splitlines() if line.strip()]


def clause(text: str) -> str:
    """One line, trimmed, without trailing sentence or clause punctuation: the caller punctuates."""
    line = " ".join(" ".join(_lines(text)).split())
    return line.rstrip(CLAUSE_END + " ")


def quoted(text: str) -> str:
    """``“text”`` as part of a sentence: the inner terminal stop dropped, inner “” turned to ‘’.

    >>> quoted("请提供2025年招生文件。")
    '“请提供2025年招生文件”'
    """
    inner = clause(text).replace("“", "‘").replace("”", "’")
    return f"“{inner}”"


def sentence(text: str) -> str:
    """Free text as its own sentence(s): lines trimmed, ending with one stop.

    A trailing comma, 顿号 or colon becomes the full stop; a text already ending with a stop, or with a
    closing bracket or quotation mark, is left as it is.
    """
    text = "\n".join(_lines(text))
    if not text:
        return ""
    if text[-1] in SENTENCE_END or text[-1] in _CLOSERS:
        return text
    return text.rstrip(CLAUSE_END + " ") + "。"


def slips(text: str) -> list[str]:
    """The doubled punctuation in ``text`` (``。”。``, ``。。``, ``，。`` …), each with its neighbours."""
    return [text[max(m.start() - 6, 0) : m.end() + 2] for m in SLIPS.finditer(text)]
