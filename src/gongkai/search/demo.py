"""Search's part of the demo region (``gongkai demo``): the index of every public item, rebuilt
once the other builders have written their items."""

from __future__ import annotations

import time
from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from gongkai.search.indexer import rebuild_index

    started = time.perf_counter()
    indexed = rebuild_index(progress=True)
    context.echo(f"已建立检索索引：{indexed} 条公开信息，用时 {time.perf_counter() - started:.1f} 秒。")


def register() -> None:
    register_demo_builder(DemoBuilder(key="search.index", label="检索索引", build=build, order=90))
