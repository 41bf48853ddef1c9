"""Back-office screens of 意见征集 (docs/SPEC.md §2.4): the list, the draft with its files, the secrecy
review with the scan's findings, 签发 (open), the moderation queue, answers (one by one or by theme),
early closing, the 采纳情况 (pre-filled with the counts) and the final document.

Every change goes through ``gongkai.opinions.services``; what is offered comes from
``gongkai.opinions.policy``. Contact data is shown only to the staff who handle the comments.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.core.files.serving import download_response
from gongkai.core.files.stored import open_stored
from gongkai.core.files.uploads import read_upload
from gongkai.core.params import parse_id
from gongkai.disclosure.models import Item
from gongkai.opinions import policy, precheck, services
from gongkai.opinions.models import Consultation, Moderation, State
from gongkai.opinions.scan import scan_consultation
from gongkai.opinions.staff.forms import (
    AnswerForm,
    ConsultationForm,
    FinalForm,
    FindingForm,
    ModerationForm,
    NoteForm,
    PassForm,
    ReasonForm,
    SummaryForm,
    ThemeAnswerForm,
    ThemeForm,
)

NAV = "opinions"
PAGE_SIZE = 30


def _crumbs(*extra: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    return [(_("意见征集"), reverse("backoffice:opinions")), *extra]


def _get(user: Any, pk: int) -> Consultation:
    qs = policy.visible_consultations(user).select_related("organization", "drafter", "final_item")
    return get_object_or_404(qs, pk=pk)


def _url(c: Consultation) -> str:
    return reverse("backoffice:opinions_detail", args=[c.pk])


def _actions(user: Any, c: Consultation) -> dict[str, bool]:
    return {
        "edit": policy.can_edit(user, c),
        "submit": policy.can_submit(user, c),
        "review": policy.can_review(user, c),
        "open": policy.can_open(user, c),
        "close": policy.can_close(user, c),
        "moderate": policy.can_moderate(user, c),
        "answer": policy.can_answer(user, c),
        "summary": policy.can_write_summary(user, c),
        "publish": policy.can_publish_summary(user, c),
        "final": policy.can_link_final(user, c),
    }


@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    deny_unless(policy.can_open_section(user), _("意见征集仅对本机关相关工作人员开放。"))
    qs = policy.visible_consultations(user).select_related("organization")
    counts = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    state = request.GET.get("state", "")
    if state not in State.values:
        state = ""
    if state:
        qs = qs.filter(state=state)
    qs = qs.annotate(pending=Count("comments", filter=Q(comments__moderation=Moderation.PENDING)))
    page = Paginator(qs.order_by("-updated_at", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "nav_section": NAV,
        "page_obj": page,
        "state": state,
        "states": [(value, label, counts.get(value, 0)) for value, label in State.choices],
        "total": sum(counts.values()),
        "can_draft": policy.can_draft(user),
        "crumbs": _crumbs(),
    }
    return render(request, "backoffice/opinions/list.html", context)


def _fields(form: ConsultationForm) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in services.EDITABLE_FIELDS}


def _save_upload(request: HttpRequest, form: ConsultationForm, c: Consultation) -> None:
    upload = form.cleaned_data.get("attachment")
    if upload:
        services.add_attachment(
            actor=request.user, consultation=c, data=read_upload(upload), filename=upload.name
        )


@login_required
def consultation_new(request: HttpRequest) -> HttpResponseBase:
    user = request.user
    orgs = policy.drafting_orgs(user).order_by("path")
    deny_unless(orgs.exists(), _("只有录入员可以起草征求意见稿。"))
    if request.method == "POST":
        form = ConsultationForm(request.POST, request.FILES, organizations=orgs)
        if form.is_valid():
            try:
                with transaction.atomic():
                    c = services.create_consultation(
                        actor=user, organization=form.cleaned_data["organization"], fields=_fields(form)
                    )
                    _save_upload(request, form, c)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("征求意见稿已保存。"))
                return redirect(_url(c))
    else:
        first = orgs.first()
        form = ConsultationForm(
            organizations=orgs,
            initial={"organization": first.pk if first else None, "duration_days": services.default_days()},
        )
    context = {"nav_section": NAV, "form": form, "consultation": None, "crumbs": _crumbs((_("起草"), None))}
    return render(request, "backoffice/opinions/form.html", context)


@login_required
def consultation_edit(request: HttpRequest, pk: int) -> HttpResponseBase:
    c = _get(request.user, pk)
    deny_unless(policy.can_edit(request.user, c), _("该征求意见稿当前不能修改。"))
    if request.method == "POST":
        form = ConsultationForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                with transaction.atomic():
                    services.update_consultation(actor=request.user, consultation=c, fields=_fields(form))
                    _save_upload(request, form, c)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("征求意见稿已保存。"))
                return redirect(_url(c))
    else:
        form = ConsultationForm(
            initial={
                "title": c.title,
                "body": c.body,
                "how_to_comment": c.how_to_comment,
                "duration_days": c.duration_days,
            }
        )
    context = {
        "nav_section": NAV,
        "form": form,
        "consultation": c,
        "crumbs": _crumbs((c.title, _url(c)), (pgettext("edit action", "修改"), None)),
    }
    return render(request, "backoffice/opinions/form.html", context)


@login_required
def consultation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    context = {
        "nav_section": NAV,
        "consultation": c,
        "actions": _actions(user, c),
        "counts": services.summary_counts(c),
        "attachments": list(c.attachments.all()),
        "today": services.local_today(),
        "close_form": NoteForm(),
        "return_form": ReasonForm(),
        "crumbs": _crumbs((c.title, None)),
    }
    return render(request, "backoffice/opinions/detail.html", context)


def _act(request: HttpRequest, c: Consultation, action: Any, done: str, **kwargs: Any) -> HttpResponse:
    try:
        action(actor=request.user, consultation=c, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect(_url(c))


@login_required
@require_POST
def consultation_submit(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request.user, pk)
    deny_unless(policy.can_submit(request.user, c), _("只有本机关录入员可以将草稿送保密审查。"))
    return _act(request, c, services.submit_for_review, _("已送保密审查。"))


@login_required
@require_POST
def consultation_open(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request.user, pk)
    deny_unless(policy.can_open(request.user, c), _("只有本机关签发人（非起草人、非审查员）可以签发。"))
    return _act(request, c, services.open_consultation, _("已签发，征求意见稿已在网站公开。"))


@login_required
@require_POST
def consultation_return(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request.user, pk)
    allowed = policy.can_review(request.user, c) or policy.can_return_signoff(request.user, c)
    deny_unless(allowed, _("只有审查员或签发人可以退回。"))
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写退回理由。"))
        return redirect(_url(c))
    return _act(
        request, c, services.return_to_drafter, _("已退回起草人。"), reason=form.cleaned_data["reason"]
    )


@login_required
@require_POST
def consultation_close(request: HttpRequest, pk: int) -> HttpResponse:
    c = _get(request.user, pk)
    deny_unless(policy.can_close(request.user, c), _("只有本机关签发人或公开工作机构负责人可以提前截止。"))
    form = NoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("提前截止须说明理由。"))
        return redirect(_url(c))
    return _act(
        request, c, services.close_consultation, _("已截止征求意见。"), note=form.cleaned_data["note"]
    )


@login_required
def consultation_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    deny_unless(policy.can_review(user, c), _("只有本机关的保密审查员（非起草人）可以审查。"))
    finding_form = FindingForm()
    pass_form = PassForm()
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("action") == "decide":
                finding_form = FindingForm(request.POST)
                if not finding_form.is_valid():
                    raise ValidationError(_("请说明不涉密的理由。"))
                services.decide_finding(
                    actor=user,
                    consultation=c,
                    fingerprint=finding_form.cleaned_data["fingerprint"],
                    note=finding_form.cleaned_data["note"],
                )
                messages.success(request, _("已记录审查决定。"))
                return redirect(reverse("backoffice:opinions_review", args=[c.pk]))
            pass_form = PassForm(request.POST)
            if pass_form.is_valid():
                services.pass_review(actor=user, consultation=c, opinion=pass_form.cleaned_data["opinion"])
                messages.success(request, _("保密审查通过，待签发。"))
                return redirect(_url(c))
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
            status = 400
    context = {
        "nav_section": NAV,
        "consultation": c,
        "findings": scan_consultation(c),
        "attachments": list(c.attachments.all()),
        "pass_form": pass_form,
        "finding_form": finding_form,
        "return_form": ReasonForm(),
        "crumbs": _crumbs((c.title, _url(c)), (_("保密审查"), None)),
    }
    return render(request, "backoffice/opinions/review.html", context, status=status)


# -- comments ------------------------------------------------------------------------------------


@login_required
def comment_list(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    qs = c.comments.select_related("theme", "moderated_by").order_by("received_at", "pk")
    show = request.GET.get("show", "pending")
    if show not in ("pending", "accepted", "rejected", "all"):
        show = "pending"
    if show != "all":
        qs = qs.filter(moderation=show)
    accepted = c.comments.filter(moderation=Moderation.ACCEPTED, theme__isnull=True).order_by(
        "received_at", "pk"
    )
    context = {
        "nav_section": NAV,
        "consultation": c,
        "comments": qs,
        "show": show,
        "counts": services.summary_counts(c),
        "actions": _actions(user, c),
        "themes": c.themes.annotate(n=Count("comments")).order_by("pk"),
        "theme_form": ThemeForm(comments=accepted),
        "flag_labels": precheck.FLAG_LABELS,
        "crumbs": _crumbs((c.title, _url(c)), (_("意见处理"), None)),
    }
    return render(request, "backoffice/opinions/comments.html", context)


@login_required
def comment_detail(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    comment = get_object_or_404(
        c.comments.select_related("theme", "moderated_by", "answered_by"), pk=comment_pk
    )
    comment.consultation = c
    moderation_form = ModerationForm(initial={"decision": "accept", "publish": True})
    answer_form = AnswerForm(
        initial={
            "answer": comment.answer,
            "adoption": comment.adoption,
            "adoption_reason": comment.adoption_reason,
        }
    )
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "moderate":
                deny_unless(
                    policy.can_moderate(user, c), _("只有本机关的录入员或公开工作机构负责人可以审核意见。")
                )
                moderation_form = ModerationForm(request.POST)
                if moderation_form.is_valid():
                    data = moderation_form.cleaned_data
                    services.moderate_comment(
                        actor=user,
                        comment=comment,
                        accept=data["decision"] == "accept",
                        reason=data["reason"],
                        note=data["note"],
                        publish=data["publish"],
                    )
                    messages.success(request, _("已记录审核结论。"))
                    return redirect(reverse("backoffice:opinions_comments", args=[c.pk]))
            elif action == "answer":
                deny_unless(
                    policy.can_answer(user, c), _("只有本机关的录入员或公开工作机构负责人可以答复意见。")
                )
                answer_form = AnswerForm(request.POST)
                if answer_form.is_valid():
                    services.answer_comment(actor=user, comment=comment, **answer_form.cleaned_data)
                    messages.success(request, _("答复已保存。"))
                    return redirect(reverse("backoffice:opinions_comment", args=[c.pk, comment.pk]))
            elif action == "untheme":
                services.remove_from_theme(actor=user, comment=comment)
                return redirect(reverse("backoffice:opinions_comment", args=[c.pk, comment.pk]))
            else:
                raise Http404
        except ValidationError as exc:
            target = moderation_form if action == "moderate" else answer_form
            add_service_errors(target, exc)
        status = 400
    context = {
        "nav_section": NAV,
        "consultation": c,
        "comment": comment,
        "flags": [
            (precheck.FLAG_LABELS.get(f.get("code", ""), ""), f.get("detail", "")) for f in comment.flags
        ],
        "show_contacts": policy.can_see_contacts(user, c),
        "actions": _actions(user, c),
        "moderation_form": moderation_form,
        "answer_form": answer_form,
        "crumbs": _crumbs(
            (c.title, _url(c)),
            (_("意见处理"), reverse("backoffice:opinions_comments", args=[c.pk])),
            (_("意见") + f" #{comment.pk}", None),
        ),
    }
    return render(request, "backoffice/opinions/comment.html", context, status=status)


@login_required
@require_POST
def theme_new(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    deny_unless(policy.can_answer(user, c), _("只有本机关的录入员或公开工作机构负责人可以归并意见。"))
    accepted = c.comments.filter(moderation=Moderation.ACCEPTED, theme__isnull=True)
    form = ThemeForm(request.POST, comments=accepted)
    if form.is_valid():
        try:
            theme = services.create_theme(
                actor=user,
                consultation=c,
                title=form.cleaned_data["title"],
                comment_ids=form.cleaned_data["comments"],
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("已归并为主题，请统一答复。"))
            return redirect(reverse("backoffice:opinions_theme", args=[c.pk, theme.pk]))
    else:
        messages.error(request, _("请填写主题并至少选择一条意见。"))
    return redirect(reverse("backoffice:opinions_comments", args=[c.pk]) + "?show=accepted")


@login_required
def theme_detail(request: HttpRequest, pk: int, theme_pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    theme = get_object_or_404(c.themes.all(), pk=theme_pk)
    theme.consultation = c
    form = ThemeAnswerForm(
        initial={
            "title": theme.title,
            "answer": theme.answer,
            "adoption": theme.adoption,
            "adoption_reason": theme.adoption_reason,
        }
    )
    status = 200
    if request.method == "POST":
        deny_unless(policy.can_answer(user, c), _("只有本机关的录入员或公开工作机构负责人可以答复意见。"))
        form = ThemeAnswerForm(request.POST)
        if form.is_valid():
            try:
                services.answer_theme(actor=user, theme=theme, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("主题答复已保存。"))
                return redirect(reverse("backoffice:opinions_comments", args=[c.pk]) + "?show=accepted")
        status = 400
    context = {
        "nav_section": NAV,
        "consultation": c,
        "theme": theme,
        "comments": theme.comments.order_by("received_at", "pk"),
        "form": form,
        "can_answer": policy.can_answer(user, c),
        "crumbs": _crumbs(
            (c.title, _url(c)),
            (_("意见处理"), reverse("backoffice:opinions_comments", args=[c.pk])),
            (theme.title, None),
        ),
    }
    return render(request, "backoffice/opinions/theme.html", context, status=status)


# -- 采纳情况 and the final document ---------------------------------------------------------------


@login_required
def summary(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    deny_unless(
        policy.can_write_summary(user, c) or c.state == State.CONCLUDED,
        _("截止后方可撰写采纳情况。"),
    )
    form = SummaryForm(initial={"text": c.summary_text or services.draft_summary_text(c)})
    status = 200
    if request.method == "POST":
        form = SummaryForm(request.POST)
        if form.is_valid():
            text = form.cleaned_data["text"]
            try:
                if request.POST.get("action") == "publish":
                    services.publish_summary(actor=user, consultation=c, text=text)
                    messages.success(request, _("采纳情况已公布。"))
                    return redirect(_url(c))
                services.save_summary(actor=user, consultation=c, text=text)
                messages.success(request, _("采纳情况已保存（尚未公布）。"))
                return redirect(reverse("backoffice:opinions_summary", args=[c.pk]))
            except ValidationError as exc:
                add_service_errors(form, exc)
        status = 400
    context = {
        "nav_section": NAV,
        "consultation": c,
        "form": form,
        "counts": services.summary_counts(c),
        "reasons": services.not_adopted_reasons(c),
        "actions": _actions(user, c),
        "crumbs": _crumbs((c.title, _url(c)), (_("采纳情况"), None)),
    }
    return render(request, "backoffice/opinions/summary.html", context, status=status)


@login_required
def final_document(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    c = _get(user, pk)
    deny_unless(policy.can_link_final(user, c), _("只有本机关签发人可以关联正式文件。"))
    status = 200
    if request.method == "POST":
        item: Item | None = None
        if request.POST.get("action") != "unlink":
            form = FinalForm(request.POST)
            item_pk = parse_id(request.POST.get("item", ""))
            item = Item.objects.filter(pk=item_pk).first() if item_pk and form.is_valid() else None
            if item is None:
                messages.error(request, _("请选择本机关已公开发布的文件。"))
                status = 400
        if status == 200:
            try:
                services.link_final_document(actor=user, consultation=c, item=item)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                status = 400
            else:
                messages.success(request, _("已关联正式文件。") if item else _("已取消关联。"))
                return redirect(_url(c))
    query = request.GET.get("q", "")[:100]
    context = {
        "nav_section": NAV,
        "consultation": c,
        "q": query,
        "candidates": services.final_item_candidates(c, query)[:30],
        "crumbs": _crumbs((c.title, _url(c)), (_("关联正式文件"), None)),
    }
    return render(request, "backoffice/opinions/final.html", context, status=status)


# -- files ---------------------------------------------------------------------------------------


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponseBase:
    c = _get(request.user, pk)
    found = get_object_or_404(c.attachments.all(), pk=attachment_pk)
    try:
        handle = open_stored(found.file)
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = download_response(handle, name=found.original_name, kind=found.kind)
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    c = _get(request.user, pk)
    found = get_object_or_404(c.attachments.all(), pk=attachment_pk)
    deny_unless(policy.can_edit(request.user, c), _("该征求意见稿当前不能修改附件。"))
    services.remove_attachment(actor=request.user, attachment=found)
    messages.success(request, _("已删除附件“%(name)s”。") % {"name": found.original_name})
    return redirect(reverse("backoffice:opinions_edit", args=[c.pk]))
