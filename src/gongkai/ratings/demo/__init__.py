"""Ratings' part of the demo region (``gongkai demo``): a few hundred 社会评议 of the region's
bodies and of their published items over the last six months (``ratings``)."""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.ratings.demo.ratings import build_ratings

    with transaction.atomic():
        made = build_ratings(context.region, seed=context.seed, today=context.today)
    context.made["ratings"] = made
    context.echo(f"社会评议：{made} 条评价。")


def register() -> None:
    register_demo_builder(DemoBuilder(key="ratings.ratings", label="社会评议", build=build, order=60))
