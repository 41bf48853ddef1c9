"""政务信息报送's part of the demo region (``gongkai demo``): a year of information work of the units
reporting to 市政府办公室 (``build``), with its texts written from the units' lines of work
(``topics``, ``texts``).

The demo generator hands :func:`build` its context (``seed``, ``today``, ``echo``, ``region`` with its
``bodies``, ``specs`` and ``users``).
"""

from __future__ import annotations

import time
from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.govinfo.demo.build import GovinfoDemo

    started = time.perf_counter()
    with transaction.atomic():
        demo = GovinfoDemo(context)
        demo.build()
    made = demo.made
    adoptions = made.get("adoptions", 0) + made.get("adoptions_above", 0)
    context.echo(
        f"已生成政务信息报送：{len(demo.orgs)} 个报送单位，{made.get('submissions', 0)} 条信息，"
        f"{made.get('issues', 0)} 期刊物，{adoptions} 条采用记录，"
        f"{made.get('instructions', 0)} 条领导批示，用时 {time.perf_counter() - started:.1f} 秒。"
    )


def register() -> None:
    register_demo_builder(DemoBuilder(key="govinfo.year", label="政务信息报送", build=build, order=40))
