"""What the dashboards part registers: the round job that computes afresh, every hour, the figures
each supervisor's dashboard reads (``dashboards.refresh_region``) and the sections of the region's
page for every indicator (no body chosen), so that neither the first visitor of the hour nor a
supervisor switching indicators waits for a province's figures to be gathered and drawn. It
matters where the cache is shared by the web and round processes (Redis, a province's deployment);
with the embedded per-process cache the page computes on demand as before."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import translation

from gongkai.assessment import dashboards, indicators
from gongkai.assessment.staff.dashboards.views import region_sections
from gongkai.core.registry import RoundJob, register_round_job
from gongkai.orgs.models import Role, RoleName


def refresh_dashboards(today: dt.date) -> dict[str, int]:
    """Every distinct set of bodies a supervisor's region dashboard reads, for the current year
    (and, in January, the year just ended, which the dashboards still show by default to many)."""
    regions: dict[tuple[int, ...], Any] = {}
    users = get_user_model().objects.filter(
        is_active=True, pk__in=Role.objects.filter(role=RoleName.SUPERVISOR).values("user_id")
    )
    for user in users:
        ids = tuple(dashboards.dashboard_orgs(user).values_list("pk", flat=True))  # the page's order
        if ids:
            regions.setdefault(ids, user)
    years = [today.year] + ([today.year - 1] if today.month == 1 else [])
    periods = 0
    for ids, user in regions.items():
        for year in years:
            periods += prepare_region(user, year, list(ids))
    return {"regions": len(regions), "periods": periods}


def prepare_region(user: Any, year: int, ids: list[int]) -> int:
    """The figures of ``user``'s region ``ids`` for ``year`` computed afresh, then the pages a
    supervisor opens drawn from them: each indicator, no body chosen (the sections the indicators
    share — results, heat map, tree — are drawn once, with the first). Returns the periods."""
    periods = dashboards.refresh_region(year, ids)
    with translation.override(settings.LANGUAGE_CODE):
        for code in indicators.definitions():
            region_sections(user, year, code, ids, None)
    return periods


def register() -> None:
    register_round_job(
        RoundJob(
            key="assessment.dashboards",
            label="监督考核：更新考核看板指标",
            run=refresh_dashboards,
            order=90,
            count_labels={"regions": "看板范围", "periods": "计算期次"},
        )
    )
