"""Back-office screens of assessment schemes (考核方案, docs/SPEC.md §7):

* ``assessment_schemes`` — the platform's templates and the viewer's authorities' schemes, with
  their versions;
* ``assessment_scheme`` — one version: its tree of criteria with points and rules in words, its
  configuration in words, what keeps a draft from being published, its versions, and the actions
  (copy a template, new version, edit, publish, retire); the closed rounds of an older version,
  to recompute under it;
* ``assessment_scheme_new`` / ``assessment_scheme_edit`` — a scheme's fields and configuration;
* ``assessment_criterion_new`` / ``assessment_criterion_edit`` — a criterion of a draft;
* ``assessment_scheme_diff`` — what changed between two versions;
* ``assessment_round_recompute`` — recompute a closed round under a corrected version;
* ``assessment_recomputation`` — what a recomputation changed, body by body.

Every change goes through ``assessment.services.schemes`` / ``assessment.services.recompute``.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.assessment import policy
from gongkai.assessment.models import Criterion, Recomputation, Round, RoundState, Scheme, SchemeState
from gongkai.assessment.schemes import config_words, diff, tree
from gongkai.assessment.services import recompute as recompute_services
from gongkai.assessment.services import schemes as services
from gongkai.assessment.staff.schemes.forms import CriterionForm, RecomputeForm, SchemeForm
from gongkai.backoffice.views.common import add_service_errors, deny_unless, org_from_choices
from gongkai.core.params import parse_id
from gongkai.orgs import policy as org_policy

NAV = "assessment_schemes"


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("考核方案"), reverse("backoffice:assessment_schemes")), *extra]


def _scheme(user: Any, pk: int) -> Scheme:
    return get_object_or_404(services.visible_schemes(user), pk=pk)


def _url(scheme: Scheme) -> str:
    return reverse("backoffice:assessment_scheme", args=[scheme.pk])


def _open(user: Any) -> None:
    deny_unless(services.can_open_schemes(user), _("考核方案仅对主管部门监督人员和系统管理员开放。"))


@login_required
def scheme_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    _open(user)
    schemes = list(services.visible_schemes(user).order_by("authority__path", "code", "-version"))
    lineages: dict[tuple[int | None, str], list[Scheme]] = {}
    for s in schemes:
        lineages.setdefault((s.authority_id, s.code), []).append(s)
    templates = [v for (authority, _code), v in lineages.items() if authority is None]
    own = [v for (authority, _code), v in lineages.items() if authority is not None]
    context = {
        "nav_section": NAV,
        "templates": templates,
        "own": own,
        "can_create": policy.authorities_for(user).exists() or org_policy.is_system_admin(user),
        "crumbs": _crumbs(),
    }
    return render(request, "backoffice/assessment/schemes/list.html", context)


def _old_rounds(user: Any, scheme: Scheme) -> list[Round]:
    """The closed rounds of older versions that may be recomputed under ``scheme``."""
    if scheme.state != SchemeState.PUBLISHED:
        return []
    rounds = (
        policy.visible_rounds(user)
        .filter(
            state=RoundState.FINAL,
            scheme__authority=scheme.authority,
            scheme__code=scheme.code,
            scheme__version__lt=scheme.version,
        )
        .select_related("scheme")
        .order_by("-period_end")
    )
    return [r for r in rounds if recompute_services.can_recompute(user, r)]


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _open(user)
    scheme = _scheme(user, pk)
    manage = services.can_manage(user, scheme)
    authorities = list(policy.authorities_for(user).order_by("path"))
    context = {
        "nav_section": NAV,
        "scheme": scheme,
        "nodes": tree(scheme),
        "config_lines": config_words(scheme.config or {}),
        "problems": services.problems_of(scheme) if scheme.state == SchemeState.DRAFT else [],
        "versions": list(services.versions(scheme)),
        "can_manage": manage,
        "can_edit": manage and scheme.state == SchemeState.DRAFT,
        "can_copy": scheme.authority_id is None
        and scheme.state == SchemeState.PUBLISHED
        and bool(authorities),
        "authorities": authorities,
        "old_rounds": _old_rounds(user, scheme),
        "rounds": list(policy.visible_rounds(user).filter(scheme=scheme).order_by("-period_end")[:20]),
        "crumbs": _crumbs((str(scheme), None)),
    }
    return render(request, "backoffice/assessment/schemes/scheme.html", context)


@login_required
def scheme_new(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    _open(user)
    authorities = policy.authorities_for(user).order_by("path")
    # A system administrator who supervises no authority can only make a platform template (the
    # list's 新建方案 shows to them too: it must not lead to a 403).
    template = org_policy.is_system_admin(user) and (
        request.GET.get("template") == "1" or not authorities.exists()
    )
    authority = None
    if not template:
        deny_unless(authorities.exists(), _("只有主管部门的监督人员可以制定考核方案。"))
        authority = org_from_choices(request, authorities)
        if authority is None:
            return render(
                request,
                "backoffice/assessment/schemes/choose_authority.html",
                {"nav_section": NAV, "authorities": authorities, "crumbs": _crumbs((_("新建方案"), None))},
            )
    if request.method == "POST":
        form = SchemeForm(request.POST)
        if form.is_valid():
            try:
                scheme = services.create_scheme(actor=user, authority=authority, fields=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("方案已创建（草稿）。请添加考核指标，核对无误后发布。"))
                return redirect(_url(scheme))
    else:
        form = SchemeForm()
    context = {
        "nav_section": NAV,
        "form": form,
        "authority": authority,
        "template": template,
        "crumbs": _crumbs((_("新建方案"), None)),
    }
    return render(
        request,
        "backoffice/assessment/schemes/form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request.user
    _open(user)
    scheme = _scheme(user, pk)
    deny_unless(services.can_manage(user, scheme), _("您无权修改该考核方案。"))
    if scheme.state != SchemeState.DRAFT:
        messages.error(request, _("已发布或已停用的考核方案不能修改；如需更正，请创建新版本。"))
        return redirect(_url(scheme))
    if request.method == "POST":
        form = SchemeForm(request.POST, with_code=False)
        if form.is_valid():
            try:
                services.update_scheme(actor=user, scheme=scheme, fields=form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("方案已保存。"))
                return redirect(_url(scheme))
    else:
        form = SchemeForm(initial=SchemeForm.initial_of(scheme), with_code=False)
    context = {
        "nav_section": NAV,
        "form": form,
        "scheme": scheme,
        "crumbs": _crumbs((str(scheme), _url(scheme)), (_("修改方案"), None)),
    }
    return render(
        request,
        "backoffice/assessment/schemes/form.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def scheme_copy(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _open(user)
    template = _scheme(user, pk)
    authorities = policy.authorities_for(user).order_by("path")
    deny_unless(authorities.exists(), _("只有主管部门的监督人员可以复制模板。"))
    authority = org_from_choices(request, authorities)
    if authority is None:
        messages.error(request, _("请选择复制到哪个机关。"))
        return redirect(_url(template))
    try:
        copy = services.copy_template(actor=user, template=template, authority=authority)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(_url(template))
    messages.success(request, _("已复制为本机关的方案（草稿），可修改后发布。"))
    return redirect(_url(copy))


def _action(request: HttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    user = request.user
    _open(user)
    scheme = _scheme(user, pk)
    deny_unless(services.can_manage(user, scheme), _("您无权修改该考核方案。"))
    try:
        result = act(actor=user, scheme=scheme)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(_url(scheme))
    messages.success(request, done)
    return redirect(_url(result))


@login_required
@require_POST
def scheme_version(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.new_version, _("已创建新版本（草稿）。"))


@login_required
@require_POST
def scheme_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.publish_scheme, _("方案已发布，此后不能再修改。"))


@login_required
@require_POST
def scheme_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(request, pk, services.retire_scheme, _("方案已停用，新的考核不能再选用。"))


@login_required
def scheme_diff(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    _open(user)
    after = _scheme(user, pk)
    versions = [v for v in services.versions(after) if v.pk != after.pk]
    raw = request.GET.get("from")
    if raw:
        from_pk = parse_id(raw)
        if from_pk is None:
            raise Http404
        before = _scheme(user, from_pk)
    elif (
        after.supersedes_id is not None
        and services.visible_schemes(user).filter(pk=after.supersedes_id).exists()
    ):
        before = after.supersedes  # type: ignore[assignment]
    elif versions:
        before = versions[0]
    else:
        messages.info(request, _("该方案只有一个版本。"))
        return redirect(_url(after))
    context = {
        "nav_section": NAV,
        "diff": diff(before, after),
        "versions": versions,
        "crumbs": _crumbs((str(after), _url(after)), (_("版本比较"), None)),
    }
    return render(request, "backoffice/assessment/schemes/diff.html", context)


def _criterion_page(request: HttpRequest, scheme: Scheme, criterion: Criterion | None) -> HttpResponseBase:
    user = request.user
    if request.method == "POST":
        form = CriterionForm(request.POST, scheme=scheme, criterion=criterion)
        if form.is_valid():
            fields = dict(form.cleaned_data)
            try:
                services.save_criterion(actor=user, scheme=scheme, criterion=criterion, fields=fields)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("考核指标已保存。"))
                return redirect(_url(scheme))
    elif criterion is not None:
        form = CriterionForm(initial=CriterionForm.initial_of(criterion), scheme=scheme, criterion=criterion)
    else:
        form = CriterionForm(initial={"kind": "manual", "rules": "[]"}, scheme=scheme)
    title = _("修改考核指标") if criterion is not None else _("添加考核指标")
    context = {
        "nav_section": NAV,
        "form": form,
        "scheme": scheme,
        "criterion": criterion,
        "title": title,
        "groups": [g for g in (scheme.config or {}).get("groups") or [] if isinstance(g, dict)],
        "crumbs": _crumbs((str(scheme), _url(scheme)), (title, None)),
    }
    return render(
        request,
        "backoffice/assessment/schemes/criterion.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


def _editable(request: HttpRequest, pk: int) -> Scheme | HttpResponse:
    user = request.user
    _open(user)
    scheme = _scheme(user, pk)
    deny_unless(services.can_manage(user, scheme), _("您无权修改该考核方案。"))
    if scheme.state != SchemeState.DRAFT:
        messages.error(request, _("已发布或已停用的考核方案不能修改；如需更正，请创建新版本。"))
        return redirect(_url(scheme))
    return scheme


@login_required
def criterion_new(request: HttpRequest, pk: int) -> HttpResponseBase:
    scheme = _editable(request, pk)
    if isinstance(scheme, HttpResponse):
        return scheme
    return _criterion_page(request, scheme, None)


@login_required
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponseBase:
    scheme = _editable(request, pk)
    if isinstance(scheme, HttpResponse):
        return scheme
    criterion = get_object_or_404(Criterion, scheme=scheme, pk=criterion_pk)
    return _criterion_page(request, scheme, criterion)


@login_required
@require_POST
def criterion_delete(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    scheme = _editable(request, pk)
    if isinstance(scheme, HttpResponse):
        return scheme
    criterion = get_object_or_404(Criterion, scheme=scheme, pk=criterion_pk)
    try:
        services.delete_criterion(actor=request.user, criterion=criterion)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("考核指标已删除。"))
    return redirect(_url(scheme))


# -- recomputing a closed round ----------------------------------------------------------------------


@login_required
def round_recompute(request: HttpRequest, pk: int) -> HttpResponseBase:
    user = request.user
    rnd = get_object_or_404(policy.visible_rounds(user).select_related("scheme", "authority"), pk=pk)
    deny_unless(policy.can_manage(user, rnd), _("只有组织考核机关的监督人员可以重新计分。"))
    round_url = reverse("backoffice:assessment_round", args=[rnd.pk])
    if rnd.state != RoundState.FINAL:
        messages.error(request, _("只有结果已确定的考核可以按更正后的方案重新计分。"))
        return redirect(round_url)
    candidates = recompute_services.candidates(rnd)
    if request.method == "POST":
        form = RecomputeForm(request.POST, candidates=candidates)
        if form.is_valid():
            try:
                done = recompute_services.recompute_round(
                    actor=user,
                    round=rnd,
                    scheme=form.cleaned_data["scheme"],
                    reason=form.cleaned_data["reason"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已按更正后的方案重新计分。"))
                return redirect(reverse("backoffice:assessment_recomputation", args=[done.pk]))
    else:
        form = RecomputeForm(candidates=candidates)
    context = {
        "nav_section": NAV,
        "round": rnd,
        "form": form,
        "candidates": candidates,
        "recomputations": list(rnd.recomputations.select_related("scheme_before", "scheme_after", "done_by")),
        "crumbs": [
            (_("考核评议"), reverse("backoffice:assessment_rounds")),
            (rnd.title, round_url),
            (_("重新计分"), None),
        ],
    }
    return render(
        request,
        "backoffice/assessment/schemes/recompute.html",
        context,
        status=400 if request.method == "POST" else 200,
    )


@login_required
def recomputation(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    done = get_object_or_404(
        Recomputation.objects.filter(round__in=policy.visible_rounds(user)).select_related(
            "round", "scheme_before", "scheme_after", "done_by"
        ),
        pk=pk,
    )
    deny_unless(policy.reads_whole_round(user, done.round), _("只有组织考核机关可以查看重新计分的情况。"))
    titles = dict(
        Criterion.objects.filter(scheme__in=[done.scheme_before_id, done.scheme_after_id]).values_list(
            "code", "title"
        )
    )

    def vetoes(codes: list[str]) -> str:
        return "、".join(titles.get(code, code) for code in codes)

    changes = [
        {
            **c,
            "vetoes_before": vetoes(c.get("before", {}).get("vetoes") or []),
            "vetoes_after": vetoes(c.get("after", {}).get("vetoes") or []),
        }
        for c in done.changes or []
    ]
    context = {
        "nav_section": NAV,
        "done": done,
        "changed": [c for c in changes if c.get("changed")],
        "unchanged": [c for c in changes if not c.get("changed")],
        "crumbs": [
            (_("考核评议"), reverse("backoffice:assessment_rounds")),
            (done.round.title, reverse("backoffice:assessment_round", args=[done.round_id])),
            (_("重新计分"), None),
        ],
    }
    return render(request, "backoffice/assessment/schemes/recomputation.html", context)
