"""The assessment part of the demo region (``gongkai demo``): the city's rounds — last year's
finished with its 通报, the last quarter's being scored, this year's open (``demo/rounds.py``)."""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.assessment.demo.rounds import build_rounds

    with transaction.atomic():
        made = build_rounds(context)
    context.made["assessment_rounds"] = made
    context.echo(f"监督考核：{made} 次考核（上年度已确定并通报，上季度评分中，本年度自查中）。")


def register() -> None:
    # After every app whose records the indicators read (items, requests, messages, ratings,
    # annual reports, 政务信息).
    register_demo_builder(DemoBuilder(key="assessment.rounds", label="监督考核", build=build, order=80))
    from gongkai.assessment.demo import surveys

    surveys.register()  # 民主评议 (order 79, before the rounds)
