"""信息统计: the dashboards of 政务信息报送 (docs/SPEC.md §8).

* ``govinfo_dashboard`` — the menu's entry: the one dashboard a person has, or the list of them;
* ``govinfo_dashboard_office`` — an information section's dashboard (its desk editors; the
  supervisors of its region, read-only): submissions and adoptions per unit and month, the adoption
  rate, adoptions by level, points and ranking with drill-down, two charts;
* ``govinfo_dashboard_unit`` — a unit's figures against its quota, its rank in the latest month and
  its officers' weekly counts (its 信息员 and 签发人; the desk and supervisors above);
* the drill-downs (the submissions behind a cell, the records behind points) and an ``.xlsx`` of
  every table.

The figures are ``gongkai.govinfo.figures``; the charts ``gongkai.reports.charts`` (inline SVG, no
script, no external asset). Whoever may not open a dashboard gets a 404, never a hint that it exists.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.core.params import parse_id
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.govinfo import access, figures, policy
from gongkai.govinfo.models import Submission
from gongkai.orgs import hierarchy
from gongkai.orgs.models import Organization
from gongkai.reports import charts

NAV = "govinfo_dashboard"
PAGE_SIZE = 30
FIRST_YEAR = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OFFICE_TABLES = {
    "submitted": gettext_lazy("各单位各月报送条数"),
    "adopted": gettext_lazy("各单位各月采用条数"),
    "rates": gettext_lazy("采用率及分级采用"),
    "ranking": gettext_lazy("积分排名"),
}
UNIT_TABLES = {"months": gettext_lazy("逐月报送与任务"), "officers": gettext_lazy("信息员每周报送")}


# -- parameters ------------------------------------------------------------------------------------


class PeriodForm(forms.Form):
    """The year (and, for drill-downs and the officers' weeks, a month) of a dashboard."""

    year = forms.IntegerField(
        label=gettext_lazy("年度"),
        required=False,
        error_messages={"invalid": gettext_lazy("年度应为四位数字，例如 2026。")},
    )
    month = forms.IntegerField(
        label=gettext_lazy("月份"),
        required=False,
        min_value=1,
        max_value=12,
        error_messages={
            "invalid": gettext_lazy("月份应为 1 至 12 之间的数字。"),
            "min_value": gettext_lazy("月份应为 1 至 12 之间的数字。"),
            "max_value": gettext_lazy("月份应为 1 至 12 之间的数字。"),
        },
    )

    def __init__(self, data: Any, *, today: dt.date) -> None:
        super().__init__(data)
        self.today = today

    def clean_year(self) -> int:
        year = self.cleaned_data.get("year")
        last = self.today.year + 1
        if year is None:
            return self.today.year
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("请选择%(first_year)s年至%(last)s年之间的年度。") % {"first_year": FIRST_YEAR, "last": last}
            )
        return int(year)

    def year_choices(self) -> list[int]:
        return list(range(self.today.year, FIRST_YEAR - 1, -1))[:10]


@dataclass(frozen=True)
class Period:
    year: int
    month: int | None


class BadRequest(Exception):
    def __init__(self, form: PeriodForm, message: str | None = None) -> None:
        super().__init__(message)
        self.form = form
        self.message = message


def _period(request: HttpRequest) -> tuple[PeriodForm, Period]:
    form = PeriodForm(request.GET, today=timezone.localdate())
    if not form.is_valid():
        raise BadRequest(form)
    return form, Period(form.cleaned_data["year"], form.cleaned_data.get("month"))


def _bad_request(request: HttpRequest, exc: BadRequest) -> HttpResponse:
    errors = [str(e) for errs in exc.form.errors.values() for e in errs]
    if exc.message:
        errors.append(exc.message)
    return render(
        request,
        "backoffice/govinfo/dashboards/bad_request.html",
        {"errors": errors, "nav_section": NAV},
        status=400,
    )


def _office_or_404(request: HttpRequest, pk: int) -> Organization:
    office = figures.dashboard_offices(request.user).filter(pk=pk).first()
    if office is None:
        raise Http404(_("没有找到这个信息统计页面"))
    return office


def _unit_or_404(request: HttpRequest, pk: int) -> Organization:
    unit = Organization.objects.filter(pk=pk).first()
    if unit is None or not figures.can_open_unit(request.user, unit):
        raise Http404(_("没有找到这个信息统计页面"))
    return unit


def _choice(request: HttpRequest, name: str, allowed: Sequence[str], default: str, form: PeriodForm) -> str:
    raw = request.GET.get(name) or default
    if raw not in allowed:
        raise BadRequest(form, _("请选择要查看的数据：报送、采用或某一层级的采用。"))
    return raw


def _optional_id(request: HttpRequest, name: str, form: PeriodForm, message: str) -> int | None:
    raw = request.GET.get(name)
    if not raw:
        return None
    value = parse_id(raw)
    if value is None:
        raise BadRequest(form, message)
    return value


def _safe(svg: str) -> SafeString:
    # charts.* escapes every text it puts into the SVG (names of units included).
    return mark_safe(svg)  # noqa: S308


def _submission_url(user: Any, submission: Submission, desk_ids: set[int], readable: set[int]) -> str | None:
    """Where a row of a drill-down leads: the desk's page for the office's editors, the submission's
    page for its unit's people; nothing for a supervisor who reads only the figures."""
    if submission.recipient_id in desk_ids:
        return reverse("backoffice:govinfo_desk_item", args=[submission.pk])
    if submission.pk in readable:
        return reverse("backoffice:govinfo_submission", args=[submission.pk])
    return None


def _drill_rows(request: HttpRequest, qs: Any) -> tuple[Any, list[tuple[Submission, str | None]]]:
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    subs = list(page.object_list)
    user = request.user
    desk_ids = set(policy.desk_offices(user).values_list("pk", flat=True))
    readable = set(
        access.readable_submissions(user).filter(pk__in=[s.pk for s in subs]).values_list("pk", flat=True)
    )
    return page, [(s, _submission_url(user, s, desk_ids, readable)) for s in subs]


# -- the entry ---------------------------------------------------------------------------------------


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    offices = list(figures.dashboard_offices(request.user))
    units = list(figures.own_units(request.user))
    if not offices and not units:
        raise Http404(_("信息统计仅对信息科编辑、各单位信息员和签发人以及主管部门监督人员开放"))
    # One dashboard: shown here (the menu's link answers 200, its year picker comes back here).
    if len(offices) == 1 and not units:
        return office_dashboard(request, offices[0].pk)
    if len(units) == 1 and not offices:
        return unit_dashboard(request, units[0].pk)
    return render(
        request,
        "backoffice/govinfo/dashboards/index.html",
        {"offices": offices, "units": units, "nav_section": NAV},
    )


# -- an office's dashboard ------------------------------------------------------------------------


def _ranking(office: Organization, year: int) -> list[Any] | None:
    rows = figures.year_standings(office, year)
    return sorted(rows, key=lambda r: (r.rank or 10**9, r.organization.path)) if rows is not None else None


def _office_charts(table: figures.OfficeFigures, ranking: list[Any] | None) -> dict[str, SafeString | None]:
    out: dict[str, SafeString | None] = {"months": None, "ranking": None}
    t = table.totals
    name = table.office.name
    if t.total_submitted:
        out["months"] = _safe(
            charts.bar_chart(
                chart_id="chart-govinfo-months",
                title=_("%(name)s%(year)s年各月收到报送和采用条数") % {"name": name, "year": table.year},
                description="；".join(
                    _("%(label)s报送%(s)s条、采用%(a)s条") % {"label": label, "s": s, "a": a}
                    for label, s, a in zip(figures.MONTH_LABELS, t.submitted, t.adopted, strict=True)
                )
                + _("。全年报送%(total_submitted)s条，采用%(total_adopted)s条，采用率%(rate_text)s。")
                % {
                    "total_submitted": t.total_submitted,
                    "total_adopted": t.total_adopted,
                    "rate_text": t.rate_text,
                },
                categories=figures.MONTH_LABELS,
                series=[
                    charts.Series(_("报送"), tuple(t.submitted)),
                    charts.Series(_("采用"), tuple(t.adopted)),
                ],
                value_label=_("条数"),
                category_label=_("报送月份"),
            )
        )
    if ranking:
        top = ranking[:20]
        out["ranking"] = _safe(
            charts.bar_chart(
                chart_id="chart-govinfo-ranking",
                title=_("%(name)s%(year)s年各单位信息积分（前%(top)s名）")
                % {"name": name, "year": table.year, "top": len(top)},
                description="；".join(
                    _("第%(rank)s名%(name)s%(points)s分")
                    % {
                        "rank": r.rank,
                        "name": r.organization.name,
                        "points": charts.format_number(float(r.points)),
                    }
                    for r in top
                )
                + "。",
                categories=[r.organization.name for r in top],
                series=[charts.Series(_("积分"), tuple(float(r.points) for r in top))],
                value_label=_("积分"),
                horizontal=True,
                integer=False,
            )
        )
    elif table.rows and any(r.total_adopted for r in table.rows):
        by_adopted = sorted(table.rows, key=lambda r: (-r.total_adopted, -r.total_submitted))[:20]
        out["ranking"] = _safe(
            charts.bar_chart(
                chart_id="chart-govinfo-ranking",
                title=_("%(name)s%(year)s年各单位采用条数（前%(by_adopted)s名）")
                % {"name": name, "year": table.year, "by_adopted": len(by_adopted)},
                description="；".join(
                    _("%(label)s采用%(total_adopted)s条")
                    % {"label": r.label, "total_adopted": r.total_adopted}
                    for r in by_adopted
                )
                + "。",
                categories=[r.label for r in by_adopted],
                series=[charts.Series(_("采用"), tuple(r.total_adopted for r in by_adopted))],
                value_label=_("采用条数"),
                horizontal=True,
            )
        )
    return out


@login_required
def office_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office_or_404(request, pk)
    try:
        form, period = _period(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    table = figures.office_figures(office, period.year)
    ranking = _ranking(office, period.year)
    return render(
        request,
        "backoffice/govinfo/dashboards/office.html",
        {
            "office": office,
            "form": form,
            "year": period.year,
            "table": table,
            "ranking": ranking,
            "charts": _office_charts(table, ranking),
            "month_labels": figures.MONTH_LABELS,
            "level_labels": [figures.LEVEL_LABELS[lv] for lv in figures.LEVELS],
            "levels": figures.LEVELS,
            "definition": figures.DEFINITION,
            "read_only": not policy.can_use_desk(request.user, office),
            "offices": list(figures.dashboard_offices(request.user)),
            "nav_section": NAV,
        },
    )


@login_required
def office_submissions(request: HttpRequest, pk: int) -> HttpResponse:
    office = _office_or_404(request, pk)
    try:
        form, period = _period(request)
        what = _choice(request, "what", figures.WHATS, "submitted", form)
        unit_id = _optional_id(request, "unit", form, _("所选单位不存在，请从统计表中点击查看。"))
    except BadRequest as exc:
        return _bad_request(request, exc)
    unit = Organization.objects.filter(pk=unit_id).first() if unit_id is not None else None
    if unit_id is not None and unit is None:
        return _bad_request(request, BadRequest(form, _("所选单位不存在，请从统计表中点击查看。")))
    qs = figures.office_cell(office, period.year, unit=unit_id, month=period.month, what=what)
    page, rows = _drill_rows(request, qs)
    scope = unit.name if unit else _("全部单位")
    when = (
        _("%(year)s年%(month)s月") % {"year": period.year, "month": period.month}
        if period.month
        else _("%(year)s年") % {"year": period.year}
    )
    return render(
        request,
        "backoffice/govinfo/dashboards/submissions.html",
        {
            "title": f"{scope} · {when} · {figures.WHAT_LABELS[what]}",
            "back": reverse("backoffice:govinfo_dashboard_office", args=[office.pk]) + f"?year={period.year}",
            "back_label": _("%(name)s信息统计") % {"name": office.name},
            "page_obj": page,
            "rows": rows,
            "definition": figures.DEFINITION,
            "nav_section": NAV,
        },
    )


@login_required
def points_detail(request: HttpRequest, pk: int, unit: int) -> HttpResponse:
    """The records behind a unit's points: for the office's desk and supervisors (any unit of the
    office), and for the unit's own 信息员 and 签发人 (their unit, at the office it reports to)."""
    organization = Organization.objects.filter(pk=unit).first()
    if organization is None:
        raise Http404(_("没有找到这个单位"))
    office = figures.dashboard_offices(request.user).filter(pk=pk).first()
    own = organization.pk in access.unit_ids(request.user)
    if office is None and own:
        office = hierarchy.reports_to(organization)
        if office is None or office.pk != pk:
            office = None
    if office is None or not (
        own
        or organization in figures.units_of(office)
        or Submission.objects.filter(recipient=office, organization=organization).exists()
    ):
        raise Http404(_("没有找到这个单位"))
    try:
        _form, period = _period(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    if period.month:
        start, end = figures.month_range(period.year, period.month)
    else:
        start, end = dt.date(period.year, 1, 1), dt.date(period.year, 12, 31)
    lines = figures.points_lines(office, organization, start, end)
    # A line names the submission it is about (an adoption, an instruction on it): the desk's page of
    # it for the office's editors, the submission's page for its unit; a supervisor reads the figures.
    desk = policy.can_use_desk(request.user, office)
    ids = [line.submission_id for line in lines or [] if getattr(line, "submission_id", None)]
    readable = set(access.readable_submissions(request.user).filter(pk__in=ids).values_list("pk", flat=True))

    def url(line: Any) -> str | None:
        sid = getattr(line, "submission_id", None)
        if not sid:
            return None
        if desk:
            return reverse("backoffice:govinfo_desk_item", args=[sid])
        return reverse("backoffice:govinfo_submission", args=[sid]) if sid in readable else None

    links = [(line, url(line)) for line in lines or []]
    total = sum((line.points for line in lines or []), start=0)
    if figures.can_open_office(request.user, office):
        back = reverse("backoffice:govinfo_dashboard_office", args=[office.pk]) + f"?year={period.year}"
    else:
        back = reverse("backoffice:govinfo_dashboard_unit", args=[organization.pk]) + f"?year={period.year}"
    return render(
        request,
        "backoffice/govinfo/dashboards/points.html",
        {
            "office": office,
            "unit": organization,
            "period": period,
            "available": lines is not None,
            "lines": links,
            "total": total,
            "back": back,
            "nav_section": NAV,
        },
    )


# -- a unit's dashboard --------------------------------------------------------------------------------


def _unit_charts(d: figures.UnitDashboard) -> SafeString | None:
    if not d.total_submitted and all(m.quota is None for m in d.months):
        return None
    series = [
        charts.Series(_("报送"), tuple(m.submitted for m in d.months)),
        charts.Series(_("采用"), tuple(m.adopted for m in d.months)),
    ]
    if any(m.quota is not None for m in d.months):
        # The quota of the months that have begun (the months ahead are not drawn).
        series.append(charts.Series(_("任务"), tuple(m.quota if m.started else None for m in d.months)))
    return _safe(
        charts.bar_chart(
            chart_id="chart-govinfo-unit",
            title=_("%(name)s%(year)s年各月报送、采用条数与任务") % {"name": d.unit.name, "year": d.year},
            description="；".join(
                _("%(label)s报送%(submitted)s条、采用%(adopted)s条")
                % {"label": m.label, "submitted": m.submitted, "adopted": m.adopted}
                + (_("、任务%(quota)s条") % {"quota": m.quota} if m.quota is not None else "")
                for m in d.months
            )
            + "。",
            categories=figures.MONTH_LABELS,
            series=series,
            value_label=_("条数"),
            category_label=_("月份"),
        )
    )


@login_required
def unit_dashboard(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    try:
        form, period = _period(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    today = timezone.localdate()
    d = figures.unit_dashboard(unit, period.year, today=today)
    month = period.month or figures.latest_month(period.year, today) or 1
    week_index = [i for i, w in enumerate(d.weeks) if w.month == month]
    weeks = [d.weeks[i] for i in week_index]
    officers = [(o, [(d.weeks[i], o.counts[i]) for i in week_index]) for o in d.officers]
    office_url = None
    if d.office is not None and figures.can_open_office(request.user, d.office):
        office_url = (
            reverse("backoffice:govinfo_dashboard_office", args=[d.office.pk]) + f"?year={period.year}"
        )
    return render(
        request,
        "backoffice/govinfo/dashboards/unit.html",
        {
            "unit": unit,
            "d": d,
            "form": form,
            "year": period.year,
            "month": month,
            "weeks": weeks,
            "officers": officers,
            "chart": _unit_charts(d),
            "definition": figures.DEFINITION,
            "office_url": office_url,
            "month_labels": figures.MONTH_LABELS,
            "nav_section": NAV,
        },
    )


@login_required
def unit_submissions(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    try:
        form, period = _period(request)
        what = _choice(request, "what", figures.WHATS, "submitted", form)
        officer = _optional_id(request, "officer", form, _("所选信息员不存在，请从统计表中点击查看。"))
        raw_week = request.GET.get("week")
        week = None
        if raw_week:
            weeks = figures.weeks_of(period.year)
            number = parse_id(raw_week)
            if number is None or number > len(weeks):
                raise BadRequest(form, _("周次应为 1 至 %(weeks)s 之间的数字。") % {"weeks": len(weeks)})
            week = weeks[number - 1]
    except BadRequest as exc:
        return _bad_request(request, exc)
    qs = figures.unit_cell(unit, period.year, month=period.month, what=what, officer=officer, week=week)
    page, rows = _drill_rows(request, qs)
    if week is not None:
        when = _("%(year)s年%(label)s") % {"year": period.year, "label": week.label}
    elif period.month:
        when = _("%(year)s年%(month)s月") % {"year": period.year, "month": period.month}
    else:
        when = _("%(year)s年") % {"year": period.year}
    return render(
        request,
        "backoffice/govinfo/dashboards/submissions.html",
        {
            "title": f"{unit.name} · {when} · {figures.WHAT_LABELS[what]}",
            "back": reverse("backoffice:govinfo_dashboard_unit", args=[unit.pk]) + f"?year={period.year}",
            "back_label": _("%(name)s信息统计") % {"name": unit.name},
            "page_obj": page,
            "rows": rows,
            "definition": figures.DEFINITION,
            "nav_section": NAV,
        },
    )


# -- XLSX ----------------------------------------------------------------------------------------------


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """An XLSX of the sheets, as the 统计分析 export writes them."""
    return write_workbook(sheets, first_column_width=36)


def _rate_cell(rate: float | None) -> object:
    return round(rate, 4) if rate is not None else ""


def office_sheet(table: figures.OfficeFigures, ranking: list[Any] | None, name: str) -> Sheet:
    office, year = table.office.name, table.year
    rows = [*table.rows, table.totals]
    if name in ("submitted", "adopted"):
        return Sheet(
            str(OFFICE_TABLES[name]),
            _("%(office)s%(year)s年%(name)s（按报送时间所在月份）")
            % {"office": office, "year": year, "name": OFFICE_TABLES[name]},
            [_("单位"), *figures.MONTH_LABELS, _("合计")],
            [
                [
                    r.label,
                    *(r.submitted if name == "submitted" else r.adopted),
                    r.total_submitted if name == "submitted" else r.total_adopted,
                ]
                for r in rows
            ],
        )
    if name == "rates":
        return Sheet(
            str(OFFICE_TABLES[name]),
            _("%(office)s%(year)s年采用率及分级采用。%(definition)s")
            % {"office": office, "year": year, "definition": figures.DEFINITION},
            [
                _("单位"),
                _("报送"),
                _("采用"),
                _("采用率"),
                *(_("%(lv)s采用") % {"lv": figures.LEVEL_LABELS[lv]} for lv in figures.LEVELS),
            ],
            [
                [r.label, r.total_submitted, r.total_adopted, _rate_cell(r.rate), *r.level_counts]
                for r in rows
            ],
        )
    return Sheet(
        str(OFFICE_TABLES["ranking"]),
        _("%(office)s%(year)s年各单位信息积分排名") % {"office": office, "year": year},
        [_("名次"), _("单位"), _("报送"), _("采用次数（按采用日期）"), _("积分")],
        [[r.rank, r.organization.name, r.submissions, r.adopted, float(r.points)] for r in (ranking or [])],
    )


@login_required
def office_xlsx(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    office = _office_or_404(request, pk)
    if table not in OFFICE_TABLES:
        raise Http404(_("没有这个统计表"))
    try:
        _form, period = _period(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    figs = figures.office_figures(office, period.year)
    ranking = _ranking(office, period.year) if table == "ranking" else None
    response = HttpResponse(workbook([office_sheet(figs, ranking, table)]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="govinfo-{table}-{office.pk}-{period.year}.xlsx"'
    return response


def unit_sheet(d: figures.UnitDashboard, name: str) -> Sheet:
    if name == "months":
        rows: list[list[object]] = [
            [
                m.label,
                m.submitted,
                m.quota if m.quota is not None else "",
                m.shortfall if m.shortfall is not None else "",
                m.adopted,
                float(m.points) if m.points is not None else "",
            ]
            for m in d.months
        ]
        rows.append(
            [
                _("合计"),
                d.total_submitted,
                d.total_quota if d.total_quota is not None else "",
                d.total_shortfall if d.total_shortfall is not None else "",
                d.total_adopted,
                float(d.total_points) if d.total_points is not None else "",
            ]
        )
        return Sheet(
            str(UNIT_TABLES[name]),
            _("%(name)s%(year)s年逐月报送与任务（差额只计已结束的月份）")
            % {"name": d.unit.name, "year": d.year},
            [_("月份"), _("报送"), _("任务"), _("差额"), _("采用"), _("积分")],
            rows,
        )
    return Sheet(
        str(UNIT_TABLES["officers"]),
        _("%(name)s%(year)s年信息员每周报送条数（每周不少于%(weekly_minimum)s条）")
        % {"name": d.unit.name, "year": d.year, "weekly_minimum": d.weekly_minimum},
        [_("信息员"), *(w.label for w in d.weeks), _("合计"), _("未达标周数")],
        [[o.name, *o.counts, o.total, o.weeks_short] for o in d.officers],
    )


@login_required
def unit_xlsx(request: HttpRequest, pk: int, table: str) -> HttpResponse:
    unit = _unit_or_404(request, pk)
    if table not in UNIT_TABLES:
        raise Http404(_("没有这个统计表"))
    try:
        _form, period = _period(request)
    except BadRequest as exc:
        return _bad_request(request, exc)
    d = figures.unit_dashboard(unit, period.year, today=timezone.localdate())
    response = HttpResponse(workbook([unit_sheet(d, table)]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="govinfo-{table}-{unit.pk}-{period.year}.xlsx"'
    return response
