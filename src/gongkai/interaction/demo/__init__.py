"""互动's part of the demo region (``gongkai demo``): messages to the region's bodies in every state,
made through the real services on dates in the past (``messages``).

The demo generator hands :func:`build` its context (``seed``, ``echo``, ``today``, ``region`` with
its ``bodies`` and ``users``).
"""

from __future__ import annotations

from typing import Any

from gongkai.core.registry import DemoBuilder, register_demo_builder


def build(context: Any) -> None:
    from django.db import transaction

    from gongkai.interaction.demo.messages import build_messages

    with transaction.atomic():
        context.made["messages"] = build_messages(context.region, today=context.today, echo=context.echo)


def register() -> None:
    register_demo_builder(
        DemoBuilder(key="interaction.messages", label="互动交流留言", build=build, order=25)
    )
