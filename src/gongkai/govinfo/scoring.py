"""Points, rankings, quotas and appraisal of 政务信息报送 computed from the records (docs/SPEC.md §8).

The rules are the pure kernels ``govinfo.points`` (what a record is worth, the split of a joint
item) and ``govinfo.ranking`` (ranks with ties, zeroing, quotas, appraisal); this module gathers the
records of a period in a few aggregate queries (never one per unit) and hands them to the kernels.
Nothing here changes data.

What counts, for a unit of the office (``units_of``) and a period [start, end]:

- its points: every adoption (``Adoption.adopted_on`` in the period) and every leader's instruction
  (``Instruction.given_on`` in the period) of a submission credited to it (a submission credits its
  own unit and every unit of its ``CreditedUnit`` rows), its share when the item is joint; an
  instruction on a whole issue counts when the issue has exactly one item (a 专报), for that item;
  plus its penalties (``Penalty.on`` in the period, points as recorded);
- its submissions: those credited to it and submitted in the period (``submitted_at``), returned,
  withdrawn and unsent ones excepted: they count toward its monthly quota (``UnitQuota``);
- in a yearly ranking, 2 or more missed 约稿通知 (a notice of the office with a deadline in the year,
  passed, answered by no submission of the unit by the deadline) set the year's score to 0.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from gongkai.govinfo import commission_rules, ranking
from gongkai.govinfo import points as kernel
from gongkai.govinfo.models import (
    Adoption,
    Commission,
    CommissionKind,
    CommissionTarget,
    CreditedUnit,
    Instruction,
    IssueEntry,
    Penalty,
    PointsRuleSet,
    State,
    Submission,
    UnitQuota,
)
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization

#: The states of a submission that count as submitted (returned, withdrawn and unsent ones do not).
COUNTED_STATES = (State.SUBMITTED, State.RECEIVED, State.RESERVED, State.ADOPTED, State.MERGED)

#: Source keys of ``UnitStanding.by_source`` and ``PointsLine.kind``.
ADOPTION = "adoption"
INSTRUCTION = "instruction"
PENALTY = "penalty"
SOURCE_LABELS = {ADOPTION: "采用", INSTRUCTION: "批示", PENALTY: "扣分"}


@dataclass
class UnitStanding:
    """One unit's row of a ranking. ``points`` is the total shown and ranked (0 when ``zeroed``);
    ``raw_points`` the total before zeroing; ``by_source`` the total per source (adoption,
    instruction, penalty) before zeroing. ``quota``/``shortfall`` are None for a unit without a
    quota tier; ``appraisal`` is set in a yearly ranking only."""

    organization: Organization
    submissions: int = 0
    adopted: int = 0
    instructions: int = 0
    penalties: int = 0
    points: Decimal = Decimal(0)
    raw_points: Decimal = Decimal(0)
    by_source: dict[str, Decimal] = field(default_factory=dict)
    rank: int = 0
    tied: bool = False
    no_submission: bool = False
    zeroed: bool = False
    missed_commissions: int = 0
    tier: str = ""
    quota: int | None = None
    shortfall: int | None = None
    months_short: int = 0
    appraisal: str = ""


@dataclass(frozen=True)
class PointsLine:
    """One record behind a unit's points (the drill-down): ``model`` is ``app_label.model`` of the
    record (``pk``); ``submission_id`` the submission it concerns, if any; ``points`` the unit's
    share, ``full_points`` the record's points before the split among ``shared_by`` units."""

    kind: str
    model: str
    pk: int
    label: str
    date: dt.date
    points: Decimal
    full_points: Decimal = Decimal(0)
    shared_by: int = 1
    submission_id: int | None = None


# -- periods ------------------------------------------------------------------------------------


def period_bounds(kind: str, on: dt.date) -> tuple[dt.date, dt.date]:
    """The month, quarter or year (``kind``) containing ``on``: (first day, last day)."""
    if kind == "month":
        start = on.replace(day=1)
        end = _month_end(start)
    elif kind == "quarter":
        start = dt.date(on.year, 3 * ((on.month - 1) // 3) + 1, 1)
        end = _month_end(dt.date(on.year, start.month + 2, 1))
    elif kind == "year":
        start, end = dt.date(on.year, 1, 1), dt.date(on.year, 12, 31)
    else:
        raise ValueError(f"未知的统计周期：{kind}")
    return start, end


def period_label(kind: str, start: dt.date) -> str:
    """“2026年11月份”, “2026年第四季度”, “2026年度”."""
    if kind == "month":
        return f"{start.year}年{start.month}月份"
    if kind == "quarter":
        return f"{start.year}年第{'一二三四'[(start.month - 1) // 3]}季度"
    return f"{start.year}年度"


def _month_end(first: dt.date) -> dt.date:
    following = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def months_of(start: dt.date, end: dt.date) -> list[dt.date]:
    """The first days of the months the period touches."""
    months = []
    month = start.replace(day=1)
    while month <= end:
        months.append(month)
        month = _month_end(month) + dt.timedelta(days=1)
    return months


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


# -- rule sets and units ------------------------------------------------------------------------


def units_of(office: Organization) -> list[Organization]:
    """The units reporting to ``office`` (``orgs.hierarchy``), in tree order: the departments of its
    government and the governments of the regions below. The office itself and its own government
    are left out (the office ranks the others; what the government sends is the office's own work)."""
    return [
        org for org in hierarchy.bodies_reporting_to(office) if org.pk not in (office.pk, office.parent_id)
    ]


def rule_set_on(date: dt.date) -> PointsRuleSet | None:
    """The rule set in force on ``date``: the latest ``effective_from`` on or before it."""
    return PointsRuleSet.objects.filter(effective_from__lte=date).order_by("-effective_from").first()


def rules_of(rule_set: PointsRuleSet | None) -> kernel.RuleSet:
    """The kernel's rules of ``rule_set`` (the shipped rules when there is none); raises
    ``points.RuleSetError`` for a stored rule set that is not valid."""
    return kernel.parse_rules(SHIPPED_RULES if rule_set is None else rule_set.rules)


# -- gathering ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fact:
    kind: str
    pk: int
    submission_id: int | None
    date: dt.date
    points: Decimal
    credited: tuple[int, ...]
    detail: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


CHUNK = 5000


def _chunks(values: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(values))
    for i in range(0, len(ordered), CHUNK):
        yield ordered[i : i + CHUNK]


@dataclass
class _Scope:
    """Which submissions concern the units ``ids``: ``own`` (submission id → its unit, every
    submission of the units) and ``partner`` (submission id → the units of ``ids`` credited with a
    submission of another unit: the partners of a joint item, the units of a merged one), with
    ``partner_rows`` (submission id → (its unit, submitted_at, state)) for those.

    Read from the indexes on the submitting unit and on the credited unit only (never the wide
    submission rows), so it costs little even over a province's year."""

    ids: list[int]
    own: dict[int, int]
    partner: dict[int, list[int]]
    partner_rows: dict[int, tuple[int, dt.datetime | None, str]]

    def concerns(self, submission_id: int | None) -> bool:
        return submission_id is not None and (submission_id in self.own or submission_id in self.partner)

    def owner(self, submission_id: int) -> int:
        found = self.own.get(submission_id)
        return found if found is not None else self.partner_rows[submission_id][0]


def _scope(ids: Sequence[int]) -> _Scope:
    own = dict(
        Submission.objects.order_by().filter(organization_id__in=ids).values_list("id", "organization_id")
    )
    partner: dict[int, list[int]] = defaultdict(list)
    for org_id, sub_id in (
        CreditedUnit.objects.order_by()
        .filter(organization_id__in=ids)
        .values_list("organization_id", "submission_id")
    ):
        if own.get(sub_id) != org_id:
            partner[sub_id].append(org_id)
    rows: dict[int, tuple[int, dt.datetime | None, str]] = {}
    for chunk in _chunks(partner):
        for pk, org_id, at, state in (
            Submission.objects.order_by()
            .filter(pk__in=chunk)
            .values_list("pk", "organization_id", "submitted_at", "state")
        ):
            rows[pk] = (org_id, at, state)
    # A credit row naming a unit for its own submission is not a partner's.
    partner = {sub: [o for o in orgs if o != rows[sub][0]] for sub, orgs in partner.items() if sub in rows}
    return _Scope(list(ids), own, {sub: orgs for sub, orgs in partner.items() if orgs}, rows)


def _credits(submissions: dict[int, int]) -> dict[int, tuple[int, ...]]:
    """Submission id (→ its unit) → the units it credits: its own unit and every unit of its
    ``CreditedUnit`` rows (the submissions' services always credit the submitting unit; a submission
    with no rows credits its unit alone)."""
    credited: dict[int, set[int]] = {sub: {owner} for sub, owner in submissions.items()}
    for chunk in _chunks(submissions):
        for sub_id, org_id in (
            CreditedUnit.objects.order_by()
            .filter(submission_id__in=chunk)
            .values_list("submission_id", "organization_id")
        ):
            credited[sub_id].add(org_id)
    return {sub: tuple(sorted(orgs)) for sub, orgs in credited.items()}


def _facts(
    rules: kernel.RuleSet,
    ids: Sequence[int],
    start: dt.date,
    end: dt.date,
    *,
    detail: bool = False,
    scope: _Scope | None = None,
) -> list[_Fact]:
    """Every adoption, instruction and penalty of the period that concerns one of the units ``ids``.

    The period's adoptions and instructions (by date) whose submission is one of the units' (a
    subquery on the index of the submitting unit, never the wide submission rows) or a partner's;
    then the credits of those submissions."""
    scope = _scope(ids) if scope is None else scope
    adoption_fields = ["pk", "submission_id", "level", "publication__edition", "via_forward", "adopted_on"]
    if detail:
        adoption_fields += ["publication__name", "issue_label"]
    mine = Q(submission_id__in=Submission.objects.order_by().filter(organization_id__in=ids).values("id"))
    if scope.partner:
        mine |= Q(submission_id__in=sorted(scope.partner))
    adoptions = list(
        Adoption.objects.order_by().filter(mine, adopted_on__range=(start, end)).values(*adoption_fields)
    )
    instruction_fields = ["pk", "submission_id", "issue_id", "level", "given_on"]
    if detail:
        instruction_fields += ["leader_name", "leader_title"]
    instructions: list[dict[str, Any]] = []
    on_issues: list[dict[str, Any]] = []
    for found in (
        Instruction.objects.order_by()
        .filter(mine | Q(submission__isnull=True), given_on__range=(start, end))
        .values(*instruction_fields)
    ):
        (on_issues if found["submission_id"] is None else instructions).append(dict(found))
    # An instruction on a whole issue of one item (a 专报) counts for that item.
    if on_issues:
        entries: dict[int, list[int]] = defaultdict(list)
        for issue_id, sub_id in (
            IssueEntry.objects.order_by()
            .filter(issue_id__in={i["issue_id"] for i in on_issues})
            .values_list("issue_id", "submission_id")
        ):
            entries[issue_id].append(sub_id)
        for row in on_issues:
            items = entries.get(row["issue_id"], [])
            if len(items) == 1 and scope.concerns(items[0]):
                row["submission_id"] = items[0]
                instructions.append(row)
    subs = {row["submission_id"] for row in adoptions + instructions}
    credits = _credits({sub: scope.owner(sub) for sub in subs})
    if detail:
        titles = dict(Submission.objects.order_by().filter(pk__in=subs).values_list("pk", "title"))
        for row in adoptions + instructions:
            row["submission__title"] = titles.get(row["submission_id"], "")
    facts: list[_Fact] = []
    for row in adoptions:
        points = kernel.adoption_points(
            rules, row["level"], row["publication__edition"], via_forward=row["via_forward"]
        )
        facts.append(
            _Fact(
                ADOPTION,
                row["pk"],
                row["submission_id"],
                row["adopted_on"],
                points,
                credits[row["submission_id"]],
                row,
            )
        )
    for row in instructions:
        points = kernel.instruction_points(rules, row["level"])
        facts.append(
            _Fact(
                INSTRUCTION,
                row["pk"],
                row["submission_id"],
                row["given_on"],
                points,
                credits[row["submission_id"]],
                row,
            )
        )
    id_set = set(ids)
    facts = [f for f in facts if id_set.intersection(f.credited)]
    penalty_fields = ["pk", "organization_id", "points", "on", "submission_id"]
    if detail:
        penalty_fields += ["kind", "notice", "reason"]
    for row in (
        Penalty.objects.order_by()
        .filter(organization_id__in=ids, on__range=(start, end))
        .values(*penalty_fields)
    ):
        facts.append(
            _Fact(
                PENALTY,
                row["pk"],
                row["submission_id"],
                row["on"],
                row["points"],
                (row["organization_id"],),
                row,
            )
        )
    return facts


def _submission_counts(
    ids: Sequence[int], start: dt.date, end: dt.date, scope: _Scope | None = None
) -> dict[tuple[int, dt.date], int]:
    """(unit id, first day of month) → submissions credited to the unit and submitted that month.

    The units' own submissions are counted in the database per unit, one filtered COUNT per month
    (no date function per row); the few submissions of other units crediting them (``_Scope``) are
    added from the scope."""
    scope = _scope(ids) if scope is None else scope
    months = months_of(start, end)
    lo_day, hi_day = _moment(start), _moment(end + dt.timedelta(days=1))
    bounds = [
        (m, _moment(max(m, start)), _moment(min(_month_end(m), end) + dt.timedelta(days=1))) for m in months
    ]
    own = (
        Submission.objects.order_by()
        .filter(
            organization_id__in=ids,
            submitted_at__gte=lo_day,
            submitted_at__lt=hi_day,
            state__in=COUNTED_STATES,
        )
        .values("organization_id")
        .annotate(
            **{
                f"m{i}": Count("id", filter=Q(submitted_at__gte=lo, submitted_at__lt=hi))
                for i, (_m, lo, hi) in enumerate(bounds)
            }
        )
    )
    counts: dict[tuple[int, dt.date], int] = defaultdict(int)
    for row in own:
        for i, (m, _lo, _hi) in enumerate(bounds):
            if row[f"m{i}"]:
                counts[(row["organization_id"], m)] += row[f"m{i}"]
    for sub_id, orgs in scope.partner.items():
        _owner, at, state = scope.partner_rows[sub_id]
        if at is None or state not in COUNTED_STATES or not lo_day <= at < hi_day:
            continue
        month = timezone.localtime(at).date().replace(day=1)
        for org_id in orgs:
            counts[(org_id, month)] += 1
    return counts


def missed_commissions(office: Organization, start: dt.date, end: dt.date) -> dict[int, int]:
    """Unit id → how many 约稿通知 of ``office`` with a deadline on a day in [start, end], already
    passed, it missed: no submission crediting it (its own, or a joint item) linked to the notice was
    submitted by the deadline; a person target counts for their unit. docs/SPEC.md §8: 2 or more
    zero the year.

    The rule is C's (``govinfo.commission_rules.missed``, as ``services.commissions.
    missed_commissions`` applies it per notice); here in three queries for all notices at once
    (``test_scoring_standings`` checks both agree)."""
    now = timezone.now()
    notices = dict(
        Commission.objects.order_by()
        .filter(
            organization=office,
            kind=CommissionKind.NOTICE,
            issued_at__isnull=False,
            deadline__isnull=False,
            deadline__lt=now,
            deadline__date__gte=start,
            deadline__date__lte=end,
        )
        .values_list("pk", "deadline")
    )
    if not notices:
        return {}
    answers = list(
        Submission.objects.order_by()
        .filter(commission_id__in=notices, submitted_at__isnull=False)
        .values_list("pk", "commission_id", "organization_id", "submitted_at")
    )
    credited: dict[int, set[int]] = {pk: {org} for pk, _c, org, _at in answers}
    for sub_id, org_id in (
        CreditedUnit.objects.order_by()
        .filter(submission_id__in=credited)
        .values_list("submission_id", "organization_id")
    ):
        credited[sub_id].add(org_id)
    by_notice: dict[int, list[tuple[set[int], dt.datetime]]] = defaultdict(list)
    for pk, commission_id, _org, at in answers:
        by_notice[commission_id].append((credited[pk], at))
    targets: dict[int, list[int]] = defaultdict(list)
    for commission_id, org_id in (
        CommissionTarget.objects.order_by()
        .filter(commission_id__in=notices)
        .values_list("commission_id", "organization_id")
    ):
        targets[commission_id].append(org_id)
    missed: dict[int, int] = defaultdict(int)
    for commission_id, deadline in notices.items():
        if deadline is None:  # excluded by the query; for the type checker
            continue
        for unit in set(
            commission_rules.missed_units(targets[commission_id], by_notice[commission_id], deadline, now)
        ):
            missed[unit] += 1
    return dict(missed)


def _quota_table(ids: Sequence[int]) -> dict[int, list[tuple[dt.date, str, int]]]:
    table: dict[int, list[tuple[dt.date, str, int]]] = defaultdict(list)
    for org_id, since, tier, items in (
        UnitQuota.objects.order_by()
        .filter(organization_id__in=ids)
        .values_list("organization_id", "effective_from", "tier", "monthly_items")
    ):
        table[org_id].append((since, tier, items))
    for rows in table.values():
        rows.sort()
    return table


def _quota_on(rows: list[tuple[dt.date, str, int]], day: dt.date) -> tuple[str, int] | None:
    """The tier in force on ``day`` (the latest that took effect on or before it)."""
    found = None
    for since, tier, items in rows:
        if since <= day:
            found = (tier, items)
    return found


# -- the API ------------------------------------------------------------------------------------


def standings(
    office: Organization,
    start: dt.date,
    end: dt.date,
    *,
    rule_set: PointsRuleSet | None = None,
    units: Sequence[Organization] | None = None,
) -> list[UnitStanding]:
    """The ranking of the units of ``office`` over [start, end] under ``rule_set`` (default: the
    one in force on ``end``), ranked by points (并列 shares a rank), in rank order. A period of a
    whole calendar year applies the zeroing for missed commissions and the year's appraisal."""
    if rule_set is None:
        rule_set = rule_set_on(end)
    rules = rules_of(rule_set)
    units = list(units_of(office) if units is None else units)
    ids = [u.pk for u in units]
    rows = {u.pk: UnitStanding(organization=u) for u in units}
    totals: dict[int, Decimal] = {pk: Decimal(0) for pk in ids}
    scope = _scope(ids)
    for fact in _facts(rules, ids, start, end, scope=scope):
        shares = kernel.split(fact.points, fact.credited)
        for org_id, share in shares.items():
            row = rows.get(org_id)
            if row is None:
                continue
            row.by_source[fact.kind] = row.by_source.get(fact.kind, Decimal(0)) + share
            totals[org_id] += share
            if fact.kind == ADOPTION:
                row.adopted += 1
            elif fact.kind == INSTRUCTION:
                row.instructions += 1
            else:
                row.penalties += 1

    counts = _submission_counts(ids, start, end, scope)
    today = timezone.localdate()
    months = months_of(start, end)
    quotas = _quota_table(ids)
    is_year = start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)
    missed = missed_commissions(office, start, end) if is_year else {}
    zero = ranking.zeroed(missed, rules.missed_commissions_zero_year) if is_year else set()
    for pk, row in rows.items():
        row.submissions = sum(counts.get((pk, m), 0) for m in months)
        row.no_submission = row.submissions == 0
        row.by_source = {k: kernel.cents(v) for k, v in row.by_source.items()}
        row.raw_points = kernel.cents(totals[pk])
        row.missed_commissions = missed.get(pk, 0)
        row.zeroed = pk in zero
        started = [m for m in months if m <= today]
        tiers = [(m, _quota_on(quotas.get(pk, []), _month_end(m))) for m in started]
        if quotas.get(pk) and any(t is not None for _, t in tiers):
            monthly = [(t[1] if t else 0, counts.get((pk, m), 0)) for m, t in tiers]
            result = ranking.quota(monthly)
            row.tier = next((t[0] for _, t in reversed(tiers) if t), "")
            # A month still running is not yet a month short (its shortfall is still to do).
            ended = [pair for (m, _), pair in zip(tiers, monthly, strict=True) if _month_end(m) < today]
            final = ranking.quota(ended)
            row.quota, row.shortfall, row.months_short = (
                result.required,
                result.shortfall,
                final.months_short,
            )
            if is_year:
                row.appraisal = ranking.appraise(
                    final.months_short,
                    final.shortfall,
                    bar_excellent_months=rules.appraisal.bar_excellent_months,
                    unfit_months=rules.appraisal.unfit_months,
                    unfit_shortfall=rules.appraisal.unfit_shortfall,
                )
    final_totals = ranking.apply_zeroing({pk: rows[pk].raw_points for pk in ids}, zero)
    ranks = ranking.rank(final_totals, ids)
    for pk, row in rows.items():
        row.points = final_totals[pk]
        row.rank, row.tied = ranks[pk].rank, ranks[pk].tied
    return sorted(rows.values(), key=lambda r: (r.rank, ids.index(r.organization.pk)))


def points_lines(
    office: Organization,
    organization: Organization,
    start: dt.date,
    end: dt.date,
    *,
    rule_set: PointsRuleSet | None = None,
) -> list[PointsLine]:
    """Every record behind ``organization``'s points over [start, end] (the drill-down of
    ``standings``: the lines add up to its ``raw_points`` before rounding; a zeroed year adds a
    last line of kind ``zeroing``), in date order."""
    if rule_set is None:
        rule_set = rule_set_on(end)
    rules = rules_of(rule_set)
    lines: list[PointsLine] = []
    for fact in _facts(rules, [organization.pk], start, end, detail=True):
        share = kernel.split(fact.points, fact.credited).get(organization.pk, Decimal(0))
        lines.append(
            PointsLine(
                kind=fact.kind,
                model=f"govinfo.{fact.kind}",
                pk=fact.pk,
                label=_label(fact),
                date=fact.date,
                points=share,
                full_points=fact.points,
                shared_by=len(fact.credited),
                submission_id=fact.submission_id,
            )
        )
    lines.sort(key=lambda line: (line.date, line.kind, line.pk))
    is_year = start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)
    if is_year:
        missed = missed_commissions(office, start, end).get(organization.pk, 0)
        threshold = rules.missed_commissions_zero_year
        if threshold and missed >= threshold:
            total = sum((line.points for line in lines), Decimal(0))
            lines.append(
                PointsLine(
                    kind="zeroing",
                    model="govinfo.commission",
                    pk=0,
                    label=f"全年漏报约稿{missed}次（{threshold}次及以上全年得分清零）",
                    date=end,
                    points=-total,
                    full_points=-total,
                )
            )
    return lines


def _label(fact: _Fact) -> str:
    row = fact.detail
    title = row.get("submission__title", "")
    if fact.kind == ADOPTION:
        level = kernel.LEVEL_LABELS.get(row["level"], row["level"])
        edition = kernel.EDITION_LABELS.get(row["publication__edition"], row["publication__edition"])
        text = f"《{title}》被{row['publication__name']}{row['issue_label']}采用（{level}{edition}"
        if row["via_forward"]:
            text += "，经转报采用"
        return text + "）"
    if fact.kind == INSTRUCTION:
        leader = f"{row.get('leader_title', '')}{row['leader_name']}"
        return f"{leader}批示《{title}》（{kernel.LEADER_LABELS.get(row['level'], row['level'])}）"
    kind = kernel.PENALTY_LABELS.get(row["kind"], row["kind"])
    notice = f"（{row['notice']}）" if row["notice"] else ""
    return f"{kind}：{row['reason']}{notice}"


def counted_submissions(organization: Organization, start: dt.date, end: dt.date) -> QuerySet[Submission]:
    """The submissions that count for ``organization`` in [start, end] (those behind
    ``UnitStanding.submissions``): its own and those crediting it, submitted in the period, not
    returned, withdrawn or unsent."""
    return (
        Submission.objects.order_by()
        .filter(
            submitted_at__gte=_moment(start),
            submitted_at__lt=_moment(end + dt.timedelta(days=1)),
            state__in=COUNTED_STATES,
        )
        .filter(Q(organization=organization) | Q(credits__organization=organization))
        .distinct()
        .order_by("submitted_at", "pk")
    )


def monthly_submissions(office: Organization, start: dt.date, end: dt.date) -> dict[tuple[int, dt.date], int]:
    """(unit id, first day of month) → submissions counted toward the unit's quota (the dashboards
    may read it)."""
    return _submission_counts([u.pk for u in units_of(office)], start, end)


def totals_by_unit(rows: Iterable[UnitStanding]) -> dict[int, tuple[int, Decimal]]:
    """Unit id → (rank, points) of a table (for comparing with a 通报's stored table)."""
    return {row.organization.pk: (row.rank, row.points) for row in rows}
