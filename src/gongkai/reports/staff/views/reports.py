"""Back-office pages of the annual report (政府信息公开工作年度报告, docs/SPEC.md §6).

* ``reports`` — a body's reports by year (state, due date), and "开始编写YYYY年度报告";
* ``report`` — the editor: the six sections with last year's text and this year's figures beside
  them, the entered figures of 表二 with their sources, the check results, and the actions
  (报送, and for the competent authority 退回 / 审核通过, then 公开);
* ``reports_overview`` — the competent authority's year: every body of its region with state, due
  date and submission date, the overdue ones marked; the region's figures summed, and a drill-down
  showing each body's contribution to a cell or to the headline figures.

Every change goes through ``gongkai.reports.services``; what is shown and offered comes from
``gongkai.reports.policy``. Routes: ``gongkai.reports.staff.urls``.
"""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core import registry
from gongkai.core.params import local_path, param_id, parse_id, parse_int
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization
from gongkai.reports import figures as report_figures
from gongkai.reports import national, policy, regional, services
from gongkai.reports import render as report_render
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.staff.forms import ReportForm, ReviewForm, StartForm, initial_data

# -- helpers -----------------------------------------------------------------------------------------


def _visible_report_or_404(user: Any, pk: int) -> AnnualReport:
    qs = policy.visible_reports(user).select_related("organization", "submitted_by", "reviewed_by")
    return get_object_or_404(qs, pk=pk)


def _year_param(request: HttpRequest, default: int) -> int:
    year = parse_int(request.GET.get("year", ""), minimum=services.FIRST_YEAR, maximum=default + 1)
    return default if year is None else year


def _safe_next(request: HttpRequest, fallback: str) -> str:
    return local_path(request.POST.get("next"), request) or fallback


def _report_url(report: AnnualReport, anchor: str = "") -> str:
    return reverse("backoffice:report", args=[report.pk]) + (f"#{anchor}" if anchor else "")


#: Which table stands beside which section in the editor.
SECTION_TABLES = {"2": "table2", "3": "table3", "4": "table4"}


# -- a body's reports --------------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    today = services.local_today()
    readable = (
        org_policy.readable_orgs(user).filter(is_active=True).exclude(kind__in=policy.NON_REPORTING_KINDS)
    )
    raw = request.GET.get("org", "")
    edited = list(policy.bodies_edited_by(user).order_by("path"))
    authorities = list(policy.overview_authorities(user))
    organization: Organization | None = None
    if raw:
        pk = parse_id(raw)
        if pk is None:
            raise Http404  # a malformed id is an id that does not exist (core/params.py)
        organization = get_object_or_404(readable, pk=pk)
    elif len(edited) == 1 and not authorities:
        organization = edited[0]
    context: dict[str, Any] = {
        "nav_section": "reports",
        "edited": edited,
        "authorities": authorities,
        "organization": organization,
        "last_year": today.year - 1,
    }
    if organization is not None:
        reports = list(AnnualReport.objects.filter(organization=organization).order_by("-year"))
        years = {r.year for r in reports}
        rows = [
            {
                "report": r,
                "due": services.due_date(organization, r.year),
                "overdue": not services.is_submitted(r) and today > services.due_date(organization, r.year),
                "late": bool(
                    r.submitted_at and r.submitted_at.date() > services.due_date(organization, r.year)
                ),
            }
            for r in reports
        ]
        can_start = policy.can_edit_body_reports(user, organization)
        context.update(
            {
                "rows": rows,
                "can_start": can_start,
                "start_last_year": can_start and (today.year - 1) not in years,
                "last_year_due": services.due_date(organization, today.year - 1),
                "due_rule": services.due_rule(organization),
                "start_form": StartForm(initial={"year": today.year - 1}),
                "crumbs": [(_("年度报告"), reverse("backoffice:reports")), (organization.name, None)],
            }
        )
    return render(request, "backoffice/reports/list.html", context)


@login_required
@require_POST
def report_new(request: HttpRequest) -> HttpResponse:
    pk = param_id(request.POST, "org")
    if pk is None:
        raise Http404
    organization = get_object_or_404(org_policy.readable_orgs(request.user), pk=pk)
    deny_unless(
        policy.can_edit_body_reports(request.user, organization),
        _("只有本机关的公开工作机构负责人或机构管理员可以编写年度报告。"),
    )
    form = StartForm(request.POST)
    back = f"{reverse('backoffice:reports')}?org={organization.pk}"
    if not form.is_valid():
        for error in form.errors.get("year", []):
            messages.error(request, str(error))
        return redirect(back)
    try:
        report = services.get_or_create_report(organization, form.cleaned_data["year"], actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    return redirect(_report_url(report))


# -- the editor ----------------------------------------------------------------------------------------


def _section_figures(key: str, figures: national.Figures) -> list[tuple[str, Any]]:
    """A few of this year's figures to write the section's text against (the full table follows)."""
    t3, t4 = figures["table3"], figures["table4"]
    if key == "1":
        return [
            (_("本年新收申请"), t3.get(("new", "total"))),
            (_("本年办结"), t3.get(("outcome_total", "total"))),
            (_("行政复议"), t4.get(("all", "review.total"))),
            (
                _("行政诉讼"),
                int(t4.get(("all", "direct.total")) or 0) + int(t4.get(("all", "after_review.total")) or 0),
            ),
        ]
    if key == "3":
        return [
            (_("一、本年新收"), t3.get(("new", "total"))),
            (_("二、上年结转"), t3.get(("carried_in", "total"))),
            (_("（一）予以公开"), t3.get(("1", "total"))),
            (_("（二）部分公开"), t3.get(("2", "total"))),
            (_("三、办理结果总计"), t3.get(("outcome_total", "total"))),
            (_("四、结转下年度"), t3.get(("carried_out", "total"))),
        ]
    if key == "4":
        return [
            (_("行政复议"), t4.get(("all", "review.total"))),
            (_("其中结果纠正"), t4.get(("all", "review.corrected"))),
            (_("行政诉讼（未经复议直接起诉）"), t4.get(("all", "direct.total"))),
            (_("行政诉讼（复议后起诉）"), t4.get(("all", "after_review.total"))),
        ]
    return []


def render_report(
    request: HttpRequest,
    report: AnnualReport,
    *,
    form: ReportForm | None = None,
    review_form: ReviewForm | None = None,
    submit_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    editable = policy.can_edit(user, report)
    if form is None:
        form = ReportForm(initial=initial_data(report))
    figures = report_figures.for_report(report)
    checks = services.check_figures(report, figures)
    last = (
        AnnualReport.objects.filter(organization_id=report.organization_id, year=report.year - 1)
        .only("year", "state", *services.SECTION_FIELDS)
        .first()
    )
    sections = [
        {
            "key": key,
            "title": title,
            "field": form[f"section_{key}"],
            "text": getattr(report, f"section_{key}"),
            "html": report_render.narrative_html(getattr(report, f"section_{key}")),
            "last_text": getattr(last, f"section_{key}") if last is not None else "",
            "last_html": report_render.narrative_html(
                getattr(last, f"section_{key}") if last is not None else ""
            ),
            "table": SECTION_TABLES.get(key, ""),
            "figures": _section_figures(key, figures),
            "fees": key == "6",
            # Text the apps above offer for this section (e.g. the assessment results of 第五十条).
            "offered": registry.report_paragraphs(report.organization, int(report.year), key)
            if editable
            else [],
        }
        for key, title in national.SECTIONS
    ]
    authority = hierarchy.reports_to(report.organization)
    context = {
        "nav_section": "reports",
        "report": report,
        "organization": report.organization,
        "form": form,
        "editable": editable,
        "sections": sections,
        "last": last,
        "figures": figures,
        "fees_collected": figures.get("extra", {}).get(("fees", report_figures.FEES_COLLECTED)),
        "checks": checks,
        "submit_errors": submit_errors or [],
        "can_submit": policy.can_submit(user, report),
        "can_review": policy.can_review(user, report),
        "can_publish": policy.can_publish(user, report),
        "review_form": review_form or ReviewForm(),
        "authority": authority,
        "due": services.due_date(report.organization, report.year),
        "due_rule": services.due_rule(report.organization),
        "frozen": report.is_frozen,
        "portal_url": (
            reverse("portal:annual_report", args=[report.organization.slug, report.year])
            if report.state == ReportState.PUBLISHED
            else ""
        ),
        "returned": report.state == ReportState.RETURNED,
        "crumbs": [
            (_("年度报告"), reverse("backoffice:reports")),
            (report.organization.name, f"{reverse('backoffice:reports')}?org={report.organization_id}"),
            (_("%(year)s年度") % {"year": report.year}, None),
        ],
    }
    return render(request, "backoffice/reports/report.html", context, status=status)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report_or_404(request.user, pk)
    if request.method != "POST":
        return render_report(request, report)
    deny_unless(
        policy.can_edit(request.user, report),
        _("报告当前不能修改（仅编写中或已退回的报告可由本机关公开工作机构负责人、机构管理员修改）。"),
    )
    form = ReportForm(request.POST)
    if form.is_valid():
        try:
            services.update_report(report, actor=request.user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if request.POST.get("action") == "check":
                errors = services.run_checks(report)
                if errors:
                    messages.warning(
                        request,
                        _("已保存。检查发现%(errors)s处问题，请见“检查结果”。") % {"errors": len(errors)},
                    )
                else:
                    messages.success(request, _("已保存。检查全部通过，可以报送主管部门。"))
                return redirect(_report_url(report, "checks"))
            messages.success(request, _("已保存。"))
            return redirect(_report_url(report))
    fresh = _visible_report_or_404(request.user, pk)
    return render_report(request, fresh, form=form, status=400)


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report_or_404(request.user, pk)
    deny_unless(
        policy.can_submit(request.user, report),
        _("只有本机关的公开工作机构负责人或机构管理员可以报送编写中或已退回的年度报告。"),
    )
    try:
        services.submit(report, actor=request.user)
    except ValidationError as exc:
        fresh = _visible_report_or_404(request.user, pk)
        return render_report(request, fresh, submit_errors=exc.messages, status=400)
    authority = hierarchy.reports_to(report.organization)
    messages.success(
        request,
        _("已报送%(value)s。报送时的数据已固定。")
        % {"value": authority.name if authority else _("主管部门")},
    )
    return redirect(_report_url(report))


def _review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = _visible_report_or_404(request.user, pk)
    deny_unless(
        policy.is_reviewer_for(request.user, hierarchy.reports_to(report.organization)),
        _("只有本机关所属政府信息公开工作主管部门的监督人员可以审核年度报告。"),
    )
    form = ReviewForm(request.POST)
    back = _safe_next(request, _report_url(report))
    if form.is_valid():
        try:
            if action == "return":
                services.return_report(report, actor=request.user, comment=form.cleaned_data["comment"])
                messages.success(
                    request,
                    _("已将%(name)s%(year)s年度报告退回修改。")
                    % {"name": report.organization.name, "year": report.year},
                )
            else:
                services.accept(report, actor=request.user, comment=form.cleaned_data["comment"])
                messages.success(
                    request,
                    _("%(name)s%(year)s年度报告已审核通过。")
                    % {"name": report.organization.name, "year": report.year},
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect(back)
    if request.POST.get("next"):
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"{report.organization.name}：{error}")
        return redirect(back)
    fresh = _visible_report_or_404(request.user, pk)
    return render_report(request, fresh, review_form=form, status=400)


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, "return")


@login_required
@require_POST
def report_accept(request: HttpRequest, pk: int) -> HttpResponse:
    return _review(request, pk, "accept")


@login_required
@require_POST
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    report = _visible_report_or_404(request.user, pk)
    try:
        services.publish(report, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(name)s%(year)s年度报告已在门户网站公开。")
            % {"name": report.organization.name, "year": report.year},
        )
    return redirect(_safe_next(request, _report_url(report)))


# -- downloads (staff preview: any state) ----------------------------------------------------------------


def _download(data: bytes, filename: str, content_type: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=filename, content_type=content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"  # drafts and submitted reports are not public
    return response


@login_required
def report_download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    """The report as DOCX (official layout) or XLSX (the three tables), whatever its state."""
    if fmt not in ("docx", "xlsx"):
        raise Http404
    report = _visible_report_or_404(request.user, pk)
    title = report_render.report_title(report)
    if fmt == "docx":
        return _download(report_render.report_docx(report), f"{title}.docx", report_render.DOCX_TYPE)
    return _download(report_render.report_xlsx(report), f"{title}.xlsx", report_render.XLSX_TYPE)


# -- the competent authority's overview ----------------------------------------------------------------


@login_required
def reports_overview(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    authorities = policy.overview_authorities(user)
    raw = request.GET.get("authority", "")
    if raw:
        pk = parse_id(raw)
        if pk is None:
            raise Http404
        authority = get_object_or_404(authorities, pk=pk)
    else:
        first_two = list(authorities[:2])
        if not first_two:
            deny_unless(False, _("年度报告汇总仅供政府信息公开工作主管部门的监督人员查看。"))
        reviewed = list(policy.authorities_reviewed_by(user).order_by("path")[:1])
        authority = reviewed[0] if reviewed else first_two[0]
    today = services.local_today()
    year = _year_param(request, today.year - 1)
    data = regional.overview(authority, year, today)
    submitted_only = request.GET.get("scope") == "submitted"
    # ?state=submitted: only the reports waiting for review (我的工作 links here with it).
    to_review = request.GET.get("state") == ReportState.SUBMITTED
    body_rows = [r for r in data.rows if r.state == ReportState.SUBMITTED] if to_review else data.rows
    aggregation = regional.regional_figures(data.rows, year, submitted_only=submitted_only)
    cell_key = request.GET.get("cell", "").replace("|", ":")
    cell = regional.parse_cell(cell_key) if cell_key else None
    if request.GET.get("format") == "xlsx":
        scope = _("已报送报告") if submitted_only else _("全部机关")
        title = _("%(name)s%(year)s年度政府信息公开工作年度报告汇总（%(scope)s）") % {
            "name": authority.name,
            "year": year,
            "scope": scope,
        }
        return _download(
            report_render.report_xlsx(aggregation.total, title=title),
            f"{title}.xlsx",
            report_render.XLSX_TYPE,
        )
    headlines = [(c.organization, c.frozen, regional.headline_values(c.figures)) for c in aggregation.bodies]
    context = {
        "nav_section": "reports",
        "authority": authority,
        "authorities": list(authorities),
        "year": year,
        "years": list(range(today.year, max(services.FIRST_YEAR, today.year - 10) - 1, -1)),
        "overview": data,
        "body_rows": body_rows,
        "to_review": to_review,
        "can_review": policy.is_reviewer_for(user, authority),
        "review_form": ReviewForm(),
        "aggregation": aggregation,
        "total": aggregation.total,
        "submitted_only": submitted_only,
        "headline_labels": [label for _, label, _ in regional.HEADLINES],
        "headlines": headlines,
        "headline_totals": regional.headline_values(aggregation.total),
        "cell_choices": regional.cell_choices(),
        "cell_key": cell_key if cell else "",
        "cell_label": regional.cell_label(cell_key) if cell else "",
        "cell_unknown": bool(cell_key) and cell is None,
        "drill": regional.drill_down(aggregation, *cell) if cell else [],
        "drill_total": aggregation.total.get(cell[0], {}).get((cell[1], cell[2])) if cell else None,
        "here": request.get_full_path(),
        "crumbs": [
            (_("年度报告"), reverse("backoffice:reports")),
            (_("%(name)s %(year)s年度汇总") % {"name": authority.name, "year": year}, None),
        ],
    }
    return render(request, "backoffice/reports/overview.html", context)
