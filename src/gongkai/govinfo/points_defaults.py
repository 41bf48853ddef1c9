"""The shipped points rule set (docs/SPEC.md §8), read by the pure kernel ``govinfo.points``.

The source papers of docs/SPEC.md §8 (吕梁's third-quarter figures): 《吕梁政务信息●普刊》 23 items =
23 points (1 each, the city's general issue), 《晋政信息●普刊》 9 items = 36 points (4 each, the
provincial general issue), 《晋政信息●互联网》 8 items = 16 points (2 each, its internet edition).
The rest is common practice recorded in docs/SPEC.md §8: instructions +20 (district/county leader),
+40 (city), +80 (province); items forwarded upward and adopted there multiplied ×2 (province) and
×5 (国办); joint items split evenly; 迟报 named in a superior's notice −100, 漏报/瞒报 −200,
信息失实 −50…−100; missing 2 or more commissions zeroes the year; tiered monthly quotas 6/5/3/2; at
least 2 items a week per officer; docs/SPEC.md §8's appraisal (from its source papers): missing
the monthly task in 2 months bars 优秀, in 3 months or 10 items short in total rates 不称职.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

SHIPPED_RULES: dict[str, Any] = {
    # Points per adoption, by the publication's level and edition (models.PublicationLevel, Edition).
    "adoption": {
        "county": {"general": 1, "internet": 1, "daily": 1, "special": 1, "brief": 1},
        "city": {"general": 1, "internet": 1, "daily": 1, "special": 2, "brief": 1},
        "province": {"general": 4, "internet": 2, "daily": 4, "special": 4, "brief": 2},
        "national": {"general": 8, "internet": 4, "daily": 8, "special": 8, "brief": 4},
    },
    # An item forwarded (转报) by the section above and adopted at this level: points multiplied.
    "forward_multiplier": {"province": 2, "national": 5},
    # An instruction on an item, by the leader's level (models.LeaderLevel).
    "instruction": {"county": 20, "city": 40, "province": 80, "national": 80},
    # Penalties by kind (models.PenaltyKind): the default, and the range a desk may record.
    "penalty": {
        "late": {"default": -100, "min": -100, "max": -100},
        "missed": {"default": -200, "min": -200, "max": -200},
        "concealed": {"default": -200, "min": -200, "max": -200},
        "false": {"default": -50, "min": -100, "max": -50},
    },
    # Missing this many commissions (约稿通知 with a deadline) in a year sets the year's score to 0.
    "missed_commissions_zero_year": 2,
    # Monthly quota tiers (items a month) and the per-officer weekly minimum.
    "quota_tiers": {"一档": 6, "二档": 5, "三档": 3, "四档": 2},
    "officer_weekly_minimum": 2,
    # Appraisal (docs/SPEC.md §8, from its source papers): months short that bar 优秀; months short,
    # or total shortfall, that rate 不称职.
    "appraisal": {"bar_excellent_months": 2, "unfit_months": 3, "unfit_shortfall": 10},
}

SHIPPED_RULE_SET = {
    "name": "政务信息计分办法（默认）",
    "effective_from": dt.date(2020, 1, 1),
    "source_document": (
        "吕梁市政务信息采用计分通报（普刊1分、省普刊4分、省互联网版2分）及各地通行做法（docs/SPEC.md §8）"
    ),
    "rules": SHIPPED_RULES,
}
