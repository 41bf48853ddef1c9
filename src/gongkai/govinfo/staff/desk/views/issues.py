"""信息刊物: the issues of the desk's publications (docs/SPEC.md §8: numbered issues with a
distribution list; "Archive (信息建档) and circulation log (传阅) of every issue").

* ``govinfo_issues`` — issues by publication and year; ``?work=draft`` (the desk's drafts, the
  inbox's queue), ``?work=unread`` (issued issues the reader has not opened), ``?archived=1`` (the
  archive: filed issues with their codes);
* ``govinfo_issue`` — one issue: 编者按, the items in order (move up/down, edit, remove), the
  distribution while it is a draft; issuing, 建档, the DOCX and the print page, the 批示 button and
  the circulation log. Opening it records a circulation row (传阅).

Desk editors read and edit their office's issues (drafts too); leaders read the issued issues of
their government's office (``govinfo.desk_access.readable_issues``). Anyone else gets 404.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.params import param_id, parse_int
from gongkai.govinfo import desk_access, policy
from gongkai.govinfo import render as issue_render
from gongkai.govinfo.models import Circulation, Issue, IssueEntry, IssueState, Publication
from gongkai.govinfo.services import desk as services
from gongkai.govinfo.staff.desk.forms import EntryForm, IssueForm, NewIssueForm

PAGE_SIZE = 50


def _require_reader(request: HttpRequest) -> None:
    deny_unless(desk_access.can_read_issues(request.user), _("信息刊物供信息科编辑和领导阅看。"))


def _issue_or_404(request: HttpRequest, pk: int) -> Issue:
    _require_reader(request)
    qs = desk_access.readable_issues(request.user).select_related(
        "publication", "publication__organization", "created_by", "issued_by"
    )
    return get_object_or_404(qs, pk=pk)


def _editable_issue_or_404(request: HttpRequest, pk: int) -> Issue:
    issue = _issue_or_404(request, pk)
    deny_unless(
        desk_access.can_edit_issue(request.user, issue), _("只有本刊物编印单位的信息科编辑可以编辑刊期。")
    )
    return issue


def _issue_url(issue: Issue) -> str:
    return reverse("backoffice:govinfo_issue", args=[issue.pk])


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _entry_or_404(request: HttpRequest, issue: Issue, raw: Any) -> IssueEntry:
    pk = raw if isinstance(raw, int) else parse_int(raw, minimum=1, maximum=2**63 - 1)
    if pk is None:
        raise Http404
    return get_object_or_404(issue.entries.select_related("submission"), pk=pk)


# -- the list ---------------------------------------------------------------------------------------


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    user = request.user
    issues = desk_access.readable_issues(user).select_related("publication")
    by_pk = {p.pk: p for p in desk_access.desk_publications(user)}
    by_pk.update({p.pk: p for p in Publication.objects.filter(pk__in=issues.values("publication_id"))})
    errors: list[str] = []
    raw_pub = request.GET.get("publication", "")
    publication = None
    if raw_pub:
        pk = parse_int(raw_pub, minimum=1, maximum=2**63 - 1)
        publication = by_pk.get(pk) if pk is not None else None
        if publication is None:
            errors.append(_("所选刊物不存在或您无权阅看。"))
        else:
            issues = issues.filter(publication=publication)
    raw_year = request.GET.get("year", "")
    year = None
    if raw_year:
        year = parse_int(raw_year, minimum=2000, maximum=2100)
        if year is None:
            errors.append(_("年度应为 2000 至 2100 之间的年份。"))
        else:
            issues = issues.filter(year=year)
    work = request.GET.get("work", "")
    if work == "draft":
        issues = issues.filter(state=IssueState.DRAFT)
    elif work == "unread":
        opened = Circulation.objects.filter(user_id=user.pk or 0).values("issue_id")
        issues = issues.filter(state=IssueState.ISSUED).exclude(pk__in=opened)
    elif work:
        errors.append(_("未知的筛选条件。"))
    archived = request.GET.get("archived") == "1"
    if archived:
        issues = issues.exclude(archived_at=None)
    if errors:
        issues = issues.none()
    issues = issues.order_by("-year", "state", "-number", "-pk")
    page = Paginator(issues, PAGE_SIZE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "nav_section": "govinfo_issues",
        "page_obj": page,
        "publications": sorted(by_pk.values(), key=lambda p: p.name),
        "publication": publication,
        "year": year,
        "work": work,
        "archived": archived,
        "errors": errors,
        "can_desk": policy.can_use_desk(user),
        "new_form": NewIssueForm(publications=desk_access.desk_publications(user).filter(is_active=True)),
        "crumbs": [(_("信息刊物"), None)],
    }
    return render(request, "backoffice/govinfo/desk/issues.html", context, status=400 if errors else 200)


@login_required
@require_POST
def issue_new(request: HttpRequest) -> HttpResponse:
    _require_reader(request)
    deny_unless(policy.can_use_desk(request.user), _("只有信息科编辑可以新建刊期。"))
    form = NewIssueForm(
        request.POST, publications=desk_access.desk_publications(request.user).filter(is_active=True)
    )
    if not form.is_valid():
        messages.error(request, "请选择本单位的信息刊物。")
        return redirect(reverse("backoffice:govinfo_issues"))
    try:
        issue = services.draft_issue(form.cleaned_data["publication"], actor=request.user, new=True)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(reverse("backoffice:govinfo_issues"))
    messages.success(request, _("已新建一期（印发时编号）。"))
    return redirect(_issue_url(issue))


# -- one issue --------------------------------------------------------------------------------------


def render_issue(
    request: HttpRequest, issue: Issue, *, form: IssueForm | None = None, status: int = 200
) -> HttpResponse:
    editable = desk_access.can_edit_issue(request.user, issue)
    draft = issue.state == IssueState.DRAFT
    circulation = list(issue.circulation.select_related("user").order_by("-opened_at")[:200])
    context: dict[str, Any] = {
        "nav_section": "govinfo_issues",
        "issue": issue,
        "parts": issue_render.issue_context(issue),
        "entries": list(
            issue.entries.select_related("submission", "submission__organization").order_by("position", "pk")
        ),
        "editable": editable and draft,
        "can_issue": editable and draft,
        "can_archive": editable and issue.state == IssueState.ISSUED and issue.archived_at is None,
        "form": form or (IssueForm.for_issue(issue) if editable and draft else None),
        "circulation": circulation,
        "readers": len({c.user_id for c in circulation}),
        "label": services.issue_label(issue),
        "can_instruct": policy.is_leader(request.user) or editable,
        "crumbs": [(_("信息刊物"), reverse("backoffice:govinfo_issues")), (str(issue), None)],
    }
    return render(request, "backoffice/govinfo/desk/issue.html", context, status=status)


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    services.record_opening(issue, request.user)
    return render_issue(request, issue)


@login_required
@require_POST
def issue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.update_issue(
                issue,
                actor=request.user,
                editor_note=data["editor_note"],
                bao=data["bao"],
                song=data["song"],
                fa=data["fa"],
                copies=data["copies"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(_issue_url(issue))
    return render_issue(request, issue, form=form, status=400)


@login_required
def issue_entry(request: HttpRequest, pk: int, entry: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    item = _entry_or_404(request, issue, entry)
    status = 200
    if request.method == "POST":
        form = EntryForm(request.POST)
        if form.is_valid():
            try:
                services.update_entry(
                    item, actor=request.user, title=form.cleaned_data["title"], body=form.cleaned_data["body"]
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("已保存条目。"))
                return redirect(_issue_url(issue))
        status = 400
    else:
        form = EntryForm(initial={"title": item.title, "body": item.body})
    context = {
        "nav_section": "govinfo_issues",
        "issue": issue,
        "entry": item,
        "form": form,
        "crumbs": [
            (_("信息刊物"), reverse("backoffice:govinfo_issues")),
            (str(issue), _issue_url(issue)),
            (_("编辑条目"), None),
        ],
    }
    return render(request, "backoffice/govinfo/desk/entry.html", context, status=status)


@login_required
@require_POST
def issue_move(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    item = _entry_or_404(request, issue, param_id(request.POST, "entry"))
    direction = request.POST.get("direction")
    if direction not in ("up", "down"):
        messages.error(request, "请选择上移或下移。")
        return redirect(_issue_url(issue))
    try:
        services.move_entry(item, actor=request.user, up=direction == "up")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect(_issue_url(issue) + "#entries")


@login_required
@require_POST
def issue_remove(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    item = _entry_or_404(request, issue, param_id(request.POST, "entry"))
    try:
        services.remove_entry(item, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已将《%(title)s》移出本期，信息回到待处理。") % {"title": item.title})
    return redirect(_issue_url(issue) + "#entries")


@login_required
@require_POST
def issue_issue(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    try:
        issue = services.issue_issue(issue, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(
            request,
            _("已印发：%(issue)s（总第%(total_number)s期）。")
            % {"issue": issue, "total_number": issue.total_number},
        )
    return redirect(_issue_url(issue))


@login_required
@require_POST
def issue_archive(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    try:
        issue = services.archive_issue(issue, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("已建档，档号 %(archive_code)s。") % {"archive_code": issue.archive_code})
    return redirect(_issue_url(issue))


@login_required
@require_POST
def issue_delete(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _editable_issue_or_404(request, pk)
    try:
        services.delete_issue(issue, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_issue_url(issue))
    messages.success(request, _("已删除本期草稿，其中的信息回到待处理。"))
    return redirect(reverse("backoffice:govinfo_issues"))


@login_required
def issue_docx(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    response = HttpResponse(
        issue_render.issue_docx(issue),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    name = issue_render.issue_filename(issue)
    response["Content-Disposition"] = (
        f"attachment; filename=\"issue-{issue.pk}.docx\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@login_required
def issue_print(request: HttpRequest, pk: int) -> HttpResponse:
    issue = _issue_or_404(request, pk)
    return render(request, "backoffice/govinfo/desk/issue_print.html", issue_render.issue_context(issue))
