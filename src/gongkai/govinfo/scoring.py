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

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, F, Q, QuerySet
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


#: Up to this many units, the period's records are selected for them in the database; above, every
#: record of the period is read and those of the units kept (one pass over the period's adoptions is
#: cheaper than probing the credits of many units, benchmarks/bench_govinfo.py).
SELECTIVE_UNITS = 10


def _concerning(qs: QuerySet[Any], ids: Sequence[int] | None, fields: list[str]) -> list[dict[str, Any]]:
    """The rows of ``qs`` (adoptions or instructions of the period, selected by their indexed date)
    that may concern the units ``ids`` (``_facts`` keeps those whose submission credits one of them).

    For a few units: the rows of their own submissions (joined to the submission), then those of the
    period's submissions that a ``CreditedUnit`` row credits to one of them (a joint item's
    partners); each row once. For many units (or all, ``ids`` None): every row of the period."""
    if ids is None or len(ids) > SELECTIVE_UNITS:
        return [dict(row) for row in qs.values(*fields)]
    found = {row["pk"]: dict(row) for row in qs.filter(submission__organization_id__in=ids).values(*fields)}
    partner = set(
        CreditedUnit.objects.order_by()
        .filter(organization_id__in=ids, submission_id__in=qs.values("submission_id"))
        .values_list("submission_id", flat=True)
    ) - {row["submission_id"] for row in found.values()}
    for chunk in _chunks(partner):
        for row in qs.filter(submission_id__in=chunk).values(*fields):
            found.setdefault(row["pk"], dict(row))
    return list(found.values())


def _credits(
    submissions: dict[int, int], among: Sequence[QuerySet[Any]] = (), also: Iterable[int] = ()
) -> dict[int, tuple[int, ...]]:
    """Submission id (→ its unit) → the units it credits: its own unit and every unit of its
    ``CreditedUnit`` rows (the submissions' services always credit the submitting unit; a submission
    with no rows credits its unit alone).

    Many submissions (more than ``CHUNK``: a whole period's records) are read through ``among``, the
    querysets of the records they come from (one subquery each, no long lists of ids sent back), and
    ``also``, the few ids those do not reach (the items of instructions on a whole issue); a few
    submissions by their ids."""
    credited: dict[int, set[int]] = {sub: {owner} for sub, owner in submissions.items()}
    rows = CreditedUnit.objects.order_by()
    if among and len(submissions) > CHUNK:
        found = Q(submission_id__in=sorted(set(also)))
        for qs in among:
            found |= Q(submission_id__in=qs.values("submission_id"))
        batches: Iterable[Iterable[tuple[int, int]]] = [
            rows.filter(found).values_list("submission_id", "organization_id")
        ]
    else:
        batches = (
            rows.filter(submission_id__in=chunk).values_list("submission_id", "organization_id")
            for chunk in _chunks(submissions)
        )
    for batch in batches:
        for sub_id, org_id in batch:
            if sub_id in credited:
                credited[sub_id].add(org_id)
    return {sub: tuple(sorted(orgs)) for sub, orgs in credited.items()}


def _facts(
    rules: kernel.RuleSet,
    ids: Sequence[int] | None,
    start: dt.date,
    end: dt.date,
    *,
    detail: bool = False,
) -> list[_Fact]:
    """Every adoption, instruction and penalty of the period that concerns one of the units ``ids``
    (of every unit when ``ids`` is None).

    The period's adoptions and instructions are selected by their date (indexed) and joined to their
    submission's unit and credited units (never a list of every submission of the units, which
    grows every year); then the credits of those submissions."""
    owner_field = "submission__organization_id"
    adoption_fields = ["pk", "submission_id", owner_field, "level", "publication__edition", "via_forward"]
    adoption_fields += ["adopted_on"]
    if detail:
        adoption_fields += ["publication__name", "issue_label"]
    period_adoptions = Adoption.objects.order_by().filter(adopted_on__range=(start, end))
    adoptions = _concerning(period_adoptions, ids, adoption_fields)
    instruction_fields = ["pk", "submission_id", owner_field, "issue_id", "level", "given_on"]
    if detail:
        instruction_fields += ["leader_name", "leader_title"]
    in_period = Instruction.objects.order_by().filter(given_on__range=(start, end))
    instructions = _concerning(in_period.filter(submission__isnull=False), ids, instruction_fields)
    on_issues = [dict(row) for row in in_period.filter(submission__isnull=True).values(*instruction_fields)]
    on_issue_pks = {row["pk"] for row in on_issues}
    # An instruction on a whole issue of one item (a 专报) counts for that item.
    if on_issues:
        entries: dict[int, list[int]] = defaultdict(list)
        for issue_id, sub_id in (
            IssueEntry.objects.order_by()
            .filter(issue_id__in={i["issue_id"] for i in on_issues})
            .values_list("issue_id", "submission_id")
        ):
            entries[issue_id].append(sub_id)
        single = {
            row["pk"]: entries[row["issue_id"]][0] for row in on_issues if len(entries[row["issue_id"]]) == 1
        }
        owners = dict(
            Submission.objects.order_by()
            .filter(pk__in=set(single.values()))
            .values_list("pk", "organization_id")
        )
        for row in on_issues:
            item = single.get(row["pk"])
            if item is not None and item in owners:
                row["submission_id"], row[owner_field] = item, owners[item]
                instructions.append(row)
    owners = {row["submission_id"]: row[owner_field] for row in adoptions + instructions}
    credits = _credits(
        owners,
        [period_adoptions, in_period.filter(submission__isnull=False)],
        also={row["submission_id"] for row in instructions if row["issue_id"] and row["pk"] in on_issue_pks},
    )
    if detail:
        titles = dict(Submission.objects.order_by().filter(pk__in=owners).values_list("pk", "title"))
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
    if ids is not None:
        id_set = set(ids)
        facts = [f for f in facts if id_set.intersection(f.credited)]
    penalty_fields = ["pk", "organization_id", "points", "on", "submission_id"]
    if detail:
        penalty_fields += ["kind", "notice", "reason"]
    penalties = Penalty.objects.order_by().filter(on__range=(start, end))
    if ids is not None:
        penalties = penalties.filter(organization_id__in=ids)
    for row in penalties.values(*penalty_fields):
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
    ids: Sequence[int] | None, start: dt.date, end: dt.date
) -> dict[tuple[int, dt.date], int]:
    """(unit id, first day of month) → submissions credited to the unit and submitted that month (of
    the units ``ids``; of every unit when ``ids`` is None).

    The units' own submissions are counted in the database per unit, one filtered COUNT per month
    (no date function per row, from the index on the unit, submitted_at and state); the submissions
    of other units crediting them (joint items: ``CreditedUnit`` rows naming another unit than the
    submitting one) are read with their time and added."""
    months = months_of(start, end)
    lo_day, hi_day = _moment(start), _moment(end + dt.timedelta(days=1))
    bounds = [
        (m, _moment(max(m, start)), _moment(min(_month_end(m), end) + dt.timedelta(days=1))) for m in months
    ]
    counts: dict[tuple[int, dt.date], int] = defaultdict(int)
    if ids is None and connection.vendor == "sqlite":
        # Every unit on SQLite: one grouped count per month (a range of the unit index each) is twice
        # as fast as twelve FILTERs evaluated on every row of the year (benchmarks/bench_govinfo.py).
        for m, lo, hi in bounds:
            for org_id, n in (
                Submission.objects.order_by()
                .filter(submitted_at__gte=lo, submitted_at__lt=hi, state__in=COUNTED_STATES)
                .values("organization_id")
                .annotate(n=Count("id"))
                .values_list("organization_id", "n")
            ):
                counts[(org_id, m)] += n
    else:
        own = Submission.objects.order_by().filter(
            submitted_at__gte=lo_day, submitted_at__lt=hi_day, state__in=COUNTED_STATES
        )
        if ids is not None:
            own = own.filter(organization_id__in=ids)
        grouped = own.values("organization_id").annotate(
            **{
                f"m{i}": Count("id", filter=Q(submitted_at__gte=lo, submitted_at__lt=hi))
                for i, (_m, lo, hi) in enumerate(bounds)
            }
        )
        for row in grouped:
            for i, (m, _lo, _hi) in enumerate(bounds):
                if row[f"m{i}"]:
                    counts[(row["organization_id"], m)] += row[f"m{i}"]
    partners = (
        CreditedUnit.objects.order_by()
        .filter(
            submission__submitted_at__gte=lo_day,
            submission__submitted_at__lt=hi_day,
            submission__state__in=COUNTED_STATES,
        )
        .exclude(organization_id=F("submission__organization_id"))
    )
    if ids is not None:
        partners = partners.filter(organization_id__in=ids)
    starts = [lo for _m, lo, _hi in bounds]
    for org_id, at in partners.values_list("organization_id", "submission__submitted_at"):
        if at is not None:  # excluded by the query; for the type checker
            # The month whose bounds hold the instant (no time-zone conversion per row).
            counts[(org_id, bounds[bisect.bisect_right(starts, at) - 1][0])] += 1
    return counts


def missed_commissions(office: Organization, start: dt.date, end: dt.date) -> dict[int, int]:
    """Unit id → how many 约稿通知 of ``office`` it missed (``missed_notices``). docs/SPEC.md §8: 2 or
    more zero the year."""
    return _missed_by_office([office.pk], start, end).get(office.pk, {})


def _missed_by_office(
    office_ids: Sequence[int] | None, start: dt.date, end: dt.date
) -> dict[int, dict[int, int]]:
    """Office id → ``missed_commissions`` of that office, for the offices ``office_ids`` (every
    office when None)."""
    return {
        office_id: {unit: len(notices) for unit, notices in units.items()}
        for office_id, units in missed_notices(office_ids, start, end).items()
    }


def missed_notices(
    office_ids: Sequence[int] | None, start: dt.date, end: dt.date, *, now: dt.datetime | None = None
) -> dict[int, dict[int, list[int]]]:
    """Office id → unit id → the ids of the 约稿通知 of that office (in deadline order) the unit
    missed, among those with a deadline on a day in [start, end] that has passed: no submission
    crediting it (its own, or a joint item) linked to the notice was submitted by the deadline; a
    person target counts for their unit (``commission_rules.missed_units``). Every office when
    ``office_ids`` is None; three queries for all notices at once. The 约稿 screens list these
    (``services.commissions.missed_commissions``) and the ranking counts them."""
    now = now or timezone.now()
    notices_qs = Commission.objects.order_by("deadline", "pk").filter(
        kind=CommissionKind.NOTICE,
        issued_at__isnull=False,
        deadline__isnull=False,
        deadline__lt=min(now, _moment(end + dt.timedelta(days=1))),
        # The local days [start, end], as instants (no date function per row).
        deadline__gte=_moment(start),
    )
    if office_ids is not None:
        notices_qs = notices_qs.filter(organization_id__in=office_ids)
    notices = {
        pk: (office_id, deadline)
        for pk, office_id, deadline in notices_qs.values_list("pk", "organization_id", "deadline")
    }
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
    missed: dict[int, dict[int, list[int]]] = defaultdict(lambda: defaultdict(list))
    for commission_id, (office_id, deadline) in notices.items():
        if deadline is None:  # excluded by the query; for the type checker
            continue
        units = commission_rules.missed_units(targets[commission_id], by_notice[commission_id], deadline, now)
        for unit in sorted(set(units)):
            missed[office_id][unit].append(commission_id)
    return {office_id: dict(units) for office_id, units in missed.items()}


def _quota_table(ids: Sequence[int] | None) -> dict[int, list[tuple[dt.date, str, int]]]:
    table: dict[int, list[tuple[dt.date, str, int]]] = defaultdict(list)
    quotas = UnitQuota.objects.order_by()
    if ids is not None:
        quotas = quotas.filter(organization_id__in=ids)
    for org_id, since, tier, items in quotas.values_list(
        "organization_id", "effective_from", "tier", "monthly_items"
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
    rows = _unit_rows(rules, units, ids, start, end)
    missed = missed_commissions(office, start, end) if _is_year(start, end) else {}
    return _ranked(rules, [rows[pk] for pk in ids], missed, _is_year(start, end))


def standings_by_office(
    start: dt.date, end: dt.date, *, rule_set: PointsRuleSet | None = None
) -> dict[int, list[UnitStanding]]:
    """Office id → ``standings(office, start, end)`` for every office of the installation (every
    active competent authority with units reporting to it), in one pass: each figure is one grouped
    query over the whole period for every unit at once (never a query per office or per unit), then
    the units are split by the office they report to (``orgs.hierarchy.reporting_map``) and ranked
    per office. ``test_scoring_by_office`` checks it agrees with ``standings`` for every office."""
    if rule_set is None:
        rule_set = rule_set_on(end)
    rules = rules_of(rule_set)
    reporting = hierarchy.reporting_map()
    by_id = {org.pk: org for orgs in reporting.values() for org in orgs}
    offices: dict[int, list[Organization]] = {}
    for office_id, bodies in reporting.items():
        office = by_id.get(office_id) or Organization.objects.get(pk=office_id)
        if not office.is_competent_authority:
            continue
        offices[office_id] = [org for org in bodies if org.pk not in (office.pk, office.parent_id)]
    units = [unit for office_units in offices.values() for unit in office_units]
    rows = _unit_rows(rules, units, None, start, end)
    is_year = _is_year(start, end)
    missed = _missed_by_office(None, start, end) if is_year else {}
    return {
        office_id: _ranked(rules, [rows[u.pk] for u in office_units], missed.get(office_id, {}), is_year)
        for office_id, office_units in offices.items()
    }


def _is_year(start: dt.date, end: dt.date) -> bool:
    return start == dt.date(start.year, 1, 1) and end == dt.date(start.year, 12, 31)


def _unit_rows(
    rules: kernel.RuleSet,
    units: Sequence[Organization],
    ids: Sequence[int] | None,
    start: dt.date,
    end: dt.date,
) -> dict[int, UnitStanding]:
    """Unit id → the row of each of ``units`` (points, counts, quota, appraisal; not yet zeroed nor
    ranked), from the records of the units ``ids`` (of every unit when None)."""
    rows = {u.pk: UnitStanding(organization=u) for u in units}
    totals: dict[int, Decimal] = {pk: Decimal(0) for pk in rows}
    for fact in _facts(rules, ids, start, end):
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

    counts = _submission_counts(ids, start, end)
    today = timezone.localdate()
    months = months_of(start, end)
    quotas = _quota_table(ids)
    is_year = _is_year(start, end)
    started = [m for m in months if m <= today]
    month_ends = {m: _month_end(m) for m in months}
    for pk, row in rows.items():
        row.submissions = sum(counts.get((pk, m), 0) for m in months)
        row.no_submission = row.submissions == 0
        row.by_source = {k: kernel.cents(v) for k, v in row.by_source.items()}
        row.raw_points = kernel.cents(totals[pk])
        unit_quotas = quotas.get(pk)
        if not unit_quotas:
            continue
        tiers = [(m, _quota_on(unit_quotas, month_ends[m])) for m in started]
        if any(t is not None for _, t in tiers):
            monthly = [(t[1] if t else 0, counts.get((pk, m), 0)) for m, t in tiers]
            result = ranking.quota(monthly)
            row.tier = next((t[0] for _, t in reversed(tiers) if t), "")
            # A month still running is not yet a month short (its shortfall is still to do).
            ended = [pair for (m, _), pair in zip(tiers, monthly, strict=True) if month_ends[m] < today]
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
    return rows


def _ranked(
    rules: kernel.RuleSet, rows: list[UnitStanding], missed: dict[int, int], is_year: bool
) -> list[UnitStanding]:
    """The rows of an office's units (in the office's order) zeroed for missed commissions (a yearly
    ranking), ranked with ties, in rank order."""
    ids = [row.organization.pk for row in rows]
    position = {pk: i for i, pk in enumerate(ids)}
    zero = ranking.zeroed(missed, rules.missed_commissions_zero_year) if is_year else set()
    for row in rows:
        row.missed_commissions = missed.get(row.organization.pk, 0)
        row.zeroed = row.organization.pk in zero
    final_totals = ranking.apply_zeroing({row.organization.pk: row.raw_points for row in rows}, zero)
    ranks = ranking.rank(final_totals, ids)
    for row in rows:
        pk = row.organization.pk
        row.points = final_totals[pk]
        row.rank, row.tied = ranks[pk].rank, ranks[pk].tied
    return sorted(rows, key=lambda r: (r.rank, position[r.organization.pk]))


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
    if _is_year(start, end):
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
