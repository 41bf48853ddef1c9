"""Back-office pages of 互动 (docs/SPEC.md §3): the list (filters: state, overdue, unanswered over 3
months, the inbox's queues), a message's page (assign, answer, close, withdraw), the publishing
screen (the masked proposal, the scan of what will be published, the wording staff may edit), and
the kinds of message with their answer periods.

The writer's name, telephone and e-mail are shown only to the people handling the message
(``policy.can_see_writer``), and each showing is recorded in the audit log.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.audit.log import record
from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.interaction import policy, selectors
from gongkai.interaction.models import Message, MessageKind
from gongkai.interaction.rules import long_unanswered_before
from gongkai.interaction.services import handling, kinds
from gongkai.interaction.services.masking import Copy, check_copy, describe, propose_copy
from gongkai.interaction.staff.forms import (
    AnswerForm,
    AssignForm,
    FilterForm,
    KindForm,
    PublishForm,
    ReasonForm,
)
from gongkai.orgs.models import Organization

PAGE_SIZE = 25


def _crumbs(*tail: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("互动交流"), reverse("backoffice:messages")), *tail]


def _visible_or_404(user: Any, pk: int) -> Message:
    return get_object_or_404(
        policy.visible_messages(user).select_related("organization", "kind", "assignee", "answered_by"), pk=pk
    )


@login_required
def message_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(
        policy.can_open_messages(user), _("只有公开工作机构负责人、依申请承办人和留言承办人可以查看留言。")
    )
    visible = policy.visible_messages(user)
    organizations = Organization.objects.filter(pk__in=visible.values("organization")).order_by("path")
    form = FilterForm(request.GET or None, organizations=organizations)
    today = timezone.localdate()
    rows = visible.select_related("organization", "kind", "assignee")
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    if data.get("work"):
        rows = rows.filter(pk__in=selectors.work_queue(user, data["work"], today).values("pk"))
    if data.get("q"):
        q = data["q"].strip()
        rows = rows.filter(Q(tracking_number__icontains=q) | Q(subject__icontains=q))
    if data.get("org"):
        rows = rows.filter(organization=data["org"])
    if data.get("state"):
        rows = rows.filter(state=data["state"])
    if data.get("overdue"):
        rows = selectors.overdue(rows, today)
    if data.get("long_unanswered"):
        rows = selectors.long_unanswered(rows, today)
    page = Paginator(rows.order_by("-received_at", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    listed = [
        {
            "message": message,
            "deadline": selectors.deadline(message, today),
            "see_writer": policy.can_see_writer(user, message),
        }
        for message in page
    ]
    handled = policy.handled_messages(user)
    return render(
        request,
        "backoffice/messages/list.html",
        {
            "form": form,
            "page_obj": page,
            "rows": listed,
            "many_orgs": organizations.count() > 1,
            "overdue_count": selectors.overdue(visible, today).count(),
            "long_count": selectors.long_unanswered(visible, today).count(),
            "handled_long": selectors.long_unanswered(handled, today).count(),
            "can_edit_kinds": policy.can_edit_kinds(user),
            "crumbs": [(_("互动交流"), None)],
            "nav_section": "messages",
        },
        status=status,
    )


def _detail_context(request: HttpRequest, message: Message, **forms: Any) -> dict[str, Any]:
    user = request.user
    today = timezone.localdate()
    see_writer = policy.can_see_writer(user, message)
    if see_writer and (message.writer_name or message.writer_phone or message.writer_email):
        record(actor=user, action="message.writer_viewed", target=message, organization=message.organization)
    people = policy.assignable_people(message)
    return {
        "message": message,
        "deadline": selectors.deadline(message, today),
        "long_unanswered": message.is_open and message.received_on < long_unanswered_before(today),
        "see_writer": see_writer,
        "can_assign": policy.can_assign(user, message),
        "can_answer": policy.can_answer(user, message),
        "can_publish": policy.can_publish(user, message),
        "can_edit_published": policy.can_edit_published(user, message),
        "can_unpublish": policy.can_unpublish(user, message),
        "can_close": policy.can_close(user, message),
        "assign_form": forms.get("assign_form")
        or AssignForm(people=people, initial={"assignee": message.assignee_id}),
        "answer_form": forms.get("answer_form") or AnswerForm(initial={"answer": message.answer}),
        "close_form": forms.get("close_form") or ReasonForm(),
        "unpublish_form": forms.get("unpublish_form") or ReasonForm(),
        "crumbs": _crumbs((message.tracking_number, None)),
        "nav_section": "messages",
    }


@login_required
@require_http_methods(["GET", "HEAD"])
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = _visible_or_404(request.user, pk)
    return render(request, "backoffice/messages/detail.html", _detail_context(request, message))


def _act(request: HttpRequest, message: Message, form_name: str, form: Any, action: Any) -> HttpResponse:
    """Run ``action`` for a valid ``form``; on refusal show the page again with the errors (400)."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("backoffice:message_detail", pk=message.pk)
    context = _detail_context(request, message, **{form_name: form})
    return render(request, "backoffice/messages/detail.html", context, status=400)


@login_required
@require_POST
def message_assign(request: HttpRequest, pk: int) -> HttpResponse:
    message = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_assign(request.user, message), _("只有本机关的公开工作机构负责人可以分办未答复的留言。")
    )
    form = AssignForm(request.POST, people=policy.assignable_people(message))

    def act(data: dict[str, Any]) -> None:
        handling.assign(message, actor=request.user, assignee=data["assignee"])
        name = data["assignee"].full_name or data["assignee"].get_username()
        flash.success(request, _("已分办给%(name)s。") % {"name": name})

    return _act(request, message, "assign_form", form, act)


@login_required
@require_POST
def message_answer(request: HttpRequest, pk: int) -> HttpResponse:
    message = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_answer(request.user, message), _("只有承办人或公开工作机构负责人可以答复未答复的留言。")
    )
    form = AnswerForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        handling.answer(message, actor=request.user, text=data["answer"])
        flash.success(request, _("已答复，留言人可凭查询码查看答复。"))

    return _act(request, message, "answer_form", form, act)


@login_required
@require_POST
def message_close(request: HttpRequest, pk: int) -> HttpResponse:
    message = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_close(request.user, message), _("只有承办人或公开工作机构负责人可以办结已答复的留言。")
    )
    form = ReasonForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        handling.close(message, actor=request.user, reason=data["reason"])
        flash.success(request, _("已办结，不予公开。"))

    return _act(request, message, "close_form", form, act)


@login_required
@require_POST
def message_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    message = _visible_or_404(request.user, pk)
    deny_unless(
        policy.can_unpublish(request.user, message), _("只有公开工作机构负责人可以撤回已公开的留言。")
    )
    form = ReasonForm(request.POST)

    def act(data: dict[str, Any]) -> None:
        handling.unpublish(message, actor=request.user, reason=data["reason"])
        flash.success(request, _("已撤回公开。"))

    return _act(request, message, "unpublish_form", form, act)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def message_publish(request: HttpRequest, pk: int) -> HttpResponse:
    """公开: the masked proposal (or the published wording), the scan of exactly what will be
    published, and the wording staff may edit. Publishing re-checks it (the service refuses any
    remaining high finding, legible personal data or the writer's data)."""
    user = request.user
    message = _visible_or_404(user, pk)
    editing = policy.can_edit_published(user, message)
    deny_unless(
        policy.can_publish(user, message) or editing,
        _("只有承办人或公开工作机构负责人可以公开留言人同意公开的已答复留言。"),
    )
    status = 200
    if request.method == "POST":
        form = PublishForm(request.POST)
        if form.is_valid():
            copy = Copy(**form.cleaned_data)
            try:
                if editing:
                    handling.edit_published(message, actor=user, copy=copy)
                else:
                    handling.publish(message, actor=user, copy=copy)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                flash.success(
                    request, _("已更新公开内容。") if editing else _("已公开，门户网站“互动交流”栏目可见。")
                )
                return redirect("backoffice:message_detail", pk=message.pk)
        status = 400
        shown = Copy(
            subject=form.data.get("subject", ""),
            text=form.data.get("text", ""),
            answer=form.data.get("answer", ""),
        )
    else:
        if editing:
            shown = Copy(message.published_subject, message.published_text, message.published_answer)
        else:
            shown = propose_copy(message)
        form = PublishForm(initial=shown.fields())
    check = check_copy(message, shown)
    return render(
        request,
        "backoffice/messages/publish.html",
        {
            "message": message,
            "form": form,
            "editing": editing,
            "check": check,
            "findings": [(f, describe(f), f in check.blocking) for f in check.findings],
            "crumbs": _crumbs(
                (message.tracking_number, reverse("backoffice:message_detail", args=[message.pk])),
                (_("修改公开内容") if editing else _("公开"), None),
            ),
            "nav_section": "messages",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD"])
def kind_list(request: HttpRequest) -> HttpResponse:
    deny_unless(
        policy.can_open_messages(request.user) or policy.can_edit_kinds(request.user),
        _("只有公开工作机构负责人、依申请承办人和留言承办人可以查看留言类别。"),
    )
    return render(
        request,
        "backoffice/messages/kinds.html",
        {
            "kinds": [
                (
                    k,
                    KindForm(
                        initial={
                            "name": k.name,
                            "answer_workdays": k.answer_workdays,
                            "is_active": k.is_active,
                        },
                        prefix=f"k{k.pk}",
                    ),
                )
                for k in MessageKind.objects.all()
            ],
            "can_edit": policy.can_edit_kinds(request.user),
            "crumbs": _crumbs((_("留言类别"), None)),
            "nav_section": "messages",
        },
    )


@login_required
@require_POST
def kind_edit(request: HttpRequest, pk: int) -> HttpResponse:
    deny_unless(
        policy.can_edit_kinds(request.user), _("只有系统管理员或本级人民政府的机构管理员可以修改留言类别。")
    )
    kind = get_object_or_404(MessageKind, pk=pk)
    form = KindForm(request.POST, prefix=f"k{kind.pk}")
    if form.is_valid():
        try:
            kinds.update_kind(kind, actor=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                raise
            add_service_errors(form, exc)
        else:
            flash.success(
                request,
                _("已保存“%(name)s”：答复期限%(days)s个工作日（新收到的留言起适用）。")
                % {"name": kind.name, "days": kind.answer_workdays},
            )
            return redirect("backoffice:message_kinds")
    rows = [
        (
            k,
            form
            if k.pk == kind.pk
            else KindForm(
                initial={"name": k.name, "answer_workdays": k.answer_workdays, "is_active": k.is_active},
                prefix=f"k{k.pk}",
            ),
        )
        for k in MessageKind.objects.all()
    ]
    return render(
        request,
        "backoffice/messages/kinds.html",
        {
            "kinds": rows,
            "can_edit": True,
            "crumbs": _crumbs((_("留言类别"), None)),
            "nav_section": "messages",
        },
        status=400,
    )


urlpatterns: list[URLPattern] = [
    path("messages/", message_list, name="messages"),
    path("messages/kinds/", kind_list, name="message_kinds"),
    path("messages/kinds/<id:pk>/", kind_edit, name="message_kind_edit"),
    path("messages/<id:pk>/", message_detail, name="message_detail"),
    path("messages/<id:pk>/assign/", message_assign, name="message_assign"),
    path("messages/<id:pk>/answer/", message_answer, name="message_answer"),
    path("messages/<id:pk>/publish/", message_publish, name="message_publish"),
    path("messages/<id:pk>/close/", message_close, name="message_close"),
    path("messages/<id:pk>/unpublish/", message_unpublish, name="message_unpublish"),
]
