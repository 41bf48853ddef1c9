"""The configuration 政务信息报送 ships with (docs/SPEC.md §8), loaded by a data migration and kept
in step by ``gongkai setup``: the carriers with their length limits, the deadlines of urgent
reports, the publications above the platform's offices, and the default points rule set. Every row
is only created when missing: what an installation changed stays changed."""

from __future__ import annotations

from typing import Any

from gongkai.govinfo.points_defaults import SHIPPED_RULE_SET

#: (code, name, limit, limit kind, position): docs/SPEC.md §8.
CARRIERS = (
    ("pukan", "普刊", 200, "at_most", 1),
    ("yaoqing", "要情", 200, "about", 2),
    ("guoban", "报国办要情/综合", 150, "at_most", 3),
    ("zhuangong", "专供信息", 1500, "about", 4),
    ("jiaoliu", "政务情况交流", 3000, "about", 5),
    ("tekan", "特刊", 2000, "about", 6),
)

_DEADLINE_SOURCE = "docs/SPEC.md §8：重大事件电话报告30分钟、书面报告60分钟；其他事件不超过2小时"

#: (severity, channel, minutes).
URGENT_DEADLINES = (
    ("grave", "phone", 30),
    ("grave", "written", 60),
    ("major", "phone", 30),
    ("major", "written", 60),
    ("large", "phone", 60),
    ("large", "written", 120),
    ("ordinary", "phone", 60),
    ("ordinary", "written", 120),
)

#: Publications of the offices above the platform, whose adoptions are recorded from their notices.
EXTERNAL_PUBLICATIONS = (
    ("province-general", "省政府办公厅《政务信息》", "province", "general", "省人民政府办公厅"),
    ("province-internet", "省政府办公厅《政务信息》互联网版", "province", "internet", "省人民政府办公厅"),
    ("province-daily", "省政府办公厅《每日要情》", "province", "daily", "省人民政府办公厅"),
    ("national-general", "国务院办公厅《政务信息》", "national", "general", "国务院办公厅"),
)


def sync_shipped_data(apps: Any) -> None:
    """Create the shipped rows that are missing (``apps``: the migration's app registry)."""
    carrier = apps.get_model("govinfo", "Carrier")
    for code, name, limit, kind, position in CARRIERS:
        carrier.objects.get_or_create(
            code=code, defaults={"name": name, "limit": limit, "limit_kind": kind, "position": position}
        )
    deadline = apps.get_model("govinfo", "UrgentDeadline")
    for severity, channel, minutes in URGENT_DEADLINES:
        deadline.objects.get_or_create(
            severity=severity,
            channel=channel,
            defaults={"minutes": minutes, "source_document": _DEADLINE_SOURCE},
        )
    publication = apps.get_model("govinfo", "Publication")
    for code, name, level, edition, publisher in EXTERNAL_PUBLICATIONS:
        publication.objects.get_or_create(
            code=code,
            defaults={"name": name, "level": level, "edition": edition, "publisher_name": publisher},
        )
    rule_set = apps.get_model("govinfo", "PointsRuleSet")
    if not rule_set.objects.exists():
        rule_set.objects.create(**SHIPPED_RULE_SET)
