"""预警与通报批评 (docs/SPEC.md §7; docs/SPEC.md §7): the overruns of the bodies per period, a body's records
behind them, the drafts of 通报批评 with their review (edit, issue, dismiss), the competent
authority's rule, and a 通报's page (DOCX, publish on the portal, withdraw).

A competent authority's supervisors see the bodies reporting to it (within ``readable_orgs``); a
body's own people see their body only (``services.warnings``). Routes: ``urls.py`` beside.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from gongkai.assessment import bulletins, overruns
from gongkai.assessment.indicators import Period
from gongkai.assessment.models import Bulletin, Criticism, CriticismState
from gongkai.assessment.services import warnings
from gongkai.assessment.staff.warnings.forms import (
    DismissForm,
    FilterForm,
    IssueForm,
    PolicyForm,
    TextForm,
    UnpublishForm,
    today_or,
)
from gongkai.backoffice.views.common import deny_unless
from gongkai.core.tabular import Sheet, write_workbook
from gongkai.orgs import hierarchy
from gongkai.orgs import policy as org_policy
from gongkai.orgs.models import Organization
from gongkai.reports.render import DOCX_TYPE

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Table:
    authority: Organization | None
    rule: overruns.Rule
    period: Period
    kinds: list[str]
    rows: list[overruns.BodyOverruns]
    drafts: dict[int, Criticism]


def _table(request: HttpRequest) -> tuple[FilterForm, list[Table]]:
    user = request.user
    authorities = warnings.authorities_for(user)
    form = FilterForm(request.GET or None, authorities=authorities, initial={"on": today_or(None)})
    chosen = form.cleaned_data if form.is_valid() else {}
    on = today_or(chosen.get("on"))
    kind = chosen.get("kind") or None
    readable = org_policy.readable_orgs(user)
    groups: list[tuple[Organization | None, list[Organization]]] = []
    authority = chosen.get("authority") or authorities.first()
    if authority is not None:
        ids = set(readable.values_list("pk", flat=True))
        groups.append((authority, [b for b in overruns.bodies_of(authority) if b.pk in ids]))
    else:
        for body in warnings.own_bodies(user).filter(pk__in=readable.values("pk")):
            groups.append((hierarchy.reports_to(body), [body]))
    tables = []
    for auth, bodies in groups:
        rule = overruns.rule_of(auth) if auth is not None else overruns.DEFAULT_RULE
        period = overruns.period_of(rule.period, on)
        kinds = [k for k in rule.kinds if kind is None or k == kind]
        rows = overruns.count_overruns(bodies, period, rule, kinds)
        rows.sort(key=lambda r: (-r.total, r.organization.path))
        drafts = {
            c.organization_id: c
            for c in warnings.visible_criticisms(user).filter(
                organization__in=bodies, period_start=period.start, period_end=period.end
            )
        }
        tables.append(Table(auth, rule, period, kinds, rows, drafts))
    return form, tables


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    deny_unless(warnings.can_open_section(request.user))
    form, tables = _table(request)
    return render(
        request,
        "backoffice/assessment/warnings/overview.html",
        {
            "form": form,
            "tables": tables,
            "reviewer": warnings.authorities_for(request.user).exists(),
            "labels": {code: overruns.kind_label(code) for code in overruns.KINDS},
        },
    )


@login_required
def export(request: HttpRequest) -> HttpResponse:
    deny_unless(warnings.can_open_section(request.user))
    _form, tables = _table(request)
    sheets = []
    for t in tables:
        header = [_("单位"), *(str(overruns.kind_label(k)) for k in t.kinds), _("合计"), _("预警等级")]
        sheets.append(
            Sheet(
                title=str(t.authority.display_short if t.authority else _("本单位")),
                heading=_("超限情况（%(start)s至%(end)s）") % {"start": t.period.start, "end": t.period.end},
                header=header,
                rows=[
                    [r.organization.name, *(r.counts.get(k, 0) for k in t.kinds), r.total, str(r.level_label)]
                    for r in t.rows
                ],
            )
        )
    data = write_workbook(sheets, first_column_width=30)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="overruns.xlsx"'
    return response


@login_required
def body(request: HttpRequest, org_id: int) -> HttpResponse:
    organization = get_object_or_404(org_policy.readable_orgs(request.user), pk=org_id)
    deny_unless(warnings.can_read_body(request.user, organization))
    authority = hierarchy.reports_to(organization)
    rule = overruns.rule_of(authority) if authority is not None else overruns.DEFAULT_RULE
    on = today_or(_date(request.GET.get("on", "")))
    period = overruns.period_of(rule.period, on)
    row = overruns.count_overruns([organization], period, rule)[0]
    found = overruns.overruns_of(organization, period, rule.kinds)
    return render(
        request,
        "backoffice/assessment/warnings/body.html",
        {
            "organization": organization,
            "authority": authority,
            "rule": rule,
            "period": period,
            "row": row,
            "overruns": found,
            "criticisms": warnings.visible_criticisms(request.user).filter(organization=organization),
            "labels": {code: overruns.kind_label(code) for code in rule.kinds},
        },
    )


def _date(raw: str) -> dt.date | None:
    """A day given as ``?on=2026-05-31``; anything else is the current period."""
    try:
        return dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: HttpRequest, authority_id: int) -> HttpResponse:
    authority = get_object_or_404(warnings.authorities_for(request.user), pk=authority_id)
    rule = overruns.rule_of(authority)
    initial = {
        "kinds": list(rule.kinds),
        "period": rule.period,
        "threshold": rule.threshold,
        "remind_at": rule.remind_at,
    }
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            warnings.save_policy(actor=request.user, authority=authority, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("超限通报规则已保存。"))
            return redirect(f"{_url('assessment_warnings')}?authority={authority.pk}")
    return render(
        request,
        "backoffice/assessment/warnings/policy.html",
        {"authority": authority, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _url(name: str, *args: Any) -> str:
    from django.urls import reverse

    return reverse(f"backoffice:{name}", args=args)


@login_required
def criticisms(request: HttpRequest) -> HttpResponse:
    deny_unless(warnings.can_open_section(request.user))
    state = request.GET.get("state", "")
    qs = warnings.visible_criticisms(request.user).order_by("-period_end", "organization__path")
    if state in CriticismState.values:
        qs = qs.filter(state=state)
    else:
        state = ""
    return render(
        request,
        "backoffice/assessment/warnings/criticisms.html",
        {"criticisms": qs[:500], "state": state, "states": CriticismState.choices},
    )


@login_required
@require_http_methods(["GET", "POST"])
def criticism(request: HttpRequest, pk: int) -> HttpResponse:
    c = get_object_or_404(warnings.visible_criticisms(request.user), pk=pk)
    decide = warnings.can_decide(request.user, c)
    text_form = TextForm(initial={"text": c.text})
    issue_form = IssueForm(initial={"title": warnings.criticism_title(c)})
    dismiss_form = DismissForm()
    if request.method == "POST":
        deny_unless(decide, _("只有主管部门的监督人员可以审核待审核的通报批评。"))
        action = request.POST.get("action")
        try:
            if action == "text":
                text_form = TextForm(request.POST)
                if text_form.is_valid():
                    warnings.update_text(actor=request.user, criticism=c, text=text_form.cleaned_data["text"])
                    messages.success(request, _("通报正文已保存。"))
                    return redirect(_url("assessment_criticism", c.pk))
            elif action == "issue":
                issue_form = IssueForm(request.POST)
                if issue_form.is_valid():
                    warnings.issue_criticism(actor=request.user, criticism=c, **issue_form.cleaned_data)
                    messages.success(request, _("通报批评已印发。"))
                    return redirect(_url("assessment_criticism", c.pk))
            elif action == "dismiss":
                dismiss_form = DismissForm(request.POST)
                if dismiss_form.is_valid():
                    warnings.dismiss_criticism(
                        actor=request.user, criticism=c, reason=dismiss_form.cleaned_data["decision_reason"]
                    )
                    messages.success(request, _("已决定不予通报。"))
                    return redirect(_url("assessment_criticism", c.pk))
            else:
                messages.error(request, _("无法识别的操作。"))
        except ValidationError as exc:
            target = {"text": text_form, "issue": issue_form, "dismiss": dismiss_form}.get(
                action or "", text_form
            )
            for field, errors in exc.message_dict.items():
                target.add_error(field if field in target.fields else None, errors)
    return render(
        request,
        "backoffice/assessment/warnings/criticism.html",
        {
            "criticism": c,
            "overruns": [overruns.Overrun.from_json(d) for d in c.overruns],
            "decide": decide,
            "text_form": text_form,
            "issue_form": issue_form,
            "dismiss_form": dismiss_form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _visible_bulletin(request: HttpRequest, pk: int) -> Bulletin:
    bulletin = get_object_or_404(Bulletin.objects.select_related("authority"), pk=pk)
    if bulletins.can_manage_bulletins(request.user, bulletin.authority):
        return bulletin
    if bulletin.published_at is not None:
        return bulletin
    if warnings.visible_criticisms(request.user).filter(bulletin=bulletin).exists():
        return bulletin
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def bulletin(request: HttpRequest, pk: int) -> HttpResponse:
    b = _visible_bulletin(request, pk)
    manage = bulletins.can_manage_bulletins(request.user, b.authority)
    unpublish_form = UnpublishForm()
    if request.method == "POST":
        deny_unless(manage, _("只有主管部门的监督人员可以公开或撤回通报。"))
        if request.POST.get("action") == "publish":
            bulletins.publish_bulletin(actor=request.user, bulletin=b)
            messages.success(request, _("通报已在门户网站公开。"))
            return redirect(_url("assessment_bulletin", b.pk))
        unpublish_form = UnpublishForm(request.POST)
        if unpublish_form.is_valid():
            try:
                bulletins.unpublish_bulletin(
                    actor=request.user, bulletin=b, reason=unpublish_form.cleaned_data["reason"]
                )
            except ValidationError as exc:
                unpublish_form.add_error(None, exc.messages)
            else:
                messages.success(request, _("通报已从门户网站撤回。"))
                return redirect(_url("assessment_bulletin", b.pk))
    return render(
        request,
        "backoffice/assessment/warnings/bulletin.html",
        {
            "bulletin": b,
            "html": bulletins.bulletin_html(b),
            "manage": manage,
            "unpublish_form": unpublish_form,
            "criticism": Criticism.objects.filter(bulletin=b).select_related("organization").first(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def bulletin_download(request: HttpRequest, pk: int) -> FileResponse:
    b = _visible_bulletin(request, pk)
    response = FileResponse(
        io.BytesIO(bulletins.bulletin_docx(b)),
        as_attachment=True,
        filename=bulletins.bulletin_filename(b),
        content_type=DOCX_TYPE,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
