"""Active disclosure's part of the demo region (``gongkai demo``): the information items.

Most items are written by the bulk fast path (``bulk``: published over the years, with correct
索引号), the showcase (``special``: every workflow state, through the real services) is made in the
demo department, where every demo account holds its role. The text comes from ``textbank`` and its
packaged sentence bank (``data/sentences.txt``).

The demo generator hands :func:`build` its context: ``seed``, ``size`` (how many items in all),
``echo``, ``region`` (``bodies``, ``specs``, ``users``, ``authors``), ``department`` (the slug of
the demo department), ``today`` and ``made`` (what the builders made, for the demo's audit record).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder

#: How many showcase items the workflow path creates (the bulk path makes up the rest).
SHOWCASE_ITEMS = 49


def build(context: Any) -> None:
    """The bulk items first (published before today), then the showcase (published today)."""
    from django.db import transaction
    from tqdm import tqdm

    from gongkai.disclosure.demo.bulk import build_bulk_items
    from gongkai.disclosure.demo.special import build_showcase

    region, seed = context.region, context.seed
    last_day = context.today - dt.timedelta(days=1)
    bulk_count = max(0, context.size - SHOWCASE_ITEMS)
    started = time.perf_counter()
    with tqdm(total=bulk_count, unit="条", desc="生成政府信息", disable=bulk_count == 0) as bar:
        written = build_bulk_items(
            region, count=bulk_count, seed=seed, last_day=last_day, progress=bar.update
        )
    seconds = time.perf_counter() - started
    with transaction.atomic():
        showcase = build_showcase(region, department=context.department, seed=seed)
        missing = context.size - written - showcase
        if missing > 0:  # the showcase came out smaller than planned: top up after it
            written += build_bulk_items(
                region, count=missing, seed=seed, last_day=last_day, offset=bulk_count
            )
    context.made.update(items=written + showcase, bulk_items=written)
    rate = f"，{written / seconds:,.0f} 条/秒" if written and seconds else ""
    context.echo(
        f"已生成 {written + showcase} 条信息（其中流程演示 {showcase} 条；"
        f"批量 {written} 条，用时 {seconds:.1f} 秒{rate}）。"
    )


def register() -> None:
    register_demo_builder(DemoBuilder(key="disclosure.items", label="政府信息", build=build, order=10))
