"""社会评议: the results of the public's ratings (docs/SPEC.md §3), per body and month.

A body's staff see their own body; a supervisor sees every body of the region below them, with a
table of all bodies for the chosen month (``ratings.policy``: ``orgs.policy.readable_orgs``). For
the bodies chosen (one, or all the person may read): the year by month (ratings of the body's
disclosure work and of its items, per grade, the satisfaction rate (满意 + 基本满意) / total with the
number of ratings it rests on), the items rated 不满意 (没有帮助) most often, and the latest
comments, masked when they were stored. Every table is exported as XLSX (``core.tabular``).

Routes: ``gongkai.ratings.staff.urls``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.backoffice.views.common import deny_unless
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.orgs.models import Organization
from gongkai.ratings import figures, policy, selectors
from gongkai.ratings.figures import RatingFigures
from gongkai.ratings.models import Rating
from gongkai.ratings.staff.forms import RatingsFilterForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class BodyRow:
    organization: Organization
    figures: RatingFigures


@dataclass(frozen=True)
class Results:
    scope_label: str
    year: int
    month: int
    single: bool
    months: list[tuple[int, RatingFigures]]
    year_total: RatingFigures
    bodies: list[BodyRow]
    bodies_total: RatingFigures
    worst_items: list[selectors.ItemRow]
    comments: list[Rating]


def _form(request: HttpRequest) -> RatingsFilterForm:
    today = timezone.localdate()
    year = request.GET.get("year") or today.year
    default_month = today.month if str(year) == str(today.year) else 12
    return RatingsFilterForm(
        {"org": request.GET.get("org", ""), "year": year, "month": request.GET.get("month") or default_month},
        organizations=policy.rated_orgs(request.user),
        this_year=today.year,
    )


def _results(form: RatingsFilterForm, user: Any) -> Results:
    year: int = form.cleaned_data["year"]
    month: int = form.cleaned_data["month"]
    org: Organization | None = form.cleaned_data["org"]
    orgs = [org] if org is not None else list(policy.rated_orgs(user).order_by("path", "position", "name"))
    ids = [o.pk for o in orgs]
    single = len(orgs) == 1
    label = orgs[0].name if single else _("我可以查看的全部机构（共%(n)d个）") % {"n": len(orgs)}
    by_month = figures.yearly_figures(year, ids)
    year_total = RatingFigures(0)
    for f in by_month.values():
        year_total.body = year_total.body + f.body
        year_total.items = year_total.items + f.items
    bodies: list[BodyRow] = []
    bodies_total = RatingFigures(0)
    if not single:
        monthly = figures.monthly_figures(year, month, ids)
        bodies = [BodyRow(o, monthly[o.pk]) for o in orgs]
        for row in bodies:
            bodies_total.body = bodies_total.body + row.figures.body
            bodies_total.items = bodies_total.items + row.figures.items
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 1)
    return Results(
        scope_label=label,
        year=year,
        month=month,
        single=single,
        months=sorted(by_month.items()),
        year_total=year_total,
        bodies=bodies,
        bodies_total=bodies_total,
        worst_items=selectors.most_unsatisfied_items(ids, start, end),
        comments=selectors.recent_comments(ids, start, end),
    )


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_open_ratings(request.user), _("您没有可以查看社会评议结果的机构。"))
    form = _form(request)
    results = _results(form, request.user) if form.is_valid() else None
    return render(
        request,
        "backoffice/ratings/overview.html",
        {"form": form, "results": results, "nav_section": "ratings"},
        status=200 if results else 400,
    )


# -- XLSX ---------------------------------------------------------------------------------------

GRADE_HEADER = [
    gettext_lazy("满意"),
    gettext_lazy("基本满意"),
    gettext_lazy("不满意"),
    gettext_lazy("合计"),
    gettext_lazy("满意率"),
]
#: An item is rated 有帮助 / 有一定帮助 / 没有帮助 (counted as 满意 / 基本满意 / 不满意).
ITEM_GRADE_HEADER = [
    gettext_lazy("有帮助"),
    gettext_lazy("有一定帮助"),
    gettext_lazy("没有帮助"),
    gettext_lazy("合计"),
    gettext_lazy("满意率"),
]


def _figures_cells(f: RatingFigures) -> list[object]:
    return [*f.body.cells(), *f.items.cells(), f.total, f.all.percent]


def _figures_header(first: str) -> list[str]:
    return [
        first,
        *(_("机构评议·%(grade)s") % {"grade": h} for h in GRADE_HEADER),
        *(_("信息评价·%(grade)s") % {"grade": h} for h in ITEM_GRADE_HEADER),
        _("评价总数"),
        _("总满意率"),
    ]


def _sheets(results: Results) -> list[Sheet]:
    months = [[_("%(month)s月") % {"month": m}, *_figures_cells(f)] for m, f in results.months]
    months.append([_("全年"), *_figures_cells(results.year_total)])
    sheets = [
        Sheet(
            _("按月统计"),
            _("%(scope)s%(year)s年社会评议结果（按月；满意率=（满意+基本满意）/合计）")
            % {"scope": results.scope_label, "year": results.year},
            _figures_header(_("月份")),
            months,
        )
    ]
    if not results.single:
        rows = [[b.organization.name, *_figures_cells(b.figures)] for b in results.bodies]
        rows.append([_("合计"), *_figures_cells(results.bodies_total)])
        sheets.append(
            Sheet(
                _("各机构"),
                _("%(scope)s%(year)s年%(month)s月各机构社会评议结果")
                % {"scope": results.scope_label, "year": results.year, "month": results.month},
                _figures_header(_("机构")),
                rows,
            )
        )
    sheets.append(
        Sheet(
            _("不满意较多的信息"),
            _("%(scope)s%(year)s年评价为“没有帮助”较多的信息")
            % {"scope": results.scope_label, "year": results.year},
            [_("信息标题"), _("发布机构"), _("没有帮助"), _("评价总数")],
            [[r.title, r.organization_name, r.unsatisfied, r.total] for r in results.worst_items],
        )
    )
    sheets.append(
        Sheet(
            _("意见建议"),
            _("%(scope)s%(year)s年最近的意见建议（个人信息已遮盖）")
            % {"scope": results.scope_label, "year": results.year},
            [_("评价时间"), _("机构"), _("评价对象"), _("评价"), _("意见建议")],
            [
                [
                    timezone.localtime(r.created_at).strftime("%Y-%m-%d %H:%M"),
                    r.organization.name,
                    r.item.title if r.item is not None else _("机构政务公开工作"),
                    r.grade_label,
                    r.comment,
                ]
                for r in results.comments
            ],
        )
    )
    return sheets


@login_required
def export(request: HttpRequest) -> HttpResponse:
    deny_unless(policy.can_open_ratings(request.user), _("您没有可以查看社会评议结果的机构。"))
    form = _form(request)
    if not form.is_valid():
        return render(
            request,
            "backoffice/ratings/overview.html",
            {"form": form, "results": None, "nav_section": "ratings"},
            status=400,
        )
    results = _results(form, request.user)
    response = HttpResponse(write_workbook(_sheets(results), first_column_width=28), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="ratings-{results.year}-{results.month:02d}.xlsx"'
    )
    return response
