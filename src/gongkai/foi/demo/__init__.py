"""Disclosure on request's part of the demo region (``gongkai demo``): requests for information in
every state and with every outcome (``requests``), made through the real services.

The demo generator hands :func:`build` its context (``seed``, ``echo``, ``region`` with its
``bodies`` and ``users``).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.foi.demo.requests import build_requests

    with transaction.atomic():
        build_requests(context.region, seed=context.seed, echo=context.echo)


def register() -> None:
    register_demo_builder(DemoBuilder(key="foi.requests", label="依申请公开申请", build=build, order=20))
