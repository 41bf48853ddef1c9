"""约稿 pages (docs/SPEC.md §8 Commissioning):

* ``govinfo_commissions`` — the desk's commissions (plans, 报送要点, 约稿通知; drafts and issued) with
  "新建", and for a unit's 信息员 the issued ones addressed to them with deadlines and a "报送稿件"
  link (``?work=due``: the 约稿通知 not yet answered, what "我的工作" counts);
* ``govinfo_commission`` — one commission: text, deadline, targets; for the desk the answers per
  target and who missed, and the actions (修改, 发布) while it is a draft;
* ``govinfo_commission_new`` / ``_edit`` / ``_issue``.

Every change goes through ``govinfo.services.commissions``.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import parse_id
from gongkai.govinfo import policy, scoring
from gongkai.govinfo.models import Commission, CommissionKind
from gongkai.govinfo.services import commissions as services
from gongkai.govinfo.staff.commissions.forms import CommissionForm
from gongkai.orgs.models import Organization

LIST = "backoffice:govinfo_commissions"


def _may_open(user: Any) -> bool:
    return policy.can_use_desk(user) or policy.can_write(user)


def _submission_new_url() -> str:
    """Where a 信息员 writes an answer (the submissions part's form, ``?commission=<pk>``)."""
    try:
        return reverse("backoffice:govinfo_submission_new")
    except NoReverseMatch:  # pragma: no cover - the submissions part is installed with this one
        return ""


def _visible_or_404(user: Any, pk: int) -> Commission:
    qs = services.visible_commissions(user).select_related("organization", "created_by")
    return get_object_or_404(qs, pk=pk)


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("约稿"), reverse(LIST)), *tail]


@login_required
def commission_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(_may_open(user), _("约稿页面供信息科编辑和各单位信息员使用。"))
    today = timezone.localdate()
    work = request.GET.get("work", "")
    if work not in ("", "due"):
        raise Http404
    offices = list(policy.desk_offices(user).order_by("path"))
    desk_rows = list(
        Commission.objects.filter(organization__in=offices)
        .select_related("organization")
        .prefetch_related("targets__organization")
        .order_by("-year", "-created_at", "-id")[:200]
    )
    year = today.year
    missed_rows = []
    if work != "due":
        # docs/SPEC.md §8: missing this many commissioned pieces zeroes the year (the rule set in
        # force at the year's end, as the ranking applies it).
        zero_year = scoring.rules_of(scoring.rule_set_on(dt.date(year, 12, 31))).missed_commissions_zero_year
        for office in offices:
            missed = services.missed_commissions(office, dt.date(year, 1, 1), dt.date(year, 12, 31))
            names = dict(Organization.objects.filter(pk__in=missed).values_list("pk", "name"))
            for unit_id, items in sorted(missed.items(), key=lambda kv: (-len(kv[1]), names.get(kv[0], ""))):
                missed_rows.append(
                    {
                        "office": office,
                        "unit": names.get(unit_id, ""),
                        "commissions": items,
                        "zeroes": len(items) >= zero_year,
                    }
                )
    addressed: list[Commission] = []
    writer = policy.can_write(user)
    due_ids: set[int] = set()
    open_ids: set[int] = set()
    if writer:
        for unit in policy.writing_units(user):
            open_ids |= set(services.open_commissions_for(unit, today).values_list("pk", flat=True))
        due = services.due_for_writer(user, today)
        due_ids = set(due.values_list("pk", flat=True))
        if work == "due":
            addressed = list(due.select_related("organization"))
        else:
            addressed = list(
                services.visible_commissions(user)
                .filter(issued_at__isnull=False)
                .exclude(organization__in=offices)
                .select_related("organization")
                .order_by("-issued_at", "-id")[:200]
            )
    return render(
        request,
        "backoffice/govinfo/commissions/list.html",
        {
            "offices": offices,
            "desk_rows": [] if work == "due" else desk_rows,
            "addressed": addressed,
            "writer": writer,
            "due_ids": due_ids,
            "missed_rows": missed_rows,
            "year": year,
            "open_ids": open_ids,
            "work": work,
            "now": timezone.now(),
            "submission_new_url": _submission_new_url(),
            "crumbs": _crumbs() if not work else _crumbs((_("待报送的约稿"), None)),
        },
    )


def _office_for_new(request: HttpRequest) -> Organization:
    offices = policy.desk_offices(request.user)
    raw = request.GET.get("office") or request.POST.get("office")
    if raw:
        pk = parse_id(raw)
        if pk is None:
            raise Http404
        return get_object_or_404(offices, pk=pk)
    first = offices.order_by("path").first()
    if first is None:
        raise Http404
    return first


def _form_page(
    request: HttpRequest,
    form: CommissionForm,
    office: Organization,
    offices: list[Organization],
    commission: Commission | None,
    crumbs: list[tuple[str, str | None]],
) -> HttpResponse:
    """The form of a new commission (``commission`` None) or of a draft; 400 when it has errors."""
    context = {"form": form, "office": office, "offices": offices, "commission": commission, "crumbs": crumbs}
    return render(
        request,
        "backoffice/govinfo/commissions/form.html",
        context,
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def commission_new(request: HttpRequest) -> HttpResponseBase:
    deny_unless(policy.can_use_desk(request.user), _("只有信息科编辑可以发布约稿。"))
    office = _office_for_new(request)
    kind = request.GET.get("kind", CommissionKind.NOTICE)
    if kind not in CommissionKind.values:
        kind = CommissionKind.NOTICE
    today = timezone.localdate()
    initial = {"kind": kind, "year": today.year}
    if kind == CommissionKind.POINTS:
        initial["quarter"] = services.quarter_of(today)
    form = CommissionForm(request.POST or None, office=office, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            commission = services.create_commission(
                actor=request.user,
                office=office,
                kind=data["kind"],
                year=data["year"],
                quarter=data["quarter"],
                title=data["title"],
                body=data["body"],
                deadline=data["deadline"],
                targets=form.targets(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("约稿已保存为草稿，核对无误后请发布。"))
            return redirect("backoffice:govinfo_commission", pk=commission.pk)
    offices = list(policy.desk_offices(request.user).order_by("path"))
    return _form_page(request, form, office, offices, None, _crumbs((_("新建约稿"), None)))


@login_required
def commission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    commission = _visible_or_404(user, pk)
    is_desk = policy.can_use_desk(user, commission.organization)
    rows = services.answers_by_target(commission) if is_desk else []
    today = timezone.localdate()
    open_for_me = False
    if policy.can_write(user) and commission.issued_at is not None:
        open_for_me = any(
            services.open_commissions_for(unit, today).filter(pk=commission.pk).exists()
            for unit in policy.writing_units(user)
        )
    my_answers = []
    if policy.can_write(user):
        my_answers = list(
            commission.answers.filter(organization__in=policy.writing_units(user)).order_by("-created_at")
        )
    return render(
        request,
        "backoffice/govinfo/commissions/detail.html",
        {
            "commission": commission,
            "targets": list(
                commission.targets.select_related("organization", "user").order_by("organization__path")
            ),
            "is_desk": is_desk,
            "rows": rows,
            "missed": [r for r in rows if r.missed],
            "open_for_me": open_for_me,
            "my_answers": my_answers,
            "submission_new_url": _submission_new_url(),
            "crumbs": _crumbs((commission.title, None)),
        },
    )


@login_required
def commission_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    commission = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_use_desk(request.user, commission.organization), _("只有本办信息科编辑可以修改约稿。")
    )
    if commission.issued_at is not None:
        messages.error(request, "约稿已发布，不能再修改。")
        return redirect("backoffice:govinfo_commission", pk=commission.pk)
    targets = list(commission.targets.all())
    initial = {
        "kind": commission.kind,
        "year": commission.year,
        "quarter": commission.quarter,
        "title": commission.title,
        "body": commission.body,
        "deadline": timezone.localtime(commission.deadline) if commission.deadline else None,
        "units": [t.organization_id for t in targets if t.user_id is None],
        "people": [t.user_id for t in targets if t.user_id is not None],
    }
    form = CommissionForm(request.POST or None, office=commission.organization, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_commission(
                actor=request.user,
                commission=commission,
                title=data["title"],
                body=data["body"],
                year=data["year"],
                quarter=data["quarter"],
                deadline=data["deadline"],
                targets=form.targets(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("约稿已修改。"))
            return redirect("backoffice:govinfo_commission", pk=commission.pk)
    crumbs = _crumbs(
        (commission.title, reverse("backoffice:govinfo_commission", args=[commission.pk])),
        (pgettext("edit action", "修改"), None),
    )
    return _form_page(request, form, commission.organization, [], commission, crumbs)


@require_POST
@login_required
def commission_issue(request: HttpRequest, pk: int) -> HttpResponseBase:
    commission = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_use_desk(request.user, commission.organization), _("只有本办信息科编辑可以发布约稿。")
    )
    try:
        services.issue_commission(actor=request.user, commission=commission)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("约稿已发布，已通知约稿对象。"))
    return redirect("backoffice:govinfo_commission", pk=commission.pk)
