"""Back-office pages of the scoring (排名通报, docs/SPEC.md §8):

* ``govinfo_rankings`` — the ranking of an office's units over a month, quarter or year, under a rule
  set the desk picks (default: the one in force at the period's end): ranks with 并列, points by
  source, submissions, quota and shortfall, the units with no submission highlighted, every figure
  linking to the records behind it (``govinfo_ranking_lines``);
* ``govinfo_ranking_lines`` — the drill-down: every record behind a unit's points;
* ``govinfo_bulletins`` / ``govinfo_bulletin`` — 通报: generated from the data as a draft, edited,
  issued (the units' 信息员 are told), as DOCX; "按新规则重算" compares the table it was issued with
  and the table under another rule set;
* ``govinfo_rules`` — the rule set versions, and a new version (JSON checked by the kernel);
* ``govinfo_penalties`` — penalties of an office's units, and recording one.

Who sees what is decided in ``govinfo.bulletins``; every change goes through its services.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import parse_id
from gongkai.govinfo import bulletin_render, bulletins, policy, scoring
from gongkai.govinfo import points as kernel
from gongkai.govinfo import ranking as ranking_kernel
from gongkai.govinfo.models import Bulletin, Penalty, PointsRuleSet, Submission, UrgentEvent
from gongkai.govinfo.points_defaults import SHIPPED_RULES
from gongkai.govinfo.staff.scoring.forms import BulletinForm, PenaltyForm, PeriodForm, RuleSetForm
from gongkai.orgs.models import Organization

NAV = "govinfo_rankings"
SOURCES = (scoring.ADOPTION, scoring.INSTRUCTION, scoring.PENALTY)
SUBMISSIONS = "submissions"


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("排名通报"), reverse("backoffice:govinfo_rankings")), *extra]


def _enter(user: Any) -> None:
    deny_unless(
        policy.can_see_rankings(user), _("排名通报仅对信息科编辑、领导、监督人员和各单位信息员开放。")
    )


def _period_form(request: HttpRequest, offices: list[Organization]) -> PeriodForm:
    data = request.GET.copy()
    today = timezone.localdate()
    if not data.get("office") and offices:
        data["office"] = str(offices[0].pk)
    data.setdefault("period", "month")
    data.setdefault("date", today.isoformat())
    return PeriodForm(data, offices=offices)


def _query(
    office: Organization, period: str, day: dt.date, rule_set: PointsRuleSet | None, **extra: Any
) -> str:
    params: dict[str, Any] = {"office": office.pk, "period": period, "date": day.isoformat()}
    if rule_set is not None:
        params["rules"] = rule_set.pk
    params.update({k: v for k, v in extra.items() if v not in (None, "")})
    return urlencode(params)


def lines_url(office: Organization, period: str, day: dt.date, rule_set: PointsRuleSet | None, unit: int,
              kind: str = "") -> str:  # fmt: skip
    return (
        reverse("backoffice:govinfo_ranking_lines")
        + "?"
        + _query(office, period, day, rule_set, unit=unit, kind=kind)
    )


def _standings_or_error(request: HttpRequest, office: Organization, start: dt.date, end: dt.date,
                        rule_set: PointsRuleSet | None) -> list[scoring.UnitStanding] | None:  # fmt: skip
    try:
        return scoring.standings(office, start, end, rule_set=rule_set)
    except kernel.RuleSetError as exc:
        messages.error(request, _("所选计分规则有误，无法计算：%(exc)s") % {"exc": exc})
        return None


# -- rankings -----------------------------------------------------------------------------------


@login_required
def rankings(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = bulletins.ranking_offices(user)
    form = _period_form(request, offices)
    context: dict[str, Any] = {"nav_section": NAV, "form": form, "crumbs": _crumbs(), "offices": offices}
    if not offices:
        return render(request, "backoffice/govinfo/scoring/rankings.html", context)
    if not form.is_valid():
        return render(request, "backoffice/govinfo/scoring/rankings.html", context, status=400)
    office: Organization = form.cleaned_data["office"]
    period: str = form.cleaned_data["period"]
    day: dt.date = form.cleaned_data["date"]
    chosen: PointsRuleSet | None = form.cleaned_data["rules"]
    start, end = scoring.period_bounds(period, day)
    rule_set = chosen or scoring.rule_set_on(end)
    visible = bulletins.visible_units(user, office)
    all_rows = _standings_or_error(request, office, start, end, rule_set)
    rows = [r for r in all_rows or [] if visible is None or r.organization.pk in visible]
    display = [
        {
            "row": r,
            "url": lines_url(office, period, day, chosen, r.organization.pk),
            "sources": [
                (
                    key,
                    r.by_source.get(key, Decimal(0)),
                    lines_url(office, period, day, chosen, r.organization.pk, key),
                )
                for key in SOURCES
            ],
        }
        for r in rows
    ]
    if request.GET.get("format") == "csv":
        return _csv(rows, _("%(period)s政务信息排名.csv") % {"period": scoring.period_label(period, start)})
    context.update(
        {
            "office": office,
            "period": period,
            "period_label": scoring.period_label(period, start),
            "start": start,
            "end": end,
            "rule_set": rule_set,
            "chosen": chosen,
            "rows": display,
            "full": visible is None,
            "silent": [r.organization for r in rows if r.no_submission],
            "source_labels": [scoring.SOURCE_LABELS[k] for k in SOURCES],
            "is_year": period == "year",
            "can_manage": bulletins.can_manage(user, office),
            "csv_query": _query(office, period, day, chosen, format="csv"),
        }
    )
    return render(request, "backoffice/govinfo/scoring/rankings.html", context)


def _csv(rows: list[scoring.UnitStanding], filename: str) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(bulletins.RANKING_HEADER)
    writer.writerows(bulletins.ranking_row(r) for r in rows)
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name)


@login_required
def ranking_lines(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = bulletins.ranking_offices(user)
    form = _period_form(request, offices)
    unit_id = parse_id(request.GET.get("unit", ""))
    kind = request.GET.get("kind", "")
    if not offices or not form.is_valid() or unit_id is None or kind not in ("", SUBMISSIONS, *SOURCES):
        return render(
            request,
            "backoffice/govinfo/scoring/lines.html",
            {"nav_section": NAV, "form": form, "crumbs": _crumbs((_("得分明细"), None)), "bad": True},
            status=400,
        )
    office: Organization = form.cleaned_data["office"]
    period, day = form.cleaned_data["period"], form.cleaned_data["date"]
    chosen: PointsRuleSet | None = form.cleaned_data["rules"]
    visible = bulletins.visible_units(user, office)
    units = {u.pk: u for u in scoring.units_of(office)}
    if unit_id not in units or (visible is not None and unit_id not in visible):
        raise Http404(_("该单位不在此办公室的排名中。"))
    unit = units[unit_id]
    start, end = scoring.period_bounds(period, day)
    rule_set = chosen or scoring.rule_set_on(end)
    try:
        lines = scoring.points_lines(office, unit, start, end, rule_set=rule_set)
    except kernel.RuleSetError as exc:
        messages.error(request, _("所选计分规则有误，无法计算：%(exc)s") % {"exc": exc})
        lines = []
    if kind:
        lines = [ln for ln in lines if ln.kind == kind]
    rows = [{"line": ln, "url": _record_url(ln), "kind_label": _kind_label(ln.kind)} for ln in lines]
    submissions = list(scoring.counted_submissions(unit, start, end)[:1000]) if kind == SUBMISSIONS else None
    back = reverse("backoffice:govinfo_rankings") + "?" + _query(office, period, day, chosen)
    context = {
        "nav_section": NAV,
        "office": office,
        "unit": unit,
        "period_label": scoring.period_label(period, start),
        "rule_set": rule_set,
        "kind_label": _kind_label(kind) if kind else "",
        "submissions": submissions,
        "rows": rows,
        "total": sum((ln.points for ln in lines), Decimal(0)),
        "back": back,
        "crumbs": _crumbs((scoring.period_label(period, start), back), (unit.name, None)),
    }
    return render(request, "backoffice/govinfo/scoring/lines.html", context)


def _kind_label(kind: str) -> str:
    return {**scoring.SOURCE_LABELS, "zeroing": _("全年清零"), SUBMISSIONS: _("报送稿件")}.get(kind, kind)


def _record_url(line: scoring.PointsLine) -> str:
    if line.kind in (scoring.ADOPTION, scoring.INSTRUCTION) and line.submission_id:
        if line.kind == scoring.INSTRUCTION:
            return reverse("backoffice:govinfo_instruction", args=[line.pk])
        return reverse("backoffice:govinfo_submission", args=[line.submission_id])
    if line.kind == scoring.PENALTY:
        return reverse("backoffice:govinfo_penalties") + f"#penalty-{line.pk}"
    if line.kind == "zeroing":
        return reverse("backoffice:govinfo_commissions")
    return ""


# -- 通报 ----------------------------------------------------------------------------------------


def _bulletin_or_404(user: Any, pk: int) -> Bulletin:
    return get_object_or_404(bulletins.visible_bulletins(user), pk=pk)


@login_required
def bulletin_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = [o for o in bulletins.ranking_offices(user) if bulletins.can_manage(user, o)]
    form = PeriodForm(
        initial={"period": "month", "date": timezone.localdate().isoformat()}, offices=offices
    ) if offices else None  # fmt: skip
    work = request.GET.get("work", "")
    listed = bulletins.drafts_for(user) if work == "draft" else bulletins.visible_bulletins(user)
    context = {
        "nav_section": NAV,
        "bulletins": listed.select_related("organization").order_by("-period_start", "-pk")[:200],
        "work": work == "draft",
        "form": form,
        "crumbs": _crumbs((_("信息通报"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/bulletins.html", context)


@login_required
@require_POST
def bulletin_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = [o for o in bulletins.ranking_offices(user) if bulletins.can_manage(user, o)]
    deny_unless(bool(offices), _("只有办公室信息科可以生成信息通报。"))
    form = PeriodForm(request.POST, offices=offices)
    if form.is_valid():
        try:
            bulletin = bulletins.draft_bulletin(
                actor=user,
                office=form.cleaned_data["office"],
                period_kind=form.cleaned_data["period"],
                on=form.cleaned_data["date"],
                rule_set=form.cleaned_data["rules"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("通报草稿已生成，请核对后填写文号并印发。"))
            return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)
    context = {
        "nav_section": NAV,
        "bulletins": bulletins.visible_bulletins(user).order_by("-period_start", "-pk")[:200],
        "form": form,
        "crumbs": _crumbs((_("信息通报"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/bulletins.html", context, status=400)


def _linker(bulletin: Bulletin, unit: int) -> Any:
    def link(kind: str = "") -> str:
        return lines_url(
            bulletin.organization, bulletin.period_kind, bulletin.period_start, bulletin.rule_set, unit, kind
        )

    return link


def _bulletin_rows(user: Any, bulletin: Bulletin) -> list[dict[str, Any]]:
    """The stored table with a drill-down link on every figure (for the rows the viewer may open)."""
    office = bulletin.organization
    try:
        visible = bulletins.visible_units(user, office)
    except PermissionDenied:
        visible = set()
    rows = []
    for row in bulletin.table:
        linked = visible is None or row["unit"] in visible
        link = _linker(bulletin, row["unit"]) if linked else None
        rows.append(
            {
                "row": row,
                "rank": bulletin_render.rank_text(row),
                "url": link() if link else "",
                "sources": [
                    (key, row.get("by_source", {}).get(key, "0"), link(key) if link else "")
                    for key in SOURCES
                ],
                "mine": visible is not None and row["unit"] in visible,
            }
        )
    return rows


@login_required
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    manage = bulletins.can_manage(user, bulletin.organization)
    compare_with = None
    changes: list[dict[str, Any]] = []
    rules_id = request.GET.get("rules", "")
    if rules_id:
        rid = parse_id(rules_id)
        compare_with = PointsRuleSet.objects.filter(pk=rid).first() if rid is not None else None
        if compare_with is None:
            messages.error(request, "所选计分规则不存在。")
    if compare_with is not None:
        changes = _changes(request, bulletin, compare_with)
    context = {
        "nav_section": NAV,
        "bulletin": bulletin,
        "rows": _bulletin_rows(user, bulletin),
        "silent": bulletin_render.silent_units(bulletin),
        "penalties": bulletin_render.penalty_lines(bulletin),
        "manage": manage and bulletin.issued_at is None,
        "form": BulletinForm(
            initial={"title": bulletin.title, "number": bulletin.number, "foreword": bulletin.foreword}
        )
        if manage and bulletin.issued_at is None
        else None,
        "rule_sets": PointsRuleSet.objects.all(),
        "compare_with": compare_with,
        "changes": changes,
        "source_labels": [scoring.SOURCE_LABELS[k] for k in SOURCES],
        "crumbs": _crumbs((_("信息通报"), reverse("backoffice:govinfo_bulletins")), (bulletin.title, None)),
    }
    return render(request, "backoffice/govinfo/scoring/bulletin.html", context)


def _changes(request: HttpRequest, bulletin: Bulletin, rule_set: PointsRuleSet) -> list[dict[str, Any]]:
    """Per unit: the rank and points the 通报 was issued with, and under ``rule_set`` now."""
    rows = _standings_or_error(
        request, bulletin.organization, bulletin.period_start, bulletin.period_end, rule_set
    )
    if rows is None:
        return []
    old = {r["unit"]: (int(r["rank"]), Decimal(str(r["points"]))) for r in bulletin.table}
    names = {r["unit"]: r["name"] for r in bulletin.table} | {
        r.organization.pk: r.organization.name for r in rows
    }
    new = scoring.totals_by_unit(rows)
    return [{"name": names[c.unit], "change": c} for c in ranking_kernel.compare(old, new)]


@login_required
@require_POST
def bulletin_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    form = BulletinForm(request.POST)
    if form.is_valid():
        try:
            bulletins.update_bulletin(
                actor=user,
                bulletin=bulletin,
                title=form.cleaned_data["title"],
                number=form.cleaned_data["number"],
                foreword_text=form.cleaned_data["foreword"],
            )
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("通报已保存。"))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    rid = parse_id(request.POST.get("rules", ""))
    rule_set = PointsRuleSet.objects.filter(pk=rid).first() if rid is not None else None
    if rule_set is None:
        messages.error(request, "请选择计分规则。")
        return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)
    try:
        bulletins.recompute_bulletin(actor=user, bulletin=bulletin, rule_set=rule_set)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已按“%(rule_set)s”重新计算草稿。") % {"rule_set": rule_set})
    return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_issue(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    try:
        bulletins.issue_bulletin(actor=user, bulletin=bulletin)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("通报已印发，并已通知各单位信息员。"))
    return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_delete(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    try:
        bulletins.delete_bulletin(actor=user, bulletin=bulletin)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect("backoffice:govinfo_bulletin", pk=bulletin.pk)
    messages.success(request, _("通报草稿已删除。"))
    return redirect("backoffice:govinfo_bulletins")


@login_required
def bulletin_docx(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    bulletin = _bulletin_or_404(user, pk)
    response = HttpResponse(
        bulletin_render.bulletin_docx(bulletin),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{_quote(bulletin_render.bulletin_filename(bulletin))}"
    )
    return response


# -- rule sets ----------------------------------------------------------------------------------


@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    today = timezone.localdate()
    current = scoring.rule_set_on(today)
    context = {
        "nav_section": NAV,
        "rule_sets": PointsRuleSet.objects.select_related("created_by"),
        "current": current,
        "can_edit": bulletins.can_edit_rules(user),
        "crumbs": _crumbs((_("计分规则"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/rules.html", context)


@login_required
def rule_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _enter(user)
    rule_set = get_object_or_404(PointsRuleSet, pk=pk)
    try:
        parsed: kernel.RuleSet | None = kernel.parse_rules(rule_set.rules)
        errors: list[str] = []
    except kernel.RuleSetError as exc:
        parsed, errors = None, exc.errors
    context = {
        "nav_section": NAV,
        "rule_set": rule_set,
        "parsed": parsed,
        "errors": errors,
        "adoption": _adoption_grid(parsed) if parsed else [],
        "level_labels": kernel.LEVEL_LABELS,
        "leader_labels": kernel.LEADER_LABELS,
        "penalty_labels": kernel.PENALTY_LABELS,
        "json": json.dumps(rule_set.rules, ensure_ascii=False, indent=2, default=str),
        "can_edit": bulletins.can_edit_rules(user),
        "crumbs": _crumbs((_("计分规则"), reverse("backoffice:govinfo_rules")), (str(rule_set), None)),
    }
    return render(request, "backoffice/govinfo/scoring/rule.html", context)


def _adoption_grid(parsed: kernel.RuleSet) -> list[tuple[str, list[Any]]]:
    return [
        (kernel.LEVEL_LABELS[level], [parsed.adoption.get(level, {}).get(e, "—") for e in kernel.EDITIONS])
        for level in kernel.LEVELS
    ]


@login_required
def rule_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    deny_unless(bulletins.can_edit_rules(user), _("只有系统管理员和最高一级办公室的信息科可以修订计分规则。"))
    status = 200
    if request.method == "POST":
        form = RuleSetForm(request.POST)
        if form.is_valid():
            try:
                rule_set = bulletins.create_rule_set(actor=user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("新的计分规则已保存。"))
                return redirect("backoffice:govinfo_rule", pk=rule_set.pk)
        status = 400
    else:
        current = scoring.rule_set_on(timezone.localdate())
        rules = current.rules if current is not None else SHIPPED_RULES
        form = RuleSetForm(
            initial={
                "rules": json.dumps(rules, ensure_ascii=False, indent=2, default=str),
                "source_document": current.source_document if current else "",
            }
        )
    context = {
        "nav_section": NAV,
        "form": form,
        "crumbs": _crumbs((_("计分规则"), reverse("backoffice:govinfo_rules")), (_("新版本"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/rule_form.html", context, status=status)


# -- penalties ----------------------------------------------------------------------------------


@login_required
def penalty_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = bulletins.ranking_offices(user)
    office_id = parse_id(request.GET.get("office", "")) if request.GET.get("office") else None
    if request.GET.get("office") and office_id is None:
        raise Http404(_("所选办公室不存在。"))
    office = (
        next((o for o in offices if o.pk == office_id), None)
        if office_id
        else (offices[0] if offices else None)
    )
    if office_id and office is None:
        raise Http404(_("所选办公室不存在或无权查看。"))
    penalties: list[Penalty] = []
    manage = False
    if office is not None:
        visible = bulletins.visible_units(user, office)
        ids = [u.pk for u in scoring.units_of(office)] if visible is None else list(visible)
        penalties = list(
            Penalty.objects.filter(organization_id__in=ids).select_related("organization", "recorded_by")[
                :500
            ]
        )
        manage = bulletins.can_manage(user, office)
    context = {
        "nav_section": NAV,
        "offices": offices,
        "office": office,
        "penalties": penalties,
        "manage": manage,
        "crumbs": _crumbs((_("扣分记录"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/penalties.html", context)


@login_required
def penalty_new(request: HttpRequest) -> HttpResponse:
    user = request.user
    _enter(user)
    offices = [o for o in bulletins.ranking_offices(user) if bulletins.can_manage(user, o)]
    deny_unless(bool(offices), _("只有办公室信息科可以登记扣分。"))
    raw = request.POST.get("office") or request.GET.get("office") or str(offices[0].pk)
    office_id = parse_id(raw)
    office = next((o for o in offices if o.pk == office_id), None)
    if office is None:
        raise Http404(_("所选办公室不存在或无权登记扣分。"))
    units = scoring.units_of(office)
    status = 200
    if request.method == "POST":
        form = PenaltyForm(request.POST, units=units)
        if form.is_valid():
            data = form.cleaned_data
            submission = (
                Submission.objects.filter(pk=data["submission"]).first() if data["submission"] else None
            )
            event = UrgentEvent.objects.filter(pk=data["event"]).first() if data["event"] else None
            if data["submission"] and submission is None:
                form.add_error("submission", _("该稿件不存在。"))
            if data["event"] and event is None:
                form.add_error("event", _("该突发事件不存在。"))
            if not form.errors:
                try:
                    bulletins.record_penalty(
                        actor=user,
                        office=office,
                        organization=data["organization"],
                        kind=data["kind"],
                        points=data["points"],
                        on=data["on"],
                        reason=data["reason"],
                        notice=data["notice"],
                        submission=submission,
                        event=event,
                    )
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("扣分已登记，并已通知该单位信息员。"))
                    return redirect(reverse("backoffice:govinfo_penalties") + f"?office={office.pk}")
        status = 400
    else:
        form = PenaltyForm(initial={"on": timezone.localdate().isoformat(), "points": "-100"}, units=units)
    rules = bulletins.penalty_rules_on(timezone.localdate())
    context = {
        "nav_section": NAV,
        "form": form,
        "office": office,
        "offices": offices,
        "ranges": [(kernel.PENALTY_LABELS[k], r) for k, r in rules.items()],
        "crumbs": _crumbs((_("扣分记录"), reverse("backoffice:govinfo_penalties")), (_("登记扣分"), None)),
    }
    return render(request, "backoffice/govinfo/scoring/penalty_form.html", context, status=status)
