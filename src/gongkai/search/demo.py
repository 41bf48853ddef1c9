"""Search's part of the demo region (``gongkai demo``): the administrators' list of words (place
names of 宿州 that no body's name carries), then the index of every public item, rebuilt once the
other builders have written their items (with the vocabulary of the region's bodies, columns, class
lists and 主题词, ``search.vocabulary``)."""

from __future__ import annotations

import time
from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder

#: Places and landmarks of the demo region that are no body's name (the bodies' names give 宿州,
#: 埇桥, 符离, 砀山 … themselves).
DEMO_WORDS = (
    ("符离集", "place", "埇桥区符离镇的旧称，见于“符离集烧鸡”"),
    ("大泽乡", "place", "埇桥区大泽乡镇，秦末大泽乡起义故地"),
    ("蕲县", "place", "埇桥区蕲县镇"),
    ("皇藏峪", "place", "萧县国家森林公园"),
    ("垓下", "place", "灵璧县垓下古战场遗址"),
    ("隋唐大运河", "term", "泗县境内的通济渠故道，世界文化遗产"),
)


def build(context: Any) -> None:
    from gongkai.search.indexer import rebuild_index
    from gongkai.search.models import SearchWord

    for word, kind, note in DEMO_WORDS:
        SearchWord.objects.get_or_create(word=word, defaults={"kind": kind, "note": note})
    started = time.perf_counter()
    indexed = rebuild_index(progress=True)
    context.echo(f"已建立检索索引：{indexed} 条公开信息，用时 {time.perf_counter() - started:.1f} 秒。")


def register() -> None:
    register_demo_builder(DemoBuilder(key="search.index", label="检索索引", build=build, order=90))
