"""The figures of the annual report that the platform holds, computed — never typed (docs/SPEC.md §6).

Which date puts a record into year Y (the same rules in docs/ARCHITECTURE.md and in the tests):

表二 第二十条第（一）项 — items marked 规章 (``is_regulation``) or 行政规范性文件 (``is_normative``)
that have been published (``published_at`` set; a later withdrawal does not unmake them):

* 本年制发件数: ``date_formed`` (成文日期) in Y;
* 本年废止件数: validity 废止 or 失效 with ``validity_changed_on`` in Y (both end the document's force);
* 现行有效件数: formed on or before 31 December Y and not abolished or expired by that day.
  So in force(Y) = in force(Y−1) + made(Y) − abolished(Y), which the tests check.

表三 — requests by applicant type (the columns), with "finished" = ``answered_on``, else ``closed_on``:

* 一、本年新收: received (``received_on``, the date of receipt of 第三十一条) in Y;
* 二、上年结转: received before 1 January Y and not finished before that day;
* 三、本年度办理结果: finished in Y, counted under its outcome code (a row of the table);
* 四、结转下年度继续办理: received by 31 December Y and not finished by that day.
  Hence 一 + 二 = 三（七）+ 四 holds by construction, and 二(Y) = 四(Y−1).

表四 — appeals filed (``filed_on``) in Y, with their result as of 31 December Y (a decision dated
later counts as 尚未审结): 行政复议; 行政诉讼 未经复议直接起诉 / 复议后起诉 (``after_review`` set).

Section 六 — 信息处理费 collected: fee notices paid (``paid_on``) in Y, in yuan.

All figures of many bodies are computed together, a few grouped queries per table, so a
province's reports come from one pass (benchmarks/bench_reports.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce

from gongkai.disclosure.legal import Validity
from gongkai.disclosure.models import Item
from gongkai.foi.legal import AppealKind, AppealResult
from gongkai.foi.models import Appeal, FeeNotice, InfoRequest
from gongkai.reports.national import (
    TABLE2_COMPUTED,
    TABLE2_ENTERED,
    TABLE3_COLUMNS,
    TABLE3_OUTCOME_ROWS,
    TABLE3_PART_COLUMNS,
    TABLE3_ROWS,
    TABLE4_GROUPS,
    Figures,
    empty_figures,
)

#: Extra figures beside the three tables (section 六).
FEES_COLLECTED = "fees_collected"

ENTERED_FIELDS = {
    ("licensing", "decisions"): "licensing_decisions",
    ("penalty", "decisions"): "penalty_decisions",
    ("coercion", "decisions"): "coercion_decisions",
    ("fees", "income"): "fee_income",
}


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def compute(org_ids: Sequence[int], year: int) -> dict[int, Figures]:
    """The computed figures of each body in ``org_ids`` for ``year`` (entered cells left None)."""
    result: dict[int, Figures] = {}
    for org_id in org_ids:
        figures = empty_figures()
        figures["extra"] = {("fees", FEES_COLLECTED): Decimal("0")}
        result[org_id] = figures
    if not org_ids:
        return result
    _table2(result, list(org_ids), year)
    _table3(result, list(org_ids), year)
    _table4(result, list(org_ids), year)
    _fees(result, list(org_ids), year)
    return result


def _table2(result: dict[int, Figures], ids: list[int], year: int) -> None:
    first, last = year_bounds(year)
    ended = Q(validity__in=[Validity.ABOLISHED, Validity.EXPIRED])
    rows = (
        Item.objects.filter(organization_id__in=ids, published_at__isnull=False)
        .filter(Q(is_regulation=True) | Q(is_normative=True))
        .values("organization_id", "is_regulation")
        .annotate(
            made=Count("pk", filter=Q(date_formed__range=(first, last))),
            abolished=Count("pk", filter=ended & Q(validity_changed_on__range=(first, last))),
            in_force=Count(
                "pk",
                filter=Q(date_formed__lte=last)
                & ~(ended & Q(validity_changed_on__lte=last))
                & ~(ended & Q(validity_changed_on__isnull=True)),
            ),
        )
    )
    for row in rows:
        table = result[row["organization_id"]]["table2"]
        kind = "regulation" if row["is_regulation"] else "normative"
        for col in ("made", "abolished", "in_force"):
            table[kind, col] = int(table[kind, col] or 0) + row[col]


def _table3(result: dict[int, Figures], ids: list[int], year: int) -> None:
    first, last = year_bounds(year)
    requests = InfoRequest.objects.filter(organization_id__in=ids).annotate(
        finished=Coalesce(F("answered_on"), F("closed_on"))
    )

    def add(row: str, org_id: int, applicant_type: str, n: int) -> None:
        table = result[org_id]["table3"]
        table[row, applicant_type] = int(table[row, applicant_type] or 0) + n

    for org_id, kind, n in (
        requests.filter(received_on__range=(first, last))
        .values_list("organization_id", "applicant_type")
        .annotate(n=Count("pk"))
    ):
        add("new", org_id, kind, n)
    for org_id, kind, n in (
        requests.filter(received_on__lt=first)
        .filter(Q(finished__isnull=True) | Q(finished__gte=first))
        .values_list("organization_id", "applicant_type")
        .annotate(n=Count("pk"))
    ):
        add("carried_in", org_id, kind, n)
    for org_id, kind, outcome, n in (
        requests.filter(finished__range=(first, last))
        .values_list("organization_id", "applicant_type", "outcome")
        .annotate(n=Count("pk"))
    ):
        add(outcome if outcome in TABLE3_OUTCOME_ROWS else "6.3", org_id, kind, n)
    for org_id, kind, n in (
        requests.filter(received_on__lte=last)
        .filter(Q(finished__isnull=True) | Q(finished__gt=last))
        .values_list("organization_id", "applicant_type")
        .annotate(n=Count("pk"))
    ):
        add("carried_out", org_id, kind, n)
    for figures in result.values():
        _table3_totals(figures["table3"])


def _table3_totals(table: dict[tuple[str, str], Any]) -> None:
    for col in TABLE3_PART_COLUMNS:
        table["outcome_total", col] = sum(int(table[row, col] or 0) for row in TABLE3_OUTCOME_ROWS)
    for row, _, _ in TABLE3_ROWS:
        table[row, "total"] = sum(int(table[row, col] or 0) for col in TABLE3_PART_COLUMNS)


def _table4(result: dict[int, Figures], ids: list[int], year: int) -> None:
    first, last = year_bounds(year)
    rows = (
        Appeal.objects.filter(request__organization_id__in=ids, filed_on__range=(first, last))
        .values_list("request__organization_id", "kind", "after_review_id", "result", "decided_on")
        .iterator()
    )
    for org_id, kind, after_review, result_code, decided_on in rows:
        group = "review" if kind == AppealKind.REVIEW else ("after_review" if after_review else "direct")
        decided = result_code != AppealResult.PENDING and decided_on is not None and decided_on <= last
        column = result_code if decided else "pending"  # the result codes are the column keys
        table = result[org_id]["table4"]
        table["all", f"{group}.{column}"] = int(table["all", f"{group}.{column}"] or 0) + 1
        table["all", f"{group}.total"] = int(table["all", f"{group}.total"] or 0) + 1


def _fees(result: dict[int, Figures], ids: list[int], year: int) -> None:
    first, last = year_bounds(year)
    for org_id, total in (
        FeeNotice.objects.filter(request__organization_id__in=ids, paid_on__range=(first, last))
        .values_list("request__organization_id")
        .annotate(total=Sum("amount"))
    ):
        result[org_id]["extra"]["fees", FEES_COLLECTED] = Decimal(total or 0)


# -- reports -----------------------------------------------------------------------------------------


def with_entered(figures: Figures, report: Any) -> Figures:
    """The figures with the report's entered 表二 cells filled in."""
    table2 = dict(figures["table2"])
    for cell, field in ENTERED_FIELDS.items():
        table2[cell] = getattr(report, field)
    return {**figures, "table2": table2}


def for_report(report: Any) -> Figures:
    """The report's figures: as frozen on submission, else computed now, with the entered cells."""
    if report.figures:
        figures = from_json(report.figures)
    else:
        figures = compute([report.organization_id], report.year)[report.organization_id]
    return with_entered(figures, report)


def aggregate(all_figures: Iterable[Figures]) -> Figures:
    """The sum of several bodies' figures (the competent authority's regional view). An entered
    cell stays None only if no body entered it."""
    total = empty_figures()
    total["extra"] = {("fees", FEES_COLLECTED): Decimal("0")}
    for figures in all_figures:
        for table, cells in figures.items():
            for cell, value in cells.items():
                if value is None:
                    continue
                current = total.setdefault(table, {}).get(cell)
                total[table][cell] = (current or 0) + value
    return total


def to_json(figures: Figures) -> dict[str, dict[str, Any]]:
    """Figures as JSON: cells keyed ``row|col``; decimals as strings."""
    return {
        table: {
            f"{row}|{col}": (str(value) if isinstance(value, Decimal) else value)
            for (row, col), value in cells.items()
        }
        for table, cells in figures.items()
    }


def from_json(data: dict[str, dict[str, Any]]) -> Figures:
    figures: Figures = {}
    for table, cells in data.items():
        parsed: dict[tuple[str, str], Any] = {}
        for key, value in cells.items():
            row, col = key.split("|", 1)
            if isinstance(value, str):
                value = Decimal(value)
            parsed[row, col] = value
        figures[table] = parsed
    return figures


def carried_out(figures: Figures) -> dict[str, int]:
    """四、结转下年度继续办理 by column: what next year's 二、上年结转 must equal."""
    return {col: int(figures["table3"].get(("carried_out", col)) or 0) for col, _ in TABLE3_COLUMNS}


__all__ = [
    "ENTERED_FIELDS",
    "FEES_COLLECTED",
    "TABLE2_COMPUTED",
    "TABLE2_ENTERED",
    "TABLE4_GROUPS",
    "aggregate",
    "carried_out",
    "compute",
    "for_report",
    "from_json",
    "to_json",
    "with_entered",
    "year_bounds",
]
