"""The annual report's part of the demo region (``gongkai demo``): two completed years of history
for a few bodies and their 政府信息公开工作年度报告 in every state (``reports``), planned body by body
in ``plans``.

The demo generator hands :func:`build` its context (``seed``, ``echo``, ``region`` with its
``bodies``, ``specs``, ``users`` and ``authors``).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.reports.demo.reports import build_reports

    with transaction.atomic():
        build_reports(context.region, seed=context.seed, echo=context.echo)


def register() -> None:
    register_demo_builder(DemoBuilder(key="reports.annual", label="年度报告", build=build, order=30))
