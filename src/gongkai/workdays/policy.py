"""Who may change the working-day calendar, and which years still lack their holiday notice (docs/SPEC.md §5).

The calendar is one for the whole installation: every deadline of every body is counted on it. So
only the people responsible for the whole installation change it — superusers, and the
organization administrators (机构管理员) of an organization at the top of the tree (no parent: the
people's government of the region). Every member of staff may look at it.

A year no State Council notice covers yet is counted provisionally (from 《全国年节及纪念日放假办法》).
:func:`missing_notice_years` tells administrators which notices they should enter: the current
year's, next year's from November on (the notice usually appears in November or December), and any
year an open request's due date falls in.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import RoleName
from gongkai.workdays.kernel import Calendar

#: From this month on, next year's notice is due (the State Council publishes it in Nov–Dec).
NOTICE_SEASON_MONTH = 11


def can_view_calendar(user: Any) -> bool:
    """Every signed-in member of staff may read the calendar (the back office shows its 工作日历
    entry to them); :func:`can_edit_calendar` says who may change it."""
    return bool(getattr(user, "is_authenticated", False))


def can_edit_calendar(user: Any) -> bool:
    """Superusers, and organization administrators of a top-level organization (no parent)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    return org_policy.organizations_for(user, RoleName.ORG_ADMIN).filter(parent__isnull=True).exists()


@dataclass(frozen=True)
class MissingNotice:
    """A year whose State Council holiday notice is not entered yet, and why it matters now."""

    year: int
    current_year: bool = False  # today's own deadlines are provisional
    season: bool = False  # November/December: next year's notice is due
    open_requests: int = 0  # open requests whose due date falls in that year

    @property
    def message(self) -> str:
        parts = [f"{self.year}年的国务院办公厅部分节假日安排通知尚未录入"]
        if self.current_year:
            parts.append("本年度的工作日目前按法定节假日暂定推算")
        elif self.season:
            parts.append("下一年度的放假安排通知通常于每年11—12月发布，请在发布后及时录入")
        if self.open_requests:
            parts.append(f"{self.open_requests}件未办结申请的答复期限落在{self.year}年，目前为暂定")
        return "，".join(parts) + "。"


def provisional_open_requests() -> dict[int, int]:
    """Open cases per year their date is provisional in (as the apps registered it in
    ``workdays.dependents``: foi counts its open requests)."""
    from gongkai.workdays.dependents import provisional_counts

    return provisional_counts()


def missing_notice_years(
    calendar: Calendar, today: dt.date, open_requests: Mapping[int, int] | None = None
) -> list[MissingNotice]:
    """The years administrators should enter a notice for, soonest first.

    ``open_requests`` maps year → open requests with a provisional due date in it (queried when not
    given). A year already covered (package data or an entered notice) is never listed, even if a
    request's stored flag has not been recomputed yet.
    """
    if open_requests is None:
        open_requests = provisional_open_requests()
    years: dict[int, dict[str, Any]] = {}
    if not calendar.is_covered(today.year):
        years.setdefault(today.year, {})["current_year"] = True
    if today.month >= NOTICE_SEASON_MONTH and not calendar.is_covered(today.year + 1):
        years.setdefault(today.year + 1, {})["season"] = True
    for year, count in open_requests.items():
        if count and not calendar.is_covered(year):
            years.setdefault(year, {})["open_requests"] = count
    return [MissingNotice(year=year, **flags) for year, flags in sorted(years.items())]
