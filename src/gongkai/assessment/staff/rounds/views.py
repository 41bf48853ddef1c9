"""Back-office screens of an assessment round (考核评议, docs/SPEC.md §7):

* ``assessment_rounds`` — the rounds the viewer may open (the authority's, or their body's);
* ``assessment_round_new`` — open a round: period, published scheme, bodies of the region;
* ``assessment_round`` — the round: its bodies with their states and totals, the progress, the
  round's next step (发布, 开始评分, 反馈结果, 确定结果), peer groups while a draft;
* ``assessment_round_body`` — a body's 自查报告: the editor while the body writes (pre-filled from
  the indicators, each criterion's computed points with the records behind them), read-only after;
  self vs final points as a diff once scored; its objections, and the forms to object or accept;
* ``assessment_score`` — the supervisor's scoring of one body (self vs final, reasons);
* ``assessment_objection`` — the supervisor's decision on one objection;
* ``assessment_round_results`` — the results of a final round: totals, grades, ranks with 并列,
  per peer group;
* ``assessment_indicator_records`` — the drill-down: the records behind one indicator of one body.

Every change goes through ``gongkai.assessment.services.rounds``; what is offered and shown comes
from ``gongkai.assessment.policy``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.assessment import indicators, policy, scoring
from gongkai.assessment.models import (
    CriterionScore,
    Evidence,
    Objection,
    ObjectionOutcome,
    Round,
    RoundBody,
    RoundBodyState,
    RoundState,
)
from gongkai.assessment.schemes import rule_words, spec_of
from gongkai.assessment.services import rounds as services
from gongkai.assessment.staff.rounds.forms import (
    DecisionForm,
    ObjectionForm,
    PeerGroupForm,
    ReportForm,
    RoundForm,
    ScoreForm,
)
from gongkai.backoffice.views.common import add_service_errors, deny_unless, org_from_choices
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.files.uploads import read_upload

NAV = "assessment_rounds"


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("考核评议"), reverse("backoffice:assessment_rounds")), *extra]


def _round(user: Any, pk: int) -> Round:
    qs = policy.visible_rounds(user).select_related("authority", "scheme")
    return get_object_or_404(qs, pk=pk)


def _body(user: Any, rnd: Round, body_pk: int) -> RoundBody:
    qs = policy.visible_bodies(user, rnd).select_related("organization", "round__scheme", "round__authority")
    return get_object_or_404(qs, pk=body_pk)


def _round_url(rnd: Round) -> str:
    return reverse("backoffice:assessment_round", args=[rnd.pk])


def _body_url(rb: RoundBody) -> str:
    return reverse("backoffice:assessment_round_body", args=[rb.round_id, rb.pk])


def _scores(rb: RoundBody) -> list[CriterionScore]:
    return list(
        rb.scores.select_related("criterion", "criterion__parent")
        .prefetch_related("evidence")
        .order_by("criterion__position", "criterion_id")
    )


def _group_labels(rnd: Round) -> dict[str, str]:
    groups = (rnd.scheme.config or {}).get("groups") or []
    return {
        str(g.get("code")): _(str(g.get("label") or g.get("code"))) for g in groups if isinstance(g, dict)
    }


# -- the list and opening a round ------------------------------------------------------------------


@login_required
def round_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(policy.can_open_section(user), _("考核评议仅对主管部门监督人员和参评单位开放。"))
    rounds = list(
        policy.visible_rounds(user).select_related("authority", "scheme").order_by("-period_end", "-pk")
    )
    context = {
        "nav_section": NAV,
        "rounds": [(r, services.progress(r)) for r in rounds],
        "can_open": policy.can_open_round(user),
        "crumbs": _crumbs(),
    }
    return render(request, "backoffice/assessment/rounds/list.html", context)


@login_required
def round_new(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    authorities = policy.authorities_for(user).order_by("path")
    deny_unless(authorities.exists(), _("只有主管部门的监督人员可以组织考核。"))
    authority = org_from_choices(request, authorities)
    if authority is None:
        return render(
            request,
            "backoffice/assessment/rounds/choose_authority.html",
            {"nav_section": NAV, "authorities": authorities, "crumbs": _crumbs((_("组织考核"), None))},
        )
    bodies = policy.assessable_bodies(user, authority)
    if request.method == "POST":
        form = RoundForm(request.POST, authority=authority, bodies=bodies)
        if form.is_valid():
            fields = {**form.cleaned_data, "bodies": [o.pk for o in form.cleaned_data["bodies"]]}
            try:
                rnd = services.create_round(actor=user, authority=authority, fields=fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("考核已创建（草稿）。请核对参评单位及分组后发布。"))
                return redirect(_round_url(rnd))
    else:
        form = RoundForm(authority=authority, bodies=bodies, initial={"objection_days": 5})
    context: dict[str, Any] = {
        "nav_section": NAV,
        "form": form,
        "authority": authority,
        "crumbs": _crumbs((_("组织考核"), None)),
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "backoffice/assessment/rounds/form.html", context, status=status)


# -- the round --------------------------------------------------------------------------------------


@login_required
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rnd = _round(user, pk)
    bodies = list(
        policy.visible_bodies(user, rnd).select_related("organization").order_by("organization__path")
    )
    labels = _group_labels(rnd)
    manage = policy.can_manage(user, rnd)
    today = services.local_today()
    pending = Objection.objects.filter(
        round_body__round=rnd, outcome=ObjectionOutcome.PENDING
    ).select_related("round_body__organization", "criterion")
    context = {
        "nav_section": NAV,
        "round": rnd,
        "bodies": bodies,
        "group_labels": labels,
        "group_form": PeerGroupForm(groups=labels.items())
        if policy.can_edit_draft_round(user, rnd)
        else None,
        "whole": policy.reads_whole_round(user, rnd),
        "progress": services.progress(rnd),
        "actions": {
            "open": policy.can_edit_draft_round(user, rnd),
            "start_scoring": policy.can_start_scoring(user, rnd),
            "open_objections": policy.can_open_objections(user, rnd),
            "finalize": policy.can_finalize(user, rnd),
            "manage": manage,
        },
        "finalize_problems": services.finalize_problems(rnd, today) if manage else [],
        "pending_objections": list(pending) if manage else [],
        "today": today,
        "crumbs": _crumbs((rnd.title, None)),
    }
    return render(request, "backoffice/assessment/rounds/round.html", context)


def _round_action(request: HttpRequest, pk: int, action: Callable[..., Any], done: str) -> HttpResponse:
    rnd = _round(request.user, pk)
    _report(request, lambda: action(actor=request.user, round=rnd), done)
    return redirect(_round_url(rnd))


def _report(request: HttpRequest, run: Callable[[], Any], done: str) -> None:
    """Run a service call; its refusal's messages, or ``done``, are shown on the next page."""
    try:
        run()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)


def _body_action(
    request: HttpRequest, pk: int, body_pk: int, action: Callable[..., Any], done: str
) -> HttpResponse:
    """One body's action in a round, as ``_round_action`` for the round."""
    rb = _body(request.user, _round(request.user, pk), body_pk)
    _report(request, lambda: action(actor=request.user, round_body=rb), done)
    return redirect(_body_url(rb))


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(
        request, pk, services.open_round, _("考核已发布，各单位的自查报告已按平台数据预填。")
    )


@login_required
@require_POST
def round_start_scoring(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, services.start_scoring, _("自查阶段已结束，开始评分。"))


@login_required
@require_POST
def round_open_objections(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, services.open_objections, _("评分结果已反馈各单位，申辩期开始。"))


@login_required
@require_POST
def round_finalize(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_action(request, pk, services.finalize_round, _("考核结果已确定。"))


@login_required
@require_POST
def round_peer_group(request: HttpRequest, pk: int, body_pk: int) -> HttpResponse:
    rnd = _round(request.user, pk)
    rb = _body(request.user, rnd, body_pk)
    try:
        services.set_peer_group(actor=request.user, round_body=rb, group=request.POST.get("group", ""))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已调整%(body)s的参评分组。") % {"body": rb.organization.name})
    return redirect(_round_url(rnd))


# -- a body's 自查报告 ---------------------------------------------------------------------------------


def _tree(
    rb: RoundBody, scores: list[CriterionScore], form_rows: dict[int, dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    """The criteria of the body's report in the scheme's order, group headings (with their points
    by the kernel) between them; each criterion with its form fields (``form_rows``) when edited,
    and the indicators its rules read (for the links to their records)."""
    known = rb.indicators or {}
    defs = indicators.definitions()
    spec = spec_of(rb.round.scheme)
    final = services.score_preview(rb, scores)
    by_criterion = {s.criterion_id: s for s in scores}
    rows: list[dict[str, Any]] = []
    for c in rb.round.scheme.criteria.order_by("position", "pk"):
        if not scoring.applies(spec, c.code, rb.peer_group):
            continue
        if c.kind == "group":
            result = final.criteria.get(c.code) if final else None
            rows.append({"group": c, "points": result.points if result else None})
        elif c.pk in by_criterion:
            s = by_criterion[c.pk]
            reference = services.reference_points(s)
            codes = [r.get("indicator") for r in c.rules or [] if isinstance(r, dict)]
            rows.append(
                {
                    "score": s,
                    "form": (form_rows or {}).get(s.pk),
                    "indicator_codes": [
                        (code, defs[code].label)
                        for code in dict.fromkeys(codes)
                        if code in known and code in defs
                    ],
                    "hand": services.hand_scored(c),
                    "rules": [rule_words(c.kind, rule) for rule in c.rules or []],
                    "veto": c.kind == "veto",
                    "vetoed": _vetoed(c.code, rb, final),
                    "reference": reference,
                    "changed": s.final_points is not None
                    and reference is not None
                    and s.final_points != reference,
                    "delta": (s.final_points - reference)
                    if s.final_points is not None and reference is not None
                    else None,
                }
            )
    return rows


def _vetoed(code: str, rb: RoundBody, preview: scoring.BodyScore) -> bool:
    """Does the 单项否决 ``code`` hold, by the kernel as the points stand (a veto by its rules holds
    before the body is scored, when ``rb.vetoes`` is still empty)."""
    result = preview.criteria.get(code)
    return result.veto if result is not None else code in (rb.vetoes or [])


def _indicator_rows(rb: RoundBody) -> list[dict[str, Any]]:
    defs = indicators.definitions()
    rows = []
    for code, data in sorted((rb.indicators or {}).items()):
        d = defs.get(code)
        rows.append(
            {
                "code": code,
                "label": d.label if d else code,
                "group": d.group if d else "",
                "unit": d.unit if d else "",
                "value": data.get("value"),
                "count": data.get("count"),
                "sample": data.get("sample"),
            }
        )
    return rows


def _save_report(request: HttpRequest, rb: RoundBody, form: ReportForm) -> bool:
    """Save the draft and the uploaded files together; on any refusal nothing is written and the
    form shows what was typed with the errors."""
    try:
        with transaction.atomic():
            services.save_report(
                actor=request.user,
                round_body=rb,
                summary=form.cleaned_data["summary"],
                entries=form.entries(),
            )
            for s in form.scores:
                upload = form.cleaned_data.get(f"evidence_{s.pk}")
                if upload:
                    try:
                        data = read_upload(upload)
                        services.add_evidence(actor=request.user, score=s, data=data, filename=upload.name)
                    except ValidationError as exc:
                        raise ValidationError({f"evidence_{s.pk}": exc.messages}) from None
            if request.POST.get("action") == "submit":
                services.submit_report(actor=request.user, round_body=rb)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    return True


@login_required
def body_detail(request: HttpRequest, pk: int, body_pk: int) -> HttpResponseBase:
    user = request.user
    rnd = _round(user, pk)
    rb = _body(user, rnd, body_pk)
    today = services.local_today()
    writable = policy.can_write_report(user, rb)
    scores = _scores(rb)
    form: ReportForm | None = None
    status = 200
    if writable:
        if request.method == "POST":
            form = ReportForm(request.POST, request.FILES, scores=scores)
            if form.is_valid() and _save_report(request, rb, form):
                if request.POST.get("action") == "submit":
                    messages.success(request, _("自查报告已提交。"))
                else:
                    messages.success(request, _("自查报告已保存。"))
                return redirect(_body_url(rb))
            status = 400
            rb.refresh_from_db()
        else:
            form = ReportForm(scores=scores, initial={"summary": rb.summary})
    elif request.method == "POST":
        deny_unless(False, _("当前不能修改该自查报告。"))
    scores = _scores(rb)
    context = {
        "nav_section": NAV,
        "round": rnd,
        "rb": rb,
        "tree": _tree(rb, scores, {row["score"].pk: row for row in form.rows()} if form else None),
        "form": form,
        "indicator_rows": _indicator_rows(rb),
        "objections": list(rb.objections.select_related("criterion", "filed_by", "decided_by")),
        "objection_form": ObjectionForm(scores=scores) if policy.can_object(user, rb, today) else None,
        "can_confirm": policy.can_confirm(user, rb, today),
        "can_score": policy.can_score(user, rb),
        "can_refresh": writable or policy.can_score(user, rb),
        "manage": policy.can_manage(user, rnd),
        "show_final": (
            rb.state != RoundBodyState.PENDING and rnd.state in (RoundState.OBJECTION, RoundState.FINAL)
        )
        or policy.reads_whole_round(user, rnd),
        "group_label": _group_labels(rnd).get(rb.peer_group, rb.peer_group),
        "crumbs": _crumbs((rnd.title, _round_url(rnd)), (rb.organization.name, None)),
    }
    return render(request, "backoffice/assessment/rounds/body.html", context, status=status)


@login_required
@require_POST
def body_refresh(request: HttpRequest, pk: int, body_pk: int) -> HttpResponse:
    return _body_action(request, pk, body_pk, services.refresh_indicators, _("指标已按最新数据重新计算。"))


@login_required
def evidence_download(request: HttpRequest, pk: int, body_pk: int, evidence_pk: int) -> HttpResponseBase:
    rnd = _round(request.user, pk)
    rb = _body(request.user, rnd, body_pk)
    found = get_object_or_404(Evidence.objects.filter(score__round_body=rb), pk=evidence_pk)
    try:
        handle = open_stored(found.file)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = download_response(handle, name=found.original_name, kind=found.kind)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, body_pk: int, evidence_pk: int) -> HttpResponse:
    rnd = _round(request.user, pk)
    rb = _body(request.user, rnd, body_pk)
    found = get_object_or_404(
        Evidence.objects.filter(score__round_body=rb).select_related("score"), pk=evidence_pk
    )
    services.remove_evidence(actor=request.user, evidence=found)
    messages.success(request, _("佐证材料已删除。"))
    return redirect(_body_url(rb))


@login_required
def indicator_records(request: HttpRequest, pk: int, body_pk: int, code: str) -> HttpResponse:
    rnd = _round(request.user, pk)
    rb = _body(request.user, rnd, body_pk)
    definition = indicators.definitions().get(code)
    if definition is None:
        raise Http404
    period = indicators.Period(rnd.period_start, rnd.period_end)
    # Linked only to the pages the viewer opens (a supervisor reads 政务信息报送 as figures).
    found = indicators.records(code, rb.organization_id, period, viewer=request.user)
    context = {
        "nav_section": NAV,
        "round": rnd,
        "rb": rb,
        "definition": definition,
        "figure": (rb.indicators or {}).get(code),
        "records": found,
        "crumbs": _crumbs(
            (rnd.title, _round_url(rnd)), (rb.organization.name, _body_url(rb)), (str(definition.label), None)
        ),
    }
    return render(request, "backoffice/assessment/rounds/records.html", context)


# -- scoring -----------------------------------------------------------------------------------------


@login_required
def score(request: HttpRequest, pk: int, body_pk: int) -> HttpResponseBase:
    user = request.user
    rnd = _round(user, pk)
    rb = _body(user, rnd, body_pk)
    deny_unless(policy.can_score(user, rb), _("只有主管部门的监督人员可以在评分阶段评分。"))
    scores = _scores(rb)
    status = 200
    if request.method == "POST":
        form = ScoreForm(request.POST, scores=scores)
        if form.is_valid():
            try:
                services.score_body(actor=user, round_body=rb, entries=form.entries())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("%(body)s的评分已保存。") % {"body": rb.organization.name})
                return redirect(_body_url(rb))
        status = 400
    else:
        form = ScoreForm(scores=scores)
    context = {
        "nav_section": NAV,
        "round": rnd,
        "rb": rb,
        "form": form,
        "tree": _tree(rb, scores, {row["score"].pk: row for row in form.rows()}),
        "crumbs": _crumbs(
            (rnd.title, _round_url(rnd)), (rb.organization.name, _body_url(rb)), (_("评分"), None)
        ),
    }
    return render(request, "backoffice/assessment/rounds/score.html", context, status=status)


# -- objections --------------------------------------------------------------------------------------


@login_required
@require_POST
def body_object(request: HttpRequest, pk: int, body_pk: int) -> HttpResponseBase:
    user = request.user
    rnd = _round(user, pk)
    rb = _body(user, rnd, body_pk)
    scores = _scores(rb)
    form = ObjectionForm(request.POST, scores=scores)
    if form.is_valid():
        raw = form.cleaned_data["criterion"]
        criterion = next((s.criterion for s in scores if str(s.criterion_id) == raw), None)
        try:
            services.file_objection(
                actor=user, round_body=rb, criterion=criterion, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("申辩已提交，主管部门处理后将通知本单位。"))
            return redirect(_body_url(rb))
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, str(message))
    return redirect(_body_url(rb))


@login_required
@require_POST
def body_confirm(request: HttpRequest, pk: int, body_pk: int) -> HttpResponse:
    return _body_action(request, pk, body_pk, services.confirm_results, _("已确认考核结果无异议。"))


@login_required
def objection_decide(request: HttpRequest, pk: int, objection_pk: int) -> HttpResponseBase:
    user = request.user
    rnd = _round(user, pk)
    deny_unless(policy.reads_whole_round(user, rnd))
    objection = get_object_or_404(
        Objection.objects.filter(round_body__round=rnd).select_related(
            "round_body__organization", "criterion"
        ),
        pk=objection_pk,
    )
    rb = objection.round_body
    can_decide = policy.can_decide_objection(user, objection)
    score_row = rb.scores.select_related("criterion").filter(criterion=objection.criterion).first()
    status = 200
    form = None
    if can_decide:
        if request.method == "POST":
            form = DecisionForm(request.POST, score=score_row)
            if form.is_valid():
                try:
                    services.decide_objection(actor=user, objection=objection, **form.cleaned_data)
                except ValidationError as exc:
                    add_service_errors(form, exc)
                else:
                    messages.success(request, _("申辩已处理，已通知该单位。"))
                    return redirect(_round_url(rnd))
            status = 400
        else:
            form = DecisionForm(score=score_row)
    elif request.method == "POST":
        deny_unless(False, _("该申辩已处理或当前不能处理。"))
    context = {
        "nav_section": NAV,
        "round": rnd,
        "rb": rb,
        "objection": objection,
        "score": score_row,
        "form": form,
        "crumbs": _crumbs((rnd.title, _round_url(rnd)), (_("申辩处理"), None)),
    }
    return render(request, "backoffice/assessment/rounds/objection.html", context, status=status)


# -- results ------------------------------------------------------------------------------------------


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    rnd = _round(user, pk)
    if rnd.state != RoundState.FINAL:
        raise Http404
    bodies = list(policy.visible_bodies(user, rnd).select_related("organization"))
    labels = _group_labels(rnd)
    groups: dict[str, list[RoundBody]] = {}
    for rb in sorted(bodies, key=lambda b: (b.peer_group, b.rank or 0, b.organization.path)):
        groups.setdefault(rb.peer_group, []).append(rb)
    context = {
        "nav_section": NAV,
        "round": rnd,
        "groups": [(labels.get(g, g), rows) for g, rows in groups.items()],
        "whole": policy.reads_whole_round(user, rnd),
        "manage": policy.can_manage(user, rnd),
        "crumbs": _crumbs((rnd.title, _round_url(rnd)), (_("考核结果"), None)),
    }
    return render(request, "backoffice/assessment/rounds/results.html", context)
