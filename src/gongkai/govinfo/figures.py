"""The figures of 政务信息报送's dashboards (信息统计, docs/SPEC.md §8: "quotas per unit (e.g. at least 2
items a week) and per officer; monthly/quarterly/yearly rankings"; its papers: "信息采用通报制 … 按月或按
季度通报", "要求各县区和市直部门每周至少报送2条信息", "兼职信息员每周报送信息不得少于2条").

What is counted, and said so on the pages:

- **报送** (submitted): a submission whose 报送时间 (``submitted_at``) falls in the period and whose
  state is one ``govinfo.scoring`` counts (``COUNTED_STATES``: submitted, received, reserved,
  adopted, merged — not returned, withdrawn or unsent), so the dashboards and the rankings agree.
- **采用** (adopted): of those, the ones adopted (``Adoption``) by any publication at any level —
  the office's own issues, the publications above recorded automatically or by hand — whenever the
  adoption happened. An adoption is counted in the month the item was *submitted*, so a month's
  采用 never exceeds its 报送.
- **采用率** (adoption rate): 采用 / 报送 of the same period, per unit and overall.
- **分级采用** (adoptions by level): the submissions of the period adopted at least once at each level
  (县级、市级、省级、国办); an item adopted at two levels counts once in each.

An office's table counts what was sent to it (``recipient``), grouped by the submitting unit; a
unit's dashboard counts its own submissions (not the copies an office forwarded upward). Points and
ranks come from ``govinfo.scoring`` (helper D1's part); until it answers they are shown as missing.

Every figure is one aggregate query over the period (twelve conditional counts over month ranges,
as ``reports.statistics`` does: ``ExtractMonth`` converts every row's time zone in Python on
SQLite), never a query per unit. The benchmark calls :func:`unit_dashboard` (a unit's dashboard)
and :func:`office_figures` (an office's table).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from gongkai.govinfo import access, policy
from gongkai.govinfo.models import (
    Adoption,
    Author,
    PointsRuleSet,
    PublicationLevel,
    Submission,
    UnitQuota,
)
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization, Role, RoleName

MONTHS = range(1, 13)
MONTH_LABELS = tuple(f"{m}月" for m in MONTHS)
#: The levels of adoption, lowest first (``PublicationLevel``).
LEVELS: tuple[str, ...] = tuple(PublicationLevel.values)
LEVEL_LABELS: dict[str, str] = {value: str(label) for value, label in PublicationLevel.choices}
#: What a drill-down lists: every counted submission, the adopted ones, or those adopted at a level.
WHATS: tuple[str, ...] = ("submitted", "adopted", *LEVELS)
WHAT_LABELS: dict[str, str] = {
    "submitted": "报送",
    "adopted": "采用",
    **{level: f"{label}采用" for level, label in PublicationLevel.choices},
}

#: How long a unit's points by month and an office's ranks of a month are kept (seconds): new records
#: change the key at once (``scoring_fingerprint``); edits and deletions show within this time.
CACHE_SECONDS = 300

DEFINITION = (
    "报送：报送时间在统计期内、已报送且未被退回或撤回的稿件（已签收、储备、已采用、已合并的均计入，"
    "与积分排名的口径一致）。采用：其中被任何层级的任何刊物采用过的稿件（本级刊物、上级刊物的自动或"
    "手工登记采用均算，不论采用日期），计入报送当月。采用率＝采用条数÷报送条数。"
    "分级采用：在县级、市级、省级、国办刊物各被采用过的稿件条数（同一稿件在两级被采用，两级各计一次）。"
    "积分按采用、批示、扣分的日期计入当月（计分规则）。"
)


# -- periods ------------------------------------------------------------------------------------------


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day))


def month_bounds(year: int) -> list[dt.datetime]:
    """The thirteen aware instants (local time) that bound the twelve months of ``year``."""
    return [_aware(dt.date(year, m, 1)) for m in MONTHS] + [_aware(dt.date(year + 1, 1, 1))]


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """The first and the last day of a month."""
    first = dt.date(year, month, 1)
    following = dt.date(year + 1, 1, 1) if month == 12 else dt.date(year, month + 1, 1)
    return first, following - dt.timedelta(days=1)


@dataclass(frozen=True)
class Week:
    """An ISO week (Monday to Sunday) of an ISO year: week 1 holds the year's first Thursday."""

    number: int
    monday: dt.date

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def month(self) -> int:
        """The month the week belongs to: its Thursday's (so every week is in exactly one month)."""
        return (self.monday + dt.timedelta(days=3)).month

    @property
    def label(self) -> str:
        start, end = self.monday, self.sunday
        return f"第{self.number}周（{start.month}.{start.day}—{end.month}.{end.day}）"


def weeks_of(year: int) -> list[Week]:
    """The ISO weeks of ``year`` (52 or 53), each seven days (an officer's weekly minimum is per week;
    the days of 1 January that belong to the previous ISO year are counted there)."""
    monday = dt.date.fromisocalendar(year, 1, 1)
    count = dt.date(year, 12, 28).isocalendar().week
    return [Week(n, monday + dt.timedelta(weeks=n - 1)) for n in range(1, count + 1)]


# -- who opens which dashboard ---------------------------------------------------------------------


def dashboard_offices(user: Any) -> QuerySet[Organization]:
    """The offices whose information-section dashboard ``user`` opens: their desk's (信息科编辑) and,
    read-only, the competent authorities of the regions they supervise."""
    if not getattr(user, "is_authenticated", False):
        return Organization.objects.none()
    supervised = org_policy.supervised_orgs(user).filter(is_competent_authority=True)
    return Organization.objects.filter(
        Q(pk__in=policy.desk_offices(user).values("pk")) | Q(pk__in=supervised.values("pk"))
    ).order_by("path")


def can_open_office(user: Any, office: Organization) -> bool:
    return dashboard_offices(user).filter(pk=office.pk).exists()


def own_units(user: Any) -> QuerySet[Organization]:
    """The units whose dashboard ``user`` opens as their 信息员 or 签发人."""
    return Organization.objects.filter(pk__in=access.unit_ids(user)).order_by("path")


def can_open_dashboards(user: Any) -> bool:
    return bool(access.unit_ids(user)) or dashboard_offices(user).exists()


def can_open_unit(user: Any, unit: Organization) -> bool:
    """A unit's dashboard: its own 信息员 and 签发人; the desk editors of the office it reports to; the
    supervisors of a region it belongs to."""
    if unit.pk in access.unit_ids(user) or getattr(user, "is_superuser", False):
        return True
    if org_policy.supervised_orgs(user).filter(pk=unit.pk).exists():
        return True
    office = hierarchy.reports_to(unit)
    return office is not None and policy.can_use_desk(user, office)


# -- an office's table -------------------------------------------------------------------------------


@dataclass
class UnitRow:
    """A unit's line of an office's table (``organization`` is None for the totals line)."""

    organization: Organization | None
    submitted: list[int] = field(default_factory=lambda: [0] * 12)
    adopted: list[int] = field(default_factory=lambda: [0] * 12)
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))

    @property
    def label(self) -> str:
        return self.organization.name if self.organization is not None else "合计"

    @property
    def total_submitted(self) -> int:
        return sum(self.submitted)

    @property
    def total_adopted(self) -> int:
        return sum(self.adopted)

    @property
    def rate(self) -> float | None:
        """采用率 (a fraction), None when nothing was submitted."""
        return adoption_rate(self.total_adopted, self.total_submitted)

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def level_counts(self) -> list[int]:
        return [self.levels[level] for level in LEVELS]


def adoption_rate(adopted: int, submitted: int) -> float | None:
    return adopted / submitted if submitted else None


def percent(rate: float | None) -> str:
    """A rate as a percentage with one decimal (0.25 → "25.0%"); no rate → "—"."""
    return "—" if rate is None else f"{rate * 100:.1f}%"


@dataclass
class OfficeFigures:
    office: Organization
    year: int
    rows: list[UnitRow]
    totals: UnitRow

    @property
    def no_submission(self) -> list[UnitRow]:
        """The units that sent nothing in the year (flagged, docs/SPEC.md §8)."""
        return [r for r in self.rows if not r.total_submitted]


def counted(qs: QuerySet[Submission]) -> QuerySet[Submission]:
    """The submissions that count as 报送 (see the module docstring)."""
    from gongkai.govinfo.scoring import COUNTED_STATES

    return qs.filter(submitted_at__isnull=False, state__in=COUNTED_STATES)


def _adopted() -> Exists:
    return Exists(Adoption.objects.filter(submission=OuterRef("pk")))


def _monthly_counts(year: int, prefix: str) -> dict[str, Any]:
    """Twelve conditional counts (``<prefix>1`` … ``<prefix>12``) of the rows by month of
    ``submitted_at``. The adopted ones are counted by a second query with the adoption test in its
    WHERE (one semi-join over the adoptions), not in each of the twelve FILTERs (on PostgreSQL,
    twelve scans of the adoptions)."""
    bounds = month_bounds(year)
    return {
        f"{prefix}{m}": Count("id", filter=Q(submitted_at__gte=bounds[m - 1], submitted_at__lt=bounds[m]))
        for m in MONTHS
    }


def _in_year(qs: QuerySet[Submission], year: int) -> QuerySet[Submission]:
    bounds = month_bounds(year)
    return counted(qs).filter(submitted_at__gte=bounds[0], submitted_at__lt=bounds[-1])


def units_of(office: Organization) -> list[Organization]:
    """The units reporting to ``office`` (``govinfo.scoring.units_of``: not the office itself nor its
    own government)."""
    from gongkai.govinfo import scoring

    return list(scoring.units_of(office))


def office_figures(office: Organization, year: int) -> OfficeFigures:
    """Submissions and adoptions per unit and month, the adoption rate and the adoptions by level,
    for the submissions sent to ``office`` in ``year`` (three aggregate queries and the unit list)."""
    received = _in_year(Submission.objects.filter(recipient=office), year)
    grouped = received.order_by().values("organization_id").annotate(**_monthly_counts(year, "s"))
    adopted: dict[int, dict[str, Any]] = {
        row["organization_id"]: dict(row)
        for row in received.filter(_adopted())
        .order_by()
        .values("organization_id")
        .annotate(**_monthly_counts(year, "a"))
    }
    levels = (
        Adoption.objects.filter(submission__in=received.values("pk"))
        .order_by()
        .values("submission__organization_id", "level")
        .annotate(n=Count("submission_id", distinct=True))
    )
    units = units_of(office)
    rows: dict[int, UnitRow] = {u.pk: UnitRow(u) for u in units}
    extra: list[int] = []
    for g in grouped:
        counts: dict[str, Any] = dict(g)
        org_id = counts["organization_id"]
        row = rows.get(org_id)
        if row is None:
            row = rows[org_id] = UnitRow(None)
            extra.append(org_id)
        row.submitted = [counts[f"s{m}"] for m in MONTHS]
        found = adopted.get(org_id)
        row.adopted = [found[f"a{m}"] if found else 0 for m in MONTHS]
    for lv in levels:
        org_id = lv["submission__organization_id"]
        if org_id in rows and lv["level"] in LEVELS:
            rows[org_id].levels[lv["level"]] = lv["n"]
    if extra:  # a body that sent items here although the tree no longer says it reports here
        for org in Organization.objects.filter(pk__in=extra):
            rows[org.pk].organization = org
    ordered = [rows[u.pk] for u in units] + sorted(
        (rows[i] for i in extra), key=lambda r: r.organization.path if r.organization else ""
    )
    return OfficeFigures(office=office, year=year, rows=ordered, totals=_sum(ordered))


def _sum(rows: Iterable[UnitRow]) -> UnitRow:
    total = UnitRow(None)
    for r in rows:
        total.submitted = [a + b for a, b in zip(total.submitted, r.submitted, strict=True)]
        total.adopted = [a + b for a, b in zip(total.adopted, r.adopted, strict=True)]
        for level in LEVELS:
            total.levels[level] += r.levels[level]
    return total


# -- points and ranks (govinfo.scoring, helper D1) -------------------------------------------------


def standings(office: Organization, start: dt.date, end: dt.date) -> list[Any] | None:
    """``govinfo.scoring.standings`` of the period, or None while scoring does not answer."""
    from gongkai.govinfo import scoring

    try:
        return list(scoring.standings(office, start, end))
    except NotImplementedError:
        return None


def points_lines(office: Organization, unit: Organization, start: dt.date, end: dt.date) -> list[Any] | None:
    """``govinfo.scoring.points_lines`` (the records behind a unit's points), or None."""
    from gongkai.govinfo import scoring

    try:
        return list(scoring.points_lines(office, unit, start, end))
    except NotImplementedError:
        return None


def year_standings(office: Organization, year: int) -> list[Any] | None:
    return standings(office, dt.date(year, 1, 1), dt.date(year, 12, 31))


# -- a unit's dashboard ------------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitMonth:
    month: int
    submitted: int
    adopted: int
    quota: int | None
    points: Decimal | None
    #: The month has ended (its shortfall is final); the current month is still running.
    ended: bool
    started: bool

    @property
    def label(self) -> str:
        return MONTH_LABELS[self.month - 1]

    @property
    def shortfall(self) -> int | None:
        """Items short of the quota in an ended month (0 when met); None without a quota or before
        the month has ended."""
        if self.quota is None or not self.ended:
            return None
        return max(0, self.quota - self.submitted)


@dataclass(frozen=True)
class OfficerWeeks:
    user_id: int
    name: str
    counts: tuple[int, ...]  # one per week of weeks_of(year)
    #: Weeks that have ended below the minimum.
    weeks_short: int
    total: int


@dataclass(frozen=True)
class Rank:
    month: int
    rank: int
    of: int
    tied: bool


@dataclass
class UnitDashboard:
    unit: Organization
    office: Organization | None
    year: int
    today: dt.date
    months: list[UnitMonth]
    weeks: list[Week]
    weekly_minimum: int
    officers: list[OfficerWeeks]
    rank: Rank | None
    points_available: bool

    @property
    def total_submitted(self) -> int:
        return sum(m.submitted for m in self.months)

    @property
    def total_adopted(self) -> int:
        return sum(m.adopted for m in self.months)

    @property
    def rate(self) -> float | None:
        return adoption_rate(self.total_adopted, self.total_submitted)

    @property
    def rate_text(self) -> str:
        return percent(self.rate)

    @property
    def total_quota(self) -> int | None:
        quotas = [m.quota for m in self.months if m.ended and m.quota is not None]
        return sum(quotas) if quotas else None

    @property
    def total_shortfall(self) -> int | None:
        """Items short in total over the ended months (docs/SPEC.md §8: 累计差10条 rates 不称职)."""
        shorts = [m.shortfall for m in self.months if m.shortfall is not None]
        return sum(shorts) if shorts else None

    @property
    def months_short(self) -> int:
        """Ended months below the quota (docs/SPEC.md §8: 2 months bar 优秀, 3 rate 不称职)."""
        return sum(1 for m in self.months if m.shortfall)

    @property
    def total_points(self) -> Decimal | None:
        if not self.points_available:
            return None
        return sum((m.points or Decimal(0) for m in self.months), Decimal(0))


def quota_of_month(quotas: list[UnitQuota], year: int, month: int) -> int | None:
    """The monthly quota in force for a month: the latest ``UnitQuota`` effective on or before the
    month's last day (a tier set on 10 March applies to March)."""
    last = month_range(year, month)[1]
    current = None
    for q in sorted(quotas, key=lambda q: q.effective_from):
        if q.effective_from <= last:
            current = q.monthly_items
    return current


def rules_on(day: dt.date) -> dict[str, Any]:
    """The points rules in force on ``day`` (the shipped rules when no rule set is recorded)."""
    rule_set = PointsRuleSet.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    return dict(rule_set.rules) if rule_set is not None else dict(SHIPPED_RULES)


def latest_month(year: int, today: dt.date) -> int | None:
    """The latest month of ``year`` that has begun (December for a past year, None for a future one)."""
    if year < today.year:
        return 12
    if year == today.year:
        return today.month
    return None


def unit_dashboard(unit: Organization, year: int, *, today: dt.date | None = None) -> UnitDashboard:
    """A unit's figures of ``year``: month by month submitted against its quota (``UnitQuota``),
    adopted and points; its rank in the latest month among the units of its office; its officers'
    weekly counts against the weekly minimum of the rules in force. The function the benchmark calls
    for "a unit's dashboard"."""
    today = today or timezone.localdate()
    office = hierarchy.reports_to(unit)
    own = _in_year(Submission.objects.filter(organization=unit, forwarded_from__isnull=True), year)
    counts = own.order_by().aggregate(**_monthly_counts(year, "s"))
    counts.update(own.filter(_adopted()).order_by().aggregate(**_monthly_counts(year, "a")))
    quotas = list(UnitQuota.objects.filter(organization=unit))
    fingerprint = scoring_fingerprint()
    by_month = _points_by_month(office, unit, year, today, fingerprint) if office is not None else None
    months = []
    for m in MONTHS:
        first, last = month_range(year, m)
        months.append(
            UnitMonth(
                month=m,
                submitted=counts[f"s{m}"] or 0,
                adopted=counts[f"a{m}"] or 0,
                quota=quota_of_month(quotas, year, m),
                points=by_month[m - 1] if by_month is not None else None,
                ended=last < today,
                started=first <= today,
            )
        )
    rules = rules_on(min(today, dt.date(year, 12, 31)))
    minimum = int(rules.get("officer_weekly_minimum", SHIPPED_RULES["officer_weekly_minimum"]))
    weeks = weeks_of(year)
    return UnitDashboard(
        unit=unit,
        office=office,
        year=year,
        today=today,
        months=months,
        weeks=weeks,
        weekly_minimum=minimum,
        officers=officer_weeks(unit, weeks, minimum, today),
        rank=_rank(office, unit, year, today, fingerprint),
        points_available=by_month is not None,
    )


def scoring_fingerprint() -> str:
    """What the points depend on, cheaply: the newest row of every table ``govinfo.scoring`` reads
    (each a MAX over the primary key). A new adoption, instruction, penalty, credited unit, issue entry
    or rule set changes it; an edit or a deletion is picked up when the cached entry expires
    (``CACHE_SECONDS``)."""
    from gongkai.govinfo.models import CreditedUnit, Instruction, IssueEntry, Penalty

    parts = []
    for model in (Adoption, Instruction, Penalty, CreditedUnit, IssueEntry, PointsRuleSet):
        parts.append(str(model.objects.aggregate(m=Max("pk"))["m"] or 0))
    return ".".join(parts)


def _points_by_month(
    office: Organization, unit: Organization, year: int, today: dt.date, fingerprint: str
) -> list[Decimal] | None:
    """The unit's points of each month of ``year`` (``govinfo.scoring.points_lines`` summed by the
    month of each record), cached while the records do not change."""
    key = f"govinfo:points-months:{office.pk}:{unit.pk}:{year}:{today}:{fingerprint}"
    cached = cache.get(key)
    if cached is not None:
        return [Decimal(v) for v in cached]
    lines = points_lines(office, unit, dt.date(year, 1, 1), dt.date(year, 12, 31))
    if lines is None:
        return None
    months = [Decimal(0)] * 12
    for line in lines:
        if line.date.year == year:
            months[line.date.month - 1] += Decimal(line.points)
    cache.set(key, [str(v) for v in months], CACHE_SECONDS)
    return months


def _rank(
    office: Organization | None, unit: Organization, year: int, today: dt.date, fingerprint: str
) -> Rank | None:
    """The unit's rank in the latest month among the units of its office. The month's standings are
    computed once for the whole office (``govinfo.scoring.standings``) and cached while the records
    do not change, so the dashboards of the office's other units reuse them."""
    month = latest_month(year, today)
    if office is None or month is None:
        return None
    key = f"govinfo:month-ranks:{office.pk}:{year}-{month}:{today}:{fingerprint}"
    ranks = cache.get(key)
    if ranks is None:
        rows = standings(office, *month_range(year, month))
        if rows is None:
            return None
        ranks = {row.organization.pk: (row.rank, bool(getattr(row, "tied", False))) for row in rows}
        cache.set(key, ranks, CACHE_SECONDS)
    if unit.pk not in ranks:
        return None
    rank, tied = ranks[unit.pk]
    return Rank(month=month, rank=rank, of=len(ranks), tied=tied)


def officer_weeks(unit: Organization, weeks: list[Week], minimum: int, today: dt.date) -> list[OfficerWeeks]:
    """Per officer of ``unit`` (its 信息员, and every author with an account of its submissions), the
    submissions they wrote in each ISO week (one query for the whole unit)."""
    from gongkai.govinfo import scoring

    if not weeks:
        return []
    start = _aware(weeks[0].monday)
    end = _aware(weeks[-1].sunday + dt.timedelta(days=1))
    # Grouped in the database by officer and local day of submission (at most 371 days a year), each
    # submission once per officer; the weeks are summed here.
    rows = (
        Author.objects.filter(
            user__isnull=False,
            submission__organization=unit,
            submission__forwarded_from__isnull=True,
            submission__submitted_at__gte=start,
            submission__submitted_at__lt=end,
        )
        .filter(submission__state__in=scoring.COUNTED_STATES)
        .annotate(day=TruncDate("submission__submitted_at"))
        .order_by()
        .values("user_id", "day")
        .annotate(n=Count("submission_id", distinct=True))
        .values_list("user_id", "day", "n")
    )
    index = {w.monday: i for i, w in enumerate(weeks)}
    counts: dict[int, list[int]] = {}
    for user_id, day, n in rows:
        i = index.get(day - dt.timedelta(days=day.weekday()))
        if i is not None:
            counts.setdefault(user_id, [0] * len(weeks))[i] += n
    from django.contrib.auth import get_user_model

    officer_ids = set(
        Role.objects.filter(organization=unit, role=RoleName.INFO_OFFICER).values_list("user_id", flat=True)
    )
    users = get_user_model().objects.filter(pk__in=officer_ids | set(counts)).order_by("pk")
    ended = [w.sunday < today for w in weeks]
    out = []
    for user in users:
        c = counts.get(user.pk, [0] * len(weeks))
        out.append(
            OfficerWeeks(
                user_id=user.pk,
                name=str(user),
                counts=tuple(c),
                weeks_short=sum(1 for n, done in zip(c, ended, strict=True) if done and n < minimum),
                total=sum(c),
            )
        )
    return out


# -- drill-down --------------------------------------------------------------------------------------


def _what(qs: QuerySet[Submission], what: str) -> QuerySet[Submission]:
    if what == "adopted":
        return qs.filter(Exists(Adoption.objects.filter(submission=OuterRef("pk"))))
    if what in LEVELS:
        return qs.filter(Exists(Adoption.objects.filter(submission=OuterRef("pk"), level=what)))
    return qs


def _period(qs: QuerySet[Submission], year: int, month: int | None) -> QuerySet[Submission]:
    if month is None:
        return _in_year(qs, year)
    bounds = month_bounds(year)
    return counted(qs).filter(submitted_at__gte=bounds[month - 1], submitted_at__lt=bounds[month])


def office_cell(
    office: Organization,
    year: int,
    *,
    unit: int | None = None,
    month: int | None = None,
    what: str = "submitted",
) -> QuerySet[Submission]:
    """The submissions behind a cell of an office's table (a unit or all, a month or the year)."""
    qs = Submission.objects.filter(recipient=office)
    if unit is not None:
        qs = qs.filter(organization_id=unit)
    return (
        _what(_period(qs, year, month), what).select_related("organization").order_by("-submitted_at", "-pk")
    )


def unit_cell(
    unit: Organization,
    year: int,
    *,
    month: int | None = None,
    what: str = "submitted",
    officer: int | None = None,
    week: Week | None = None,
) -> QuerySet[Submission]:
    """The submissions behind a cell of a unit's dashboard (a month, or an officer's week)."""
    qs = Submission.objects.filter(organization=unit, forwarded_from__isnull=True)
    if week is not None:
        qs = counted(qs).filter(
            submitted_at__gte=_aware(week.monday), submitted_at__lt=_aware(week.sunday + dt.timedelta(days=1))
        )
    else:
        qs = _period(qs, year, month)
    if officer is not None:
        qs = qs.filter(authors__user_id=officer).distinct()
    return _what(qs, what).select_related("organization").order_by("-submitted_at", "-pk")
