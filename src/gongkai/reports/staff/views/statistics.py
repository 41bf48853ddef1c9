"""统计分析: items published per column and month, working days from formation to publication per
body (第二十六条), requests by outcome and month (表三 groups), for one body or everything the person
may read, one year at a time; a chart and a table per section, each table exportable as XLSX.

Routes: ``gongkai.reports.staff.urls``. The queries are ``gongkai.reports.statistics``;
the charts ``gongkai.reports.charts`` (inline SVG, no script, no external asset). The export follows
the 时效统计 page (``disclosure.staff.views.timeliness``) and reuses its headers and rows
(``disclosure.selectors.timeliness_table``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.tabular import Sheet, write_workbook
from gongkai.disclosure.selectors import TIMELINESS_HEADERS, timeliness_table
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization
from gongkai.reports import charts
from gongkai.reports.staff.forms import StatisticsForm
from gongkai.reports.statistics import (
    MONTH_LABELS,
    ItemsByColumn,
    MonthlyRow,
    RequestsByOutcome,
    TimelinessTable,
    items_by_column,
    requests_by_outcome,
    timeliness_for_year,
)

TABLES = {
    "items": gettext_lazy("各栏目发布情况"),
    "timeliness": gettext_lazy("成文至发布工作日数"),
    "requests": gettext_lazy("依申请公开办理结果"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Statistics:
    scope_label: str
    year: int
    items: ItemsByColumn
    timeliness: TimelinessTable
    requests: RequestsByOutcome


def _form(request: HttpRequest) -> tuple[StatisticsForm, Any]:
    this_year = timezone.localdate().year
    readable = org_policy.readable_orgs(request.user)
    form = StatisticsForm(
        {"org": request.GET.get("org", ""), "year": request.GET.get("year") or this_year},
        organizations=readable,
        this_year=this_year,
    )
    return form, readable


def _statistics(form: StatisticsForm, readable: Any) -> Statistics:
    year: int = form.cleaned_data["year"]
    org: Organization | None = form.cleaned_data["org"]
    if org is not None:
        org_ids: list[int] = [org.pk]
        label = org.name
    else:
        org_ids = list(readable.values_list("pk", flat=True))
        label = (
            Organization.objects.get(pk=org_ids[0]).name
            if len(org_ids) == 1
            else _("我可以查看的全部机构（共%(org_ids)s个）") % {"org_ids": len(org_ids)}
        )
    return Statistics(
        scope_label=label,
        year=year,
        items=items_by_column(org_ids, year),
        timeliness=timeliness_for_year(org_ids, year),
        requests=requests_by_outcome(org_ids, year),
    )


def _month_summary(row: MonthlyRow, unit: str) -> str:
    months = "，".join(f"{label}{n}{unit}" for label, n in zip(MONTH_LABELS, row.months, strict=True))
    return _("%(months)s；全年合计%(total)s%(unit)s。") % {"months": months, "total": row.total, "unit": unit}


def _safe(svg: str) -> SafeString:
    # charts.* escapes every text it puts into the SVG (names of bodies included).
    return mark_safe(svg)  # noqa: S308


def _charts(stats: Statistics) -> dict[str, SafeString | None]:
    year = stats.year
    items, timeliness, requests = stats.items, stats.timeliness, stats.requests
    out: dict[str, SafeString | None] = {"items": None, "timeliness": None, "requests": None}
    if items.totals.total:
        out["items"] = _safe(
            charts.bar_chart(
                chart_id="chart-items",
                title=_("%(scope_label)s%(year)s年各月主动公开信息发布条数")
                % {"scope_label": stats.scope_label, "year": year},
                description=_("各月发布条数：") + _month_summary(items.totals, _("条")),
                categories=MONTH_LABELS,
                series=[charts.Series(_("发布条数"), tuple(items.totals.months))],
                value_label=_("条数"),
                category_label=_("发布月份"),
            )
        )
    if timeliness.rows:
        overall = timeliness.overall
        out["timeliness"] = _safe(
            charts.bar_chart(
                chart_id="chart-timeliness",
                title=_("%(scope_label)s%(year)s年各机构成文至发布工作日数")
                % {"scope_label": stats.scope_label, "year": year},
                description=(
                    _(
                        "%(rows)s个机构共发布%(published)s条，平均%(average)s个工作日，最长%(maximum)s个工作日，超过%(limit)s个工作日的%(over_limit)s条。"
                    )
                    % {
                        "rows": len(timeliness.rows),
                        "published": overall.published,
                        "average": charts.format_number(overall.average),
                        "maximum": charts.format_number(overall.maximum),
                        "limit": timeliness.limit,
                        "over_limit": overall.over_limit,
                    }
                    + "；".join(
                        _("%(organization_name)s平均%(average)s、最长%(maximum)s个工作日")
                        % {
                            "organization_name": t.organization_name,
                            "average": charts.format_number(t.average),
                            "maximum": charts.format_number(t.maximum),
                        }
                        for t in timeliness.rows
                    )
                    + "。"
                ),
                categories=[t.organization_name for t in timeliness.rows],
                series=[
                    charts.Series(_("平均工作日"), tuple(t.average for t in timeliness.rows)),
                    charts.Series(
                        _("最长工作日"),
                        tuple(float(t.maximum) if t.maximum is not None else None for t in timeliness.rows),
                    ),
                ],
                value_label=_("工作日"),
                horizontal=True,
                reference=charts.Reference(
                    timeliness.limit, _("时限：%(limit)s个工作日") % {"limit": timeliness.limit}
                ),
            )
        )
    if requests.received.total or requests.finished.total:
        out["requests"] = _safe(
            charts.line_chart(
                chart_id="chart-requests",
                title=_("%(scope_label)s%(year)s年各月依申请公开新收和办结件数")
                % {"scope_label": stats.scope_label, "year": year},
                description=(
                    _("新收申请：%(received)s办结：%(finished)s")
                    % {
                        "received": _month_summary(requests.received, _("件")),
                        "finished": _month_summary(requests.finished, _("件")),
                    }
                ),
                categories=MONTH_LABELS,
                series=[
                    charts.Series(_("新收申请"), tuple(requests.received.months)),
                    charts.Series(_("办结"), tuple(requests.finished.months)),
                ],
                value_label=_("件数"),
                category_label=_("月份"),
            )
        )
    return out


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    form, readable = _form(request)
    stats = _statistics(form, readable) if form.is_valid() else None
    return render(
        request,
        "backoffice/statistics.html",
        {
            "form": form,
            "stats": stats,
            "charts": _charts(stats) if stats else {},
            "month_labels": MONTH_LABELS,
            "nav_section": "statistics",
        },
        status=200 if stats else 400,
    )


# -- XLSX export ------------------------------------------------------------------------------------


def _monthly(row: MonthlyRow) -> list[object]:
    return [row.label, *row.cells]


def _items_sheet(stats: Statistics) -> Sheet:
    return Sheet(
        str(TABLES["items"]),
        _("%(scope_label)s%(year)s年各栏目主动公开信息发布情况（按发布月份）")
        % {"scope_label": stats.scope_label, "year": stats.year},
        [_("栏目"), *MONTH_LABELS, _("合计")],
        [*(_monthly(r) for r in stats.items.rows), _monthly(stats.items.totals)],
    )


def _timeliness_sheet(stats: Statistics) -> Sheet:
    table, overall = stats.timeliness, stats.timeliness.overall
    total: list[object] = [
        _("合计"),
        overall.published,
        overall.average if overall.average is not None else "",
        overall.maximum or 0,
        overall.over_limit,
    ]
    return Sheet(
        str(TABLES["timeliness"]),
        _(
            "%(scope_label)s%(year)s年成文至发布工作日数（《中华人民共和国政府信息公开条例》第二十六条：%(limit)s个工作日）"
        )
        % {"scope_label": stats.scope_label, "year": stats.year, "limit": table.limit},
        TIMELINESS_HEADERS,
        [*timeliness_table(table.rows), total],
    )


def _requests_sheet(stats: Statistics) -> Sheet:
    table = stats.requests
    return Sheet(
        str(TABLES["requests"]),
        _("%(scope_label)s%(year)s年依申请公开办理结果（按答复或终止办理月份）及新收申请")
        % {"scope_label": stats.scope_label, "year": stats.year},
        [_("项目"), *MONTH_LABELS, _("合计")],
        [*(_monthly(r) for r in table.outcomes), _monthly(table.finished), _monthly(table.received)],
    )


SHEETS = {"items": _items_sheet, "timeliness": _timeliness_sheet, "requests": _requests_sheet}


def _sheets(stats: Statistics, table: str) -> list[Sheet]:
    names = list(SHEETS) if table == "all" else [table]
    return [SHEETS[name](stats) for name in names]


def _workbook(sheets: list[Sheet]) -> bytes:
    return write_workbook(sheets, first_column_width=40)


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    table = request.GET.get("table") or "all"
    form, readable = _form(request)
    form.is_valid()
    if table != "all" and table not in TABLES:
        form.add_error(
            None, _("请选择要导出的统计表：各栏目发布情况、成文至发布工作日数或依申请公开办理结果。")
        )
    if form.errors:
        return render(
            request,
            "backoffice/statistics.html",
            {"form": form, "stats": None, "charts": {}, "nav_section": "statistics"},
            status=400,
        )
    stats = _statistics(form, readable)
    response = HttpResponse(_workbook(_sheets(stats, table)), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="statistics-{table}-{stats.year}.xlsx"'
    return response
