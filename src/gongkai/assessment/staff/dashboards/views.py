"""考核看板: the assessment dashboards (docs/SPEC.md §7, issue 12 item 6).

* ``assessment_dashboards`` — the region's dashboard for a supervisor of the competent authority
  (every body below them): an indicator's trend per month (the region and a chosen body), the latest
  final round's results per peer group, the bodies ranked on the indicator (ties 并列, small samples
  not ranked), the heat map of overdue work (bodies × months) and the region's tree coloured by
  score. A body's staff, who read only their own body, are sent to its dashboard;
* ``assessment_dashboard_body`` — one body's dashboard: its indicators for the year, its trend, its
  position within its peer group in the latest final round, its overdue work per month;
* ``assessment_dashboard_records`` — the drill-down: the records behind one body's figure;
* ``assessment_dashboard_xlsx`` — every table as ``.xlsx`` (``core.tabular.write_workbook``).

Figures: ``gongkai.assessment.dashboards``; charts: ``gongkai.reports.charts`` (inline SVG, no
script). A body out of the person's scope is a 404; bad parameters a 400 with the reason in Chinese.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from gongkai.assessment import dashboards, heatmap, indicators, standings
from gongkai.assessment.dashboards import HeatMap, Trend
from gongkai.assessment.indicators import Definition, Period
from gongkai.assessment.staff.dashboards.forms import DashboardForm, RecordsForm
from gongkai.backoffice.views.common import deny_unless
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.core.widgets import mark_chosen, option_tags
from gongkai.orgs.models import Organization
from gongkai.reports import charts

NAV = "assessment_dashboards"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Rows of the region's heat map and indicator ranking on the page (a province has a thousand
#: bodies; the XLSX holds them all).
HEAT_LIMIT = 40
RANKING_LIMIT = 50
#: A body's page lists the other bodies read up to this many; beyond, it points to the region's tree.
OTHERS_LIMIT = 30
NO_DASHBOARD = gettext_lazy("您没有可以查看考核看板的机构。")
TABLES = {
    "trend": gettext_lazy("指标逐月趋势"),
    "results": gettext_lazy("考核结果排名"),
    "ranking": gettext_lazy("指标排名"),
    "heatmap": gettext_lazy("超期工作热力图"),
    "tree": gettext_lazy("考核得分机构树"),
    "indicators": gettext_lazy("本单位全年指标"),
    "records": gettext_lazy("指标明细记录"),
}


class BadRequest(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _errors(form: Any) -> list[str]:
    return [str(e) for errs in form.errors.values() for e in errs]


def _bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/assessment/dashboards/bad_request.html",
        {"errors": exc.errors, "nav_section": NAV},
        status=400,
    )


def _orgs(request: HttpRequest) -> list[Organization]:
    deny_unless(dashboards.can_open_dashboards(request.user), NO_DASHBOARD)
    return list(dashboards.dashboard_orgs(request.user))


def _org_rows(request: HttpRequest) -> list[tuple[int, str]]:
    """(id, name) of the bodies read, in the tree's order: what the region's page needs of a
    province's thousand bodies on every view (the bodies themselves only to build a section)."""
    deny_unless(dashboards.can_open_dashboards(request.user), NO_DASHBOARD)
    return list(dashboards.dashboard_orgs(request.user).values_list("pk", "name"))


def _org_options(rows: list[tuple[int, str]], chosen: Organization | None) -> SafeString:
    """The options of the 对照机构 select, written here rather than by a template loop (a thousand
    bodies)."""
    return mark_safe(mark_chosen(option_tags(rows), [chosen.pk] if chosen else []))  # noqa: S308 - escaped


def _form(request: HttpRequest, orgs: list[Organization] | list[int]) -> DashboardForm:
    form = DashboardForm(request.GET, today=timezone.localdate(), organizations=orgs)
    if not form.is_valid():
        raise BadRequest(_errors(form))
    return form


def _month_labels() -> list[str]:
    return [_("%(m)d月") % {"m": m} for m in dashboards.MONTHS]


def _records_url(code: str, org_id: int, start: dt.date, end: dt.date) -> str:
    # codes and dates need no escaping: built by hand (a thousand links a page, reverse() once)
    return f"{_records_path()}?code={code}&org={org_id}&from={start.isoformat()}&to={end.isoformat()}"


def _records_path() -> str:
    return reverse("backoffice:assessment_dashboard_records")


def _month_span(year: int, month: int) -> tuple[dt.date, dt.date]:
    p = Period.month(year, month)
    return p.start, p.end


# -- the pieces ----------------------------------------------------------------------------------


def _trend_chart(t: Trend) -> SafeString:
    d = t.definition
    series = []
    if t.region is not None:
        series.append(
            charts.Series(_("全部机构合计"), tuple(dashboards.chart_value(d, p.value) for p in t.region))
        )
    if t.body is not None and t.body_points is not None:
        series.append(
            charts.Series(t.body.name, tuple(dashboards.chart_value(d, p.value) for p in t.body_points))
        )
    if not series or all(all(v is None for v in s.values) for s in series):
        return mark_safe("")
    unit = _("百分比") if d.unit == "rate" else (_("工作日") if d.unit == "days" else _("数量"))
    return mark_safe(  # noqa: S308 - charts escapes every text it draws
        charts.line_chart(
            chart_id="trend-chart",
            title=_("%(label)s（%(year)s年逐月）") % {"label": d.label, "year": t.year},
            description=_("各月的数值见图下的表格。"),
            categories=_month_labels(),
            series=series,
            value_label=unit,
            integer=d.unit in dashboards.ADDITIVE_UNITS,
        )
    )


def _trend_rows(t: Trend) -> list[dict[str, Any]]:
    rows = []
    for i, m in enumerate(dashboards.MONTHS):
        start, end = _month_span(t.year, m)
        region = t.region[i] if t.region is not None else None
        body = t.body_points[i] if t.body_points is not None else None
        rows.append(
            {
                "month": m,
                "label": _("%(m)d月") % {"m": m},
                "region": dashboards.display(t.definition, region.value, combined=True) if region else None,
                "region_basis": _basis(region) if region else "",
                "body": dashboards.display(t.definition, body.value) if body else None,
                "body_basis": _basis(body) if body else "",
                "body_url": _records_url(t.definition.code, t.body.pk, start, end) if t.body else "",
                "body_linked": body is not None and body.value is not None,
            }
        )
    return rows


def _basis(point: dashboards.TrendPoint) -> str:
    if point.sample:
        return _("%(count)s/%(sample)s") % {"count": point.count or 0, "sample": point.sample}
    return ""


def _ranking_rows(
    year: int, d: Definition, ranked: list[dashboards.Standing], minimum: int
) -> list[dict[str, Any]]:
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    out = []
    for s in ranked:
        note = ""
        if s.unranked == "small_sample":
            note = _("样本不足（少于%(n)d件），不参与排名") % {"n": minimum}
        elif s.unranked == "no_figure":
            note = _("无数据")
        out.append(
            {
                "standing": s,
                "value": dashboards.display(d, s.value),
                "basis": _("%(count)s/%(sample)s") % {"count": s.count or 0, "sample": s.sample}
                if s.sample and d.unit == "rate"
                else "",
                "url": _records_url(d.code, s.organization.pk, start, end),
                "note": note,
                "interval": (
                    _("95%%置信区间 %(low)s–%(high)s")
                    % {"low": standings.percent(s.interval[0]), "high": standings.percent(s.interval[1])}
                    if s.interval
                    else ""
                ),
            }
        )
    return out


def _heat_rows(h: HeatMap, limit: int | None = None) -> list[dict[str, Any]]:
    """The rows of the heat map as the page shows them: with ``limit``, the bodies with the most
    overdue work first and at most ``limit`` of them (the XLSX holds every body)."""
    labels = [(d.code, str(d.label)) for d in h.codes]
    spans = [_month_span(h.year, m) for m in dashboards.MONTHS]
    base = _records_path()
    shown = h.rows
    if limit is not None:
        shown = sorted((r for r in h.rows if r.total), key=lambda r: -r.total)[:limit]
    rows = []
    for r in shown:
        cells = []
        for c in r.cells:
            start, end = spans[c.month - 1]
            parts = "；".join(f"{label} {c.parts.get(code, 0)}" for code, label in labels)
            url = f"{base}?code=overdue&org={r.organization.pk}&from={start.isoformat()}&to={end.isoformat()}"
            cells.append({"cell": c, "url": url, "title": parts})
        rows.append(
            {
                "row": r,
                "cells": cells,
                "url": _records_url(
                    "overdue", r.organization.pk, dt.date(h.year, 1, 1), dt.date(h.year, 12, 31)
                ),
            }
        )
    return rows


def _tree_groups(
    nodes: list[dashboards.TreeNode],
) -> list[tuple[dashboards.TreeNode, list[dashboards.TreeNode]]]:
    """The tree as the page draws it: the region and the governments and bodies right below it on
    lines of their own, everything deeper as chips wrapped under its line (a county's departments
    and townships side by side)."""
    groups: list[tuple[dashboards.TreeNode, list[dashboards.TreeNode]]] = []
    for node in nodes:
        if node.depth <= 1 or not groups:
            groups.append((node, []))
        else:
            groups[-1][1].append(node)
    return groups


def _tree_html(
    groups: list[tuple[dashboards.TreeNode, list[dashboards.TreeNode]]], year: int, code: str
) -> SafeString:
    """The tree coloured by score as HTML, written here rather than by a template included once per
    body: for a province's 1,000 bodies the includes were most of the page's time."""
    query = urlencode({"year": year, "code": code})
    points, no_score = _("分"), _("无得分")

    def node(n: dashboards.TreeNode) -> SafeString:
        r = n.result
        if r is not None and r.total is not None:
            score = format_html("{}{}{}", r.total, points, format_html(" · {}", r.grade) if r.grade else "")
        else:
            score = format_html("{}", no_score)
        return format_html(
            '<span class="node {}"><a href="{}?{}">{}</a> <span>{}</span></span>',
            n.swatch.css,
            reverse("backoffice:assessment_dashboard_body", args=[n.organization.pk]),
            query,
            n.organization.name,
            score,
        )

    items = []
    for top, chips in groups:
        inner = (
            format_html(
                '<ul class="chips">{}</ul>', format_html_join("", "<li>{}</li>", ((node(c),) for c in chips))
            )
            if chips
            else ""
        )
        items.append(format_html('<li class="depth-{}">{}{}</li>', top.depth, node(top), inner))
    return format_html('<ul class="org-tree">{}</ul>', mark_safe("".join(items)))  # noqa: S308 - each part escaped


#: Stand-ins for the indicator and the page's query in the sections that do not depend on them but
#: link with them (the results and the tree): kept once for every indicator, filled in per page.
CODE_TOKEN = "gk-code-token"  # noqa: S105 - not a secret
QUERY_TOKEN = "gk-query-token"  # noqa: S105 - not a secret
SECTIONS = "backoffice/assessment/dashboards/_region_sections.html"


def region_sections(
    user: Any,
    year: int,
    code: str,
    ids: list[int],
    body: Organization | None,
    request: HttpRequest | None = None,
) -> SafeString:
    """The region's sections as HTML (``_region_sections.html``) of ``user``'s bodies ``ids``, each
    kept as long as the figures it is built from (``dashboards.section_lifetime``) and by what it
    depends on: the trend by indicator and chosen body, the ranking by indicator and round (its
    minimum sample), the results and the tree by round, the heat map by nothing but the year — all
    by the bodies read, the language and the figures' generation (a new one each time the round job
    computes them afresh). Building them for a province's 1,000 bodies takes seconds even from
    cached figures (docs/PERFORMANCE.md, "Supervision"): every supervisor of a region asks for the
    same pages, one switching indicators rebuilds only the trend and the ranking, and the round job
    builds the default page's right after the figures (``hooks/dashboards.py``)."""
    round_ = dashboards.latest_final_round(ids)
    digest = hashlib.sha256(",".join(map(str, ids)).encode()).hexdigest()[:24]
    stamp = f"{round_.pk}-{round_.finalized_at.timestamp():.0f}" if round_ and round_.finalized_at else "0"

    @functools.cache
    def orgs() -> list[Organization]:  # only when a section is built
        return list(dashboards.dashboard_orgs(user))

    generation = dashboards.generation(year, ids)
    base = f"assessment:dashboards:region:{year}:{get_language()}:{digest}:{generation}"
    defs = indicators.definitions()
    query = _query(year, code, body)

    def part(name: str, key: str, build: Any, **common: Any) -> str:
        html = cache.get(key)
        if html is None:
            ctx = {"part": name, "year": year, "month_labels": _month_labels(), **common, **build()}
            html = str(render_to_string(SECTIONS, ctx, request))
            cache.set(key, html, dashboards.section_lifetime(year))
        return html

    def trend() -> dict[str, Any]:
        if not code:
            return {}
        t = dashboards.trend(year, code, ids, body)
        return {"trend": t, "trend_chart": _trend_chart(t), "trend_rows": _trend_rows(t)}

    def ranking() -> dict[str, Any]:
        if not code:
            return {}
        minimum = dashboards.min_sample(code, round_)
        ranked = dashboards.indicator_ranking(Period.year(year), code, orgs(), minimum=minimum)
        return {
            "ranking": _ranking_rows(year, defs[code], ranked[:RANKING_LIMIT], minimum),
            "ranking_total": len(ranked),
        }

    def heat() -> dict[str, Any]:
        h = dashboards.heat_map(year, orgs())
        return {
            "heat": h,
            "heat_rows": _heat_rows(h, HEAT_LIMIT),
            "heat_limited": True,
            "heat_with_work": sum(1 for r in h.rows if r.total),
            "heat_query": urlencode({"year": year}),
        }

    def results() -> dict[str, Any]:
        return {"round": round_, "groups": dashboards.round_results(round_, ids) if round_ else []}

    def tree() -> dict[str, Any]:
        nodes = dashboards.tree(orgs(), round_)
        return {
            "round": round_,
            "tree": _tree_html(_tree_groups(nodes), year, CODE_TOKEN),
            "score_legend": heatmap.score_legend(),
            "no_score": heatmap.NO_SCORE,
        }

    chosen = body.pk if body else 0
    mine = {"code": code, "body": body, "definition": defs.get(code), "query": query}
    tokens = {"code": CODE_TOKEN, "query": QUERY_TOKEN}
    html = "".join(
        [
            part("trend", f"{base}:trend:{code}:{chosen}", trend, **mine),
            part("results", f"{base}:results:{stamp}", results, **tokens),
            part("ranking", f"{base}:ranking:{code}:{chosen}:{stamp}", ranking, **mine),
            part("heat", f"{base}:heat", heat),
            part("tree", f"{base}:tree:{stamp}", tree, **tokens),
        ]
    )
    # both stand-ins are plain words, escaped as themselves; the values are filled in escaped
    html = html.replace(QUERY_TOKEN, str(escape(query))).replace(CODE_TOKEN, str(escape(code)))
    return mark_safe(html)  # noqa: S308 - rendered by the template, which escapes; values escaped above


def _query(year: int, code: str, body: Organization | None) -> str:
    return urlencode({"year": year, "code": code, **({"org": body.pk} if body else {})})


def _body_context(
    year: int, code: str, org: Organization, orgs: list[Organization], *, with_region: bool
) -> dict[str, Any]:
    defs = indicators.definitions()
    figures = dashboards.figures(Period.year(year), [org.pk]).get(org.pk, {})
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = []
    for d in defs.values():
        f = figures.get(d.code)
        rows.append(
            {
                "definition": d,
                "value": dashboards.display(d, f.value if f else None),
                "basis": _("%(count)s/%(sample)s") % {"count": f.count or 0, "sample": f.sample}
                if f is not None and f.sample and d.unit == "rate"
                else "",
                "url": _records_url(d.code, org.pk, start, end),
                "linked": f is not None and f.value is not None,
            }
        )
    ctx: dict[str, Any] = {"indicator_rows": rows, "definition": defs.get(code)}
    if code:
        t = dashboards.trend(year, code, [o.pk for o in orgs], org, with_region=with_region)
        ctx.update(trend=t, trend_chart=_trend_chart(t), trend_rows=_trend_rows(t))
    round_ = dashboards.latest_final_round([org.pk])
    heat = dashboards.heat_map(year, [org])
    ctx.update(
        round=round_,
        position=dashboards.body_position(round_, org) if round_ else None,
        heat=heat,
        heat_rows=_heat_rows(heat),
    )
    return ctx


def _body_or_404(orgs: list[Organization], pk: int) -> Organization:
    org = next((o for o in orgs if o.pk == pk), None)
    if org is None:
        raise Http404(_("没有找到这个考核看板"))
    return org


# -- pages ---------------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rows = _org_rows(request)
    ids = [pk for pk, _name in rows]
    if not dashboards.sees_region(request.user) and len(ids) == 1:
        query = request.GET.urlencode()
        url = reverse("backoffice:assessment_dashboard_body", args=[ids[0]])
        return redirect(f"{url}?{query}" if query else url)
    try:
        form = _form(request, ids)
    except BadRequest as exc:
        return _bad_request(request, exc)
    year, code, body = form.cleaned_data["year"], form.cleaned_data["code"], form.cleaned_data["org"]
    ctx = {
        "sections": region_sections(request.user, year, code, ids, body, request),
        "form": form,
        "year": year,
        "code": code,
        "body": body,
        "org_count": len(ids),
        "org_options": _org_options(rows, body),
        "nav_section": NAV,
    }
    return render(request, "backoffice/assessment/dashboards/region.html", ctx)


@login_required
def body(request: HttpRequest, pk: int) -> HttpResponse:
    orgs = _orgs(request)
    org = _body_or_404(orgs, pk)
    try:
        form = _form(request, orgs)
    except BadRequest as exc:
        return _bad_request(request, exc)
    year, code = form.cleaned_data["year"], form.cleaned_data["code"]
    region = dashboards.sees_region(request.user)
    ctx = _body_context(year, code, org, orgs, with_region=region)
    ctx.update(
        form=form,
        year=year,
        code=code,
        org=org,
        sees_region=region,
        others=[o for o in orgs if o.pk != org.pk] if 1 < len(orgs) <= OTHERS_LIMIT else [],
        many_others=len(orgs) > OTHERS_LIMIT,
        month_labels=_month_labels(),
        query=urlencode({"year": year, "code": code, "org": org.pk}),
        heat_query=urlencode({"year": year, "org": org.pk}),
        nav_section=NAV,
    )
    return render(request, "backoffice/assessment/dashboards/body.html", ctx)


def _records(request: HttpRequest) -> tuple[RecordsForm, Organization, list[tuple[Definition, Any]]]:
    orgs = _orgs(request)
    form = RecordsForm(request.GET)
    if not form.is_valid():
        raise BadRequest(_errors(form))
    org = _body_or_404(orgs, form.cleaned_data["org"])
    defs = indicators.definitions()
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    found = []
    for code in form.codes():
        try:
            found.append((defs[code], dashboards.drill_down(code, org, start, end, viewer=request.user)))
        except KeyError as exc:  # a provider without the records of this figure
            raise BadRequest([_("这个指标没有可以列出的明细记录。")]) from exc
    return form, org, found


@login_required
def records(request: HttpRequest) -> HttpResponse:
    try:
        form, org, found = _records(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    return render(
        request,
        "backoffice/assessment/dashboards/records.html",
        {
            "org": org,
            "start": form.cleaned_data["start"],
            "end": form.cleaned_data["end"],
            "code": form.cleaned_data["code"],
            "found": found,
            "query": request.GET.urlencode(),
            "nav_section": NAV,
        },
    )


# -- XLSX -----------------------------------------------------------------------------------------


def _xlsx(sheets: list[Sheet], name: str) -> HttpResponse:
    response = HttpResponse(write_workbook(sheets, first_column_width=30), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def _trend_sheet(t: Trend) -> Sheet:
    d = t.definition
    header = [_("月份")]
    if t.region is not None:
        header.append(_("全部机构合计"))
    if t.body is not None:
        header.append(t.body.name)
    rows: list[list[object]] = []
    for i, label in enumerate(_month_labels()):
        row: list[object] = [label]
        if t.region is not None:
            row.append(_cell(d, t.region[i].value))
        if t.body_points is not None:
            row.append(_cell(d, t.body_points[i].value))
        rows.append(row)
    return Sheet(
        str(TABLES["trend"]),
        _("%(label)s，%(year)s年逐月（比率为小数，天数指标不跨机构汇总）")
        % {"label": d.label, "year": t.year},
        header,
        rows,
    )


def _cell(d: Definition, value: Any) -> object:
    if value is None:
        return None
    return float(value) if d.unit in ("rate", "days") else int(value)


@login_required
def export(request: HttpRequest, table: str) -> HttpResponse:
    if table not in TABLES:
        raise Http404(_("没有这张表"))
    orgs = _orgs(request)
    try:
        if table == "records":
            form, org, found = _records(request)
            header = [_("指标"), _("记录"), _("日期"), _("说明"), _("链接")]
            rows: list[list[object]] = [
                [str(d.label), r.label, r.date, r.note, request.build_absolute_uri(r.url)]
                for d, rs in found
                for r in rs.rows
            ]
            heading = _("%(org)s %(start)s至%(end)s的指标明细记录") % {
                "org": org.name,
                "start": form.cleaned_data["start"],
                "end": form.cleaned_data["end"],
            }
            return _xlsx([Sheet(str(TABLES[table]), heading, header, rows)], f"assessment-records-{org.pk}")
        form_ = _form(request, orgs)
    except BadRequest as exc:
        return _bad_request(request, exc)
    year, code, chosen = form_.cleaned_data["year"], form_.cleaned_data["code"], form_.cleaned_data["org"]
    region = dashboards.sees_region(request.user)
    ids = [o.pk for o in orgs]
    defs = indicators.definitions()
    if table == "trend":
        if not code:
            raise Http404(_("没有可导出的指标"))
        t = dashboards.trend(year, code, ids, chosen, with_region=region)
        return _xlsx([_trend_sheet(t)], f"assessment-trend-{year}")
    if table == "indicators":
        if chosen is None:
            return _bad_request(request, BadRequest([_("请指明机构。")]))
        figures = dashboards.figures(Period.year(year), [chosen.pk]).get(chosen.pk, {})
        rows = []
        for d in defs.values():
            f = figures.get(d.code)
            rows.append(
                [
                    str(d.label),
                    str(d.group),
                    _cell(d, f.value if f else None),
                    f.count if f else None,
                    f.sample if f else None,
                ]
            )
        sheet = Sheet(
            str(TABLES[table]),
            _("%(org)s %(year)s年考核指标（比率为小数）") % {"org": chosen.name, "year": year},
            [_("指标"), _("类别"), _("数值"), _("分子"), _("样本数")],
            rows,
        )
        return _xlsx([sheet], f"assessment-indicators-{chosen.pk}-{year}")
    if table == "heatmap":
        scope = [chosen] if chosen is not None else orgs
        h = dashboards.heat_map(year, scope)
        rows = [[r.organization.name, *(c.total for c in r.cells), r.total] for r in h.rows]
        rows.append([_("合计"), *h.month_totals, h.total])
        parts = "、".join(str(d.label) for d in h.codes)
        sheet = Sheet(
            str(TABLES[table]),
            _("%(year)s年各机构各月超期工作（%(parts)s之和；月末仍超期未办结的件在其超期的每个月都计入）")
            % {"year": year, "parts": parts},
            [_("机构"), *_month_labels(), _("各月合计")],
            rows,
        )
        return _xlsx([sheet], f"assessment-overdue-{year}")
    if not region and len(orgs) == 1:  # a body's own dashboard has no such table
        raise Http404(_("没有找到这张表"))
    round_ = dashboards.latest_final_round(ids)
    if table == "ranking":
        if not code:
            raise Http404(_("没有可导出的指标"))
        d = defs[code]
        ranked = dashboards.indicator_ranking(
            Period.year(year), code, orgs, minimum=dashboards.min_sample(code, round_)
        )
        rows = [
            [
                s.organization.name,
                s.rank,
                _("是") if s.tied else "",
                _cell(d, s.value),
                s.count if d.unit == "rate" else None,
                s.sample if d.unit == "rate" else None,
                {"small_sample": _("样本不足"), "no_figure": _("无数据")}.get(s.unranked, ""),
            ]
            for s in ranked
        ]
        sheet = Sheet(
            str(TABLES[table]),
            _("%(label)s，%(year)s年各机构排名") % {"label": d.label, "year": year},
            [_("机构"), _("名次"), _("并列"), _("数值"), _("分子"), _("样本数"), _("说明")],
            rows,
        )
        return _xlsx([sheet], f"assessment-ranking-{year}")
    if table == "results":
        if round_ is None:
            raise Http404(_("还没有结果确定的考核"))
        rows = [
            [
                rb.organization.name,
                g.name,
                rb.rank,
                _("是") if rb.rank_tied else "",
                _cell_dec(rb.total),
                rb.grade,
                rb.band,
            ]
            for g in dashboards.round_results(round_, ids)
            for rb in g.bodies
        ]
        sheet = Sheet(
            str(TABLES[table]),
            str(round_.title),
            [_("机构"), _("参评分组"), _("名次"), _("并列"), _("折算得分"), _("等次"), _("档次")],
            rows,
        )
        return _xlsx([sheet], f"assessment-results-{round_.pk}")
    # tree
    nodes = dashboards.tree(orgs, round_)
    rows = [
        [
            "　" * n.depth + n.organization.name,
            _cell_dec(n.result.total) if n.result else None,
            n.result.grade if n.result else "",
            n.swatch.label,
        ]
        for n in nodes
    ]
    sheet = Sheet(
        str(TABLES["tree"]),
        str(round_.title) if round_ else _("还没有结果确定的考核"),
        [_("机构"), _("折算得分"), _("等次"), _("颜色区间")],
        rows,
    )
    return _xlsx([sheet], f"assessment-tree-{year}")


def _cell_dec(value: Any) -> float | None:
    return None if value is None else float(value)
