from typing import Any

from django.apps import AppConfig


def _refresh_statistics(context: Any) -> None:
    from gongkai.core.database import refresh_statistics

    refresh_statistics()


class DemoConfig(AppConfig):
    name = "gongkai.demo"
    verbose_name = "演示数据"

    def ready(self) -> None:
        from gongkai.core.registry import DemoBuilder, register_demo_builder

        # Current planner statistics once the data is written, before the search index reads it.
        register_demo_builder(
            DemoBuilder(key="demo.statistics", label="数据库统计信息", build=_refresh_statistics, order=80)
        )
