"""信息编辑: the information section's desk (docs/SPEC.md §8).

* ``govinfo_desk`` — the submissions sent to the user's office, by tab (待处理, 储备, 已采用, 已退回,
  已合并), filtered by unit, kind and month; ``?state=submitted`` is the inbox's queue (待签收);
* ``govinfo_desk_item`` — one submission: its text, unit, authors, history, the near-duplicates
  beside it (with the merge action), and the actions: 签收, 编辑, 退回, 储备, 采用 into an issue,
  转报 upward.

Every change goes through ``govinfo.services.desk``; what is shown comes from
``govinfo.desk_access``. A desk editor of another office gets 404 for an item of this desk.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.govinfo import desk_access, duplicates, policy
from gongkai.govinfo.models import IssueState, State, Submission
from gongkai.govinfo.services import desk as services
from gongkai.govinfo.staff.desk.forms import (
    TAB_STATES,
    TABS,
    AdoptForm,
    DeskFilterForm,
    EditForm,
    ForwardForm,
    MergeForm,
    ReturnForm,
)
from gongkai.orgs.models import Organization

PAGE_SIZE = 50


def _require_desk(request: HttpRequest) -> None:
    deny_unless(policy.can_use_desk(request.user), _("只有信息科编辑可以使用信息编辑。"))


def _item_or_404(request: HttpRequest, pk: int) -> Submission:
    _require_desk(request)
    qs = desk_access.desk_submissions(request.user).select_related(
        "organization", "recipient", "drafter", "received_by", "carrier", "forwarded_from", "merged_into"
    )
    return get_object_or_404(qs, pk=pk)


def _item_url(submission: Submission) -> str:
    return reverse("backoffice:govinfo_desk_item", args=[submission.pk])


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# -- the list ---------------------------------------------------------------------------------------


@login_required
def desk_list(request: HttpRequest) -> HttpResponse:
    _require_desk(request)
    base = desk_access.desk_submissions(request.user)
    units = Organization.objects.filter(pk__in=base.values("organization_id")).order_by("path")
    form = DeskFilterForm(request.GET or None, units=units)
    status = 200
    tab, rows = "pending", base
    if form.is_bound and not form.is_valid():
        status = 400
        rows = base.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        tab = data.get("tab") or "pending"
        if data.get("state") == "submitted":
            rows = rows.filter(state=State.SUBMITTED)
        else:
            rows = rows.filter(state__in=TAB_STATES[tab])
        if data.get("unit"):
            rows = rows.filter(organization=data["unit"])
        if data.get("kind"):
            rows = rows.filter(kind=data["kind"])
        if data.get("month"):
            year, month = data["month"]
            rows = rows.filter(submitted_at__year=year, submitted_at__month=month)
    rows = rows.select_related("organization", "recipient").order_by("-submitted_at", "-pk")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = {key: base.filter(state__in=states).count() for key, states in TAB_STATES.items()}
    context: dict[str, Any] = {
        "nav_section": "govinfo_desk",
        "form": form,
        "tabs": [(key, label, counts[key]) for key, label, _s in TABS],
        "tab": tab,
        "only_submitted": form.is_bound and form.is_valid() and form.cleaned_data.get("state") == "submitted",
        "page_obj": page,
        "offices": list(policy.desk_offices(request.user).order_by("path")),
        "crumbs": [(_("信息编辑"), None)],
    }
    return render(request, "backoffice/govinfo/desk/list.html", context, status=status)


# -- one item ---------------------------------------------------------------------------------------


def _merge_candidates(submission: Submission) -> Any:
    return (
        Submission.objects.filter(recipient_id=submission.recipient_id, state__in=desk_access.OPEN_STATES)
        .exclude(pk=submission.pk)
        .select_related("organization")
    )


def render_item(
    request: HttpRequest, submission: Submission, *, status: int = 200, **forms: Any
) -> HttpResponse:
    publications = desk_access.desk_publications(request.user).filter(
        organization_id=submission.recipient_id or 0, is_active=True
    )
    near = duplicates.near_duplicates(submission)
    open_state = submission.state in desk_access.OPEN_STATES
    target = services.forward_target(submission.recipient) if submission.recipient else None
    context: dict[str, Any] = {
        "nav_section": "govinfo_desk",
        "submission": submission,
        "authors": list(submission.authors.all()),
        "credits": list(submission.credits.select_related("organization")),
        "revisions": list(submission.revisions.select_related("by").order_by("-number")[:10]),
        "entries": list(submission.issue_entries.select_related("issue__publication")),
        "adoptions": list(submission.adoptions.select_related("publication")),
        "forwards": list(submission.forwarded.select_related("to_organization", "created", "by")),
        "merged": list(submission.merged.select_related("organization")),
        "near": near,
        "merge_form": forms.get("merge_form")
        or MergeForm(
            candidates=_merge_candidates(submission), initial={"others": [n.submission.pk for n in near]}
        ),
        "return_form": forms.get("return_form") or ReturnForm(),
        "adopt_form": forms.get("adopt_form") or AdoptForm(publications=publications),
        "forward_form": forms.get("forward_form") or ForwardForm(),
        "has_publications": publications.exists(),
        "can_receive": submission.state == State.SUBMITTED,
        "can_reserve": submission.state in (State.SUBMITTED, State.RECEIVED),
        "can_return": open_state,
        "can_edit": open_state or submission.state == State.ADOPTED,
        "can_adopt": submission.state in (*desk_access.OPEN_STATES, State.ADOPTED),
        "can_forward": submission.state in services.FORWARDABLE,
        "can_merge": open_state or submission.state == State.ADOPTED,
        "forward_target": target,
        "draft_state": IssueState.DRAFT,
        "crumbs": [(_("信息编辑"), reverse("backoffice:govinfo_desk")), (submission.title, None)],
    }
    return render(request, "backoffice/govinfo/desk/item.html", context, status=status)


@login_required
def desk_item(request: HttpRequest, pk: int) -> HttpResponse:
    return render_item(request, _item_or_404(request, pk))


@login_required
@require_POST
def desk_receive(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    try:
        services.receive(submission, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已签收。"))
    return redirect(_item_url(submission))


@login_required
@require_POST
def desk_reserve(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    try:
        services.reserve(submission, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已列入储备。"))
    return redirect(_item_url(submission))


@login_required
def desk_edit(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                services.edit(
                    submission,
                    actor=request.user,
                    title=form.cleaned_data["title"],
                    body=form.cleaned_data["body"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存修改，作者可以看到修改前后的对照。"))
                return redirect(_item_url(submission))
        status = 400
    else:
        form = EditForm(initial={"title": submission.title, "body": submission.body})
    context = {
        "nav_section": "govinfo_desk",
        "submission": submission,
        "form": form,
        "crumbs": [
            (_("信息编辑"), reverse("backoffice:govinfo_desk")),
            (submission.title, _item_url(submission)),
            (_("编辑"), None),
        ],
    }
    return render(request, "backoffice/govinfo/desk/edit.html", context, status=status)


@login_required
@require_POST
def desk_return(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.return_submission(submission, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已退回，并通知了报送人。"))
            return redirect(_item_url(submission))
    return render_item(request, submission, status=400, return_form=form)


@login_required
@require_POST
def desk_adopt(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    publications = desk_access.desk_publications(request.user).filter(
        organization_id=submission.recipient_id or 0, is_active=True
    )
    form = AdoptForm(request.POST, publications=publications)
    if form.is_valid():
        publication = form.cleaned_data["publication"]
        try:
            issue = None
            if form.cleaned_data["new_issue"]:
                issue = services.draft_issue(publication, actor=request.user, new=True)
            entry = services.adopt(submission, actor=request.user, publication=publication, issue=issue)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已编入%(issue)s，印发后计入采用。") % {"issue": entry.issue})
            return redirect(reverse("backoffice:govinfo_issue", args=[entry.issue_id]))
    return render_item(request, submission, status=400, adopt_form=form)


@login_required
@require_POST
def desk_forward(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    form = ForwardForm(request.POST)
    if form.is_valid():
        to_name = form.cleaned_data["to_name"].strip()
        try:
            if to_name:
                services.forward_off_platform(submission, actor=request.user, to_name=to_name)
                done = _("已登记转报%(to_name)s。") % {"to_name": to_name}
            else:
                forward = services.forward_up(submission, actor=request.user)
                done = _("已转报%(to_organization)s。") % {"to_organization": forward.to_organization}
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(_item_url(submission))
    return render_item(request, submission, status=400, forward_form=form)


@login_required
@require_POST
def desk_merge(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _item_or_404(request, pk)
    form = MergeForm(request.POST, candidates=_merge_candidates(submission))
    if form.is_valid():
        try:
            services.merge(submission, list(form.cleaned_data["others"]), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("已合并 %(others)s 条信息，各报送单位共同署名。")
                % {"others": len(form.cleaned_data["others"])},
            )
            return redirect(_item_url(submission))
    return render_item(request, submission, status=400, merge_form=form)
