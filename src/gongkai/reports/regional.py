"""The competent authority's view of its region's annual reports (docs/SPEC.md §6): who has submitted, and
the region's figures summed with each body's contribution (the drill-down).

A body's figures are those of its report as submitted (frozen) when it has reached the competent
authority, else computed now from the register (``reports.figures``), with any entered cells of
its draft. All unsubmitted bodies are computed together in one pass.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.orgs.models import Organization
from gongkai.reports import figures as report_figures
from gongkai.reports import national, policy
from gongkai.reports.models import AnnualReport
from gongkai.reports.national import Figures
from gongkai.reports.services import due_date, is_submitted


@dataclass
class BodyRow:
    """One body of the region in the overview."""

    organization: Organization
    report: AnnualReport | None
    due: dt.date
    overdue: bool  # past the deadline and not submitted

    @property
    def submitted(self) -> bool:
        return is_submitted(self.report)

    @property
    def state_label(self) -> str:
        return self.report.get_state_display() if self.report is not None else "未开始"

    @property
    def state(self) -> str:
        return self.report.state if self.report is not None else "none"

    @property
    def submitted_late(self) -> bool:
        return bool(
            self.report is not None
            and self.report.submitted_at is not None
            and self.report.submitted_at.date() > self.due
        )


@dataclass
class Overview:
    authority: Organization
    year: int
    rows: list[BodyRow]

    @property
    def missing(self) -> list[BodyRow]:
        return [row for row in self.rows if not row.submitted]

    @property
    def missing_count(self) -> int:
        return len(self.missing)

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.rows if row.overdue)


def overview(authority: Organization, year: int, today: dt.date) -> Overview:
    bodies = policy.reporting_bodies(authority)
    reports = {
        r.organization_id: r
        for r in AnnualReport.objects.filter(
            organization__in=[b.pk for b in bodies], year=year
        ).select_related("submitted_by", "reviewed_by")
    }
    rows = []
    for body in bodies:
        report = reports.get(body.pk)
        due = due_date(body, year)
        rows.append(BodyRow(body, report, due, overdue=not is_submitted(report) and today > due))
    return Overview(authority, year, rows)


# -- aggregation and drill-down ---------------------------------------------------------------------


@dataclass
class Contribution:
    organization: Organization
    figures: Figures
    frozen: bool  # from the report as submitted (else computed now)


@dataclass
class Aggregation:
    total: Figures
    bodies: list[Contribution] = field(default_factory=list)


def regional_figures(rows: list[BodyRow], year: int, *, submitted_only: bool = False) -> Aggregation:
    """Each body's figures and their sum (``reports.figures.aggregate``)."""
    chosen = [row for row in rows if row.submitted or not submitted_only]
    to_compute = [row.organization.pk for row in chosen if not (row.report and row.report.figures)]
    computed = report_figures.compute(to_compute, year)
    contributions = []
    for row in chosen:
        report = row.report
        if report is not None and report.figures:
            figures = report_figures.with_entered(report_figures.from_json(report.figures), report)
            frozen = True
        else:
            figures = computed[row.organization.pk]
            if report is not None:
                figures = report_figures.with_entered(figures, report)
            frozen = False
        contributions.append(Contribution(row.organization, figures, frozen))
    return Aggregation(report_figures.aggregate(c.figures for c in contributions), contributions)


#: The headline figures of the drill-down (label, [(table, row, col), …] summed).
HEADLINES: list[tuple[str, str, list[tuple[str, str, str]]]] = [
    ("new", "本年新收申请", [("table3", "new", "total")]),
    ("outcome_total", "办理结果总计", [("table3", "outcome_total", "total")]),
    ("carried_out", "结转下年度", [("table3", "carried_out", "total")]),
    ("review", "行政复议", [("table4", "all", "review.total")]),
    ("litigation", "行政诉讼", [("table4", "all", "direct.total"), ("table4", "all", "after_review.total")]),
]


def _value(figures: Figures, table: str, row: str, col: str) -> int | Decimal | None:
    return figures.get(table, {}).get((row, col))


def headline_values(figures: Figures) -> list[int]:
    return [sum(int(_value(figures, *cell) or 0) for cell in cells) for _, _, cells in HEADLINES]


def cell_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Every cell of the three tables and section 六's fees, grouped by table: (key, label)."""
    t2 = []
    for group in national.TABLE2:
        for row, row_label in group.rows:
            for col, col_label in group.columns:
                t2.append((f"table2:{row}:{col}", f"{group.article} {row_label} × {col_label}"))
    t3 = []
    for row, _, _ in national.TABLE3_ROWS:
        for col, col_label in national.TABLE3_COLUMNS:
            t3.append((f"table3:{row}:{col}", f"{national._row_label(row)} × {col_label}"))
    results = dict(national.TABLE4_RESULTS)
    groups = dict(national.TABLE4_GROUPS)
    t4 = []
    for group_key, result in national.TABLE4_COLUMNS:
        prefix = "行政复议" if group_key == "review" else f"行政诉讼 {groups[group_key]}"
        t4.append((f"table4:all:{group_key}.{result}", f"{prefix} × {results[result]}"))
    extra = [(f"extra:fees:{report_figures.FEES_COLLECTED}", "收取信息处理费（元）")]
    return [("表二", t2), ("表三", t3), ("表四", t4), ("六、其他需要报告的事项", extra)]


def cell_label(key: str) -> str | None:
    for _, cells in cell_choices():
        for cell_key, label in cells:
            if cell_key == key:
                return label
    return None


def parse_cell(key: str) -> tuple[str, str, str] | None:
    """``table3:new:total`` → ("table3", "new", "total"), or None when no such cell exists."""
    if cell_label(key) is None:
        return None
    table, row, col = key.split(":", 2)
    return table, row, col


@dataclass
class DrillRow:
    organization: Organization
    value: Any
    frozen: bool
    share: Decimal | None  # percent of the region's total


def drill_down(aggregation: Aggregation, table: str, row: str, col: str) -> list[DrillRow]:
    """Each body's contribution to one cell of the region's figures."""
    total = _value(aggregation.total, table, row, col) or 0
    result = []
    for c in aggregation.bodies:
        value = _value(c.figures, table, row, col)
        share = (Decimal(value) * 100 / Decimal(total)).quantize(Decimal("0.1")) if value and total else None
        result.append(DrillRow(c.organization, value, c.frozen, share))
    return result
