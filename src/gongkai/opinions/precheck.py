"""The automatic pre-check of a citizen's comment (a hint for the moderator, never a decision).

Pure functions, no Django: links and spam-like text (advertising words, a character or a phrase
repeated over and over) and personal data found by the secrecy scanner (``secrecy.scanner``). The
moderator sees the flags beside the comment and decides with a reason from the fixed list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.secrecy.scanner import PERSONAL_KINDS, scan

LINK = "link"
SPAM = "spam"
PERSONAL_DATA = "personal_data"

FLAG_LABELS = {
    LINK: "含网址链接",
    SPAM: "疑似广告或垃圾信息",
    PERSONAL_DATA: "含个人信息",
}

_LINK = re.compile(r"(https?://|www\.|[a-z0-9-]+\.(com|cn|net|org|top|xyz|vip|cc)\b)", re.I)
#: Words of the usual advertising a public comment box receives.
SPAM_WORDS = (
    "加微信",
    "加V",
    "加vx",
    "代开发票",
    "刷单",
    "兼职日结",
    "无抵押贷款",
    "低息贷款",
    "博彩",
    "彩票预测",
    "代办证件",
    "优惠促销",
)
_REPEATED_CHAR = re.compile(r"(.)\1{9,}")
_REPEATED_PHRASE = re.compile(r"(.{2,10}?)\1{4,}")


@dataclass(frozen=True)
class Flag:
    code: str
    detail: str

    @property
    def label(self) -> str:
        return FLAG_LABELS.get(self.code, self.code)


def check(text: str) -> list[Flag]:
    """The flags of ``text``: each kind at most once, with what triggered it."""
    flags: list[Flag] = []
    link = _LINK.search(text)
    if link:
        flags.append(Flag(LINK, link.group(0)))
    lowered = text.lower()
    word = next((w for w in SPAM_WORDS if w.lower() in lowered), None)
    repeated = _REPEATED_CHAR.search(text) or _REPEATED_PHRASE.search(text)
    if word or repeated:
        flags.append(Flag(SPAM, word or (repeated.group(0)[:20] if repeated else "")))
    personal = [f for f in scan(text, field="comment") if f.kind in PERSONAL_KINDS]
    if personal:
        flags.append(Flag(PERSONAL_DATA, "、".join(sorted({f.message for f in personal}))[:100]))
    return flags
