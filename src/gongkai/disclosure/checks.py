"""Start-up check of the 索引号 pattern (``gongkai serve`` and ``manage check`` report it).

A pattern the parser refuses would otherwise only fail at the first publication, for every item.
"""

from __future__ import annotations

from typing import Any

from django.core import checks

from gongkai.core.conf import conf
from gongkai.disclosure.index_numbers import IndexPattern


def check_index_number_pattern(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    value = conf().get("INDEX_NUMBER_PATTERN", "")
    try:
        IndexPattern(str(value))
    except ValueError as error:
        return [
            checks.Error(
                f"索引号格式设置 GONGKAI_INDEX_NUMBER_PATTERN 无效：{error}",
                hint="默认格式为 {unit_code}/{year}-{serial:05d}；可用的占位符："
                "{unit_code} {year} {month} {serial} {region} {class_code}。",
                id="gongkai.E301",
            )
        ]
    return []


def register() -> None:
    checks.register(check_index_number_pattern)
