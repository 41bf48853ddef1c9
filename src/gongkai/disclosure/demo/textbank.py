"""The demo's text: a packaged sentence bank and an item generator whose bodies are the demo region's.

``data/sentences.txt`` holds the clean sentences of the five source documents of docs/SPEC.md (one per line,
extracted
once with :func:`gongkai.search.textgen.load_sentences` and committed), so the demo never reads a
machine path. :class:`DemoItemGenerator` is the search benchmark's generator with its invented bodies
replaced by the demo region's real ones, so that titles, places and document numbers (``宿教〔2021〕12号``)
name the body that publishes them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from functools import cache, cached_property
from pathlib import Path

from gongkai.search.textgen import TOPICS, GeneratedItem, ItemGenerator, Org

SENTENCES_PATH = Path(__file__).resolve().parent / "data" / "sentences.txt"

#: textgen topic name → the 主题分类 (Classification code) it belongs to.
TOPIC_CLASS = {
    "政务公开": "01",
    "财政预决算": "03",
    "扶贫": "16",
    "义务教育": "10",
    "社会救助": "16",
    "就业": "14",
    "征收": "04",
    "安全生产": "08",
    "生态环境": "09",
    "食品药品": "08",
    "卫生健康": "12",
    "社会保险": "14",
    "养老服务": "16",
    "城乡规划": "09",
    "重大建设项目": "02",
    "公共资源交易": "03",
    "涉农补贴": "05",
    "保障性住房": "09",
    "行政执法": "15",
    "人事信息": "14",
    "应急管理": "16",
    "统计信息": "02",
}

#: textgen topic name → words a fitting catalog column name contains (first match wins).
TOPIC_COLUMN_WORDS = {
    "政务公开": ("政府信息公开", "政务公开", "公告和新闻发布", "其他需主动公开"),
    "财政预决算": ("财政预决算", "财政预算", "预算、决算"),
    "扶贫": ("扶贫",),
    "义务教育": ("义务教育", "招生入学", "教育"),
    "社会救助": ("社会救助", "救助", "民生公益"),
    "就业": ("就业",),
    "征收": ("房屋征收", "土地征收", "征收"),
    "安全生产": ("安全生产", "监督检查"),
    "生态环境": ("生态环境", "环境保护"),
    "食品药品": ("食品药品",),
    "卫生健康": ("卫生健康", "医疗", "公共卫生"),
    "社会保险": ("社会保险", "社会保障"),
    "养老服务": ("养老服务",),
    "城乡规划": ("城乡规划", "规划"),
    "重大建设项目": ("重大建设项目",),
    "公共资源交易": ("公共资源交易", "集中采购"),
    "涉农补贴": ("涉农补贴",),
    "保障性住房": ("保障性住房", "危房改造"),
    "行政执法": ("行政处罚", "行政许可", "城市综合执法"),
    "人事信息": ("人事信息", "公务员招考"),
    "应急管理": ("应急",),
    "统计信息": ("统计",),
}

#: textgen audience label → 服务对象分类 code (catalog_data.AUDIENCES).
AUDIENCE_CLASS = {1: "01", 2: "03", 3: "05", 4: "06", 5: "07", 6: "08"}

_TITLE_GENRES = (("的通知", "06"), ("公告", "03"), ("意见", "05"), ("批复", "10"), ("公示", "03"))


@cache
def load_sentence_bank() -> tuple[str, ...]:
    """The packaged sentences of the source documents of docs/SPEC.md."""
    lines = SENTENCES_PATH.read_text(encoding="utf-8").splitlines()
    return tuple(line for line in (s.strip() for s in lines) if line)


def topic_name(generated: GeneratedItem) -> str:
    return TOPICS[generated.topic_class_id - 1][0]


def genre_code(generated: GeneratedItem, *, is_government: bool) -> str:
    """体裁分类 read from the title where it says (通知, 公告 …), otherwise the generator's choice;
    only a government issues 政府令."""
    for ending, code in _TITLE_GENRES:
        if ending in generated.title:
            return code
    code = f"{generated.genre_class_id:02d}"
    return "06" if code == "01" and not is_government else code


_SENTENCE_END = re.compile(r"(?<=[。！？；])")


def body_html(body: str, *, paragraph_chars: int = 160) -> tuple[str, str]:
    """Generated plain text → (sanitized-equivalent HTML body, its plain text).

    Sentences are grouped into paragraphs; the plain text is exactly what
    ``html_to_text(body_html)`` gives, so no per-item sanitizing is needed on the fast path.
    """
    paragraphs: list[str] = []
    current = ""
    for sentence in _SENTENCE_END.split(body):
        if not sentence:
            continue
        current += sentence
        if len(current) >= paragraph_chars:
            paragraphs.append(current)
            current = ""
    if current:
        paragraphs.append(current)
    paragraphs = [p.strip() for p in paragraphs if p.strip()]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs), "\n".join(paragraphs)


def summary_of(title: str, text: str, keywords: Sequence[str] = (), limit: int = 120) -> str:
    """内容概述: the first sentence of the body that is about the item's keywords, else the title."""
    for sentence in _SENTENCE_END.split(text):
        sentence = sentence.strip()
        if sentence and any(k in sentence for k in keywords):
            return sentence if len(sentence) <= limit else sentence[: limit - 1] + "…"
    return title


class DemoItemGenerator(ItemGenerator):
    """The benchmark generator over the demo region's bodies and the packaged sentence bank.

    ``bodies`` are (name, place, document-number prefix) in publishing-activity order: the
    generator lets the first bodies publish most.
    """

    FIRST_DAY = dt.date(2008, 5, 1)

    def __init__(self, *, seed: int, bodies: Sequence[tuple[str, str, str]], last_day: dt.date) -> None:
        self._bodies = list(bodies)
        self.LAST_DAY = last_day  # instance attribute shadows the class constant before __init__ uses it
        super().__init__(
            seed=seed, n_orgs=len(self._bodies), columns_per_org=1, sentences=list(load_sentence_bank())
        )

    @cached_property
    def orgs(self) -> list[Org]:
        return [
            Org(id=i + 1, name=name, place=place, prefix=prefix)
            for i, (name, place, prefix) in enumerate(self._bodies)
        ]
