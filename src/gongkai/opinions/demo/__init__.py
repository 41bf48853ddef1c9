"""意见征集's part of the demo region (``gongkai demo``): consultations of 宿州市教育局 in every
state the work passes through, made through the real services (``consultations``).

The demo generator hands :func:`build` its context (``seed``, ``echo``, ``region``, ``today``).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.opinions.demo.consultations import build_consultations

    with transaction.atomic():
        made = build_consultations(context.region, department=context.department, seed=context.seed)
    context.made["consultations"] = made
    context.echo(f"已生成 {made} 件意见征集（征求意见中、已截止待公布采纳情况、已公布采纳情况、待审查）。")


def register() -> None:
    register_demo_builder(DemoBuilder(key="opinions.consultations", label="意见征集", build=build, order=25))
