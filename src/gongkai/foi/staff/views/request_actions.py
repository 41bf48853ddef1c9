"""The actions on a request (依申请公开): one POST view per step, each calling one service.

Every view is a ``request_action``: signed in, POST only, the request read through
``foi.policy.visible_requests`` (404 otherwise) and the action's ``foi.policy`` permission checked
(403 with its refusal otherwise). The view itself validates its form and calls the service of
``gongkai.foi.services``; a ``ValidationError`` from the service lands on the form, and the page of
the request is shown again with the form's errors and the values entered.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.backoffice.views.common import add_service_errors, deny_unless
from gongkai.foi import policy
from gongkai.foi.legal import Outcome
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling, replies
from gongkai.foi.staff import forms as rf
from gongkai.foi.staff.views.request_detail import (
    detail_url,
    render_detail,
    reply_form,
    visible_request_or_404,
)

Call = Callable[[dict[str, Any]], Any]
ActionView = Callable[..., HttpResponse]


def request_action(permission: policy.Permission) -> Callable[[ActionView], ActionView]:
    """The prologue of every action view: ``view(request, info, **kwargs)`` runs for a signed-in
    person's POST on a request they may see (404 otherwise) whom ``permission`` admits (403 with
    its refusal otherwise)."""

    def decorate(view: ActionView) -> ActionView:
        @login_required
        @require_POST
        @wraps(view)
        def action(request: HttpRequest, pk: int, **kwargs: Any) -> HttpResponse:
            info = visible_request_or_404(request.user, pk)
            deny_unless(permission(request.user, info), permission.refusal)
            return view(request, info, **kwargs)

        return action

    return decorate


def finish(
    request: HttpRequest,
    info: InfoRequest,
    key: str,
    form: forms.Form,
    call: Call,
    success: str | Callable[[Any], str],
    anchor: str,
) -> HttpResponse:
    """Validate ``form``, run the service ``call`` with its data; redirect on success, otherwise
    show the request's page again with the form's errors."""
    if form.is_valid():
        try:
            result = call(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, success(result) if callable(success) else success)
            return redirect(detail_url(info, anchor))
    # The service may have changed the object in memory before refusing: show the stored state.
    fresh = visible_request_or_404(request.user, info.pk)
    return render_detail(request, fresh, bound={key: form})


# -- routing ---------------------------------------------------------------------------------------


@request_action(policy.ASSIGN)
def request_assign(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.AssignForm(request.POST, prefix="assign", request=info, user=request.user)

    def call(data: dict[str, Any]) -> InfoRequest:
        return handling.assign(
            info,
            actor=request.user,
            handling_unit=data["handling_unit"],
            assignee=data["assignee"],
            note=data["note"],
        )

    return finish(
        request,
        info,
        "assign",
        form,
        call,
        lambda r: (
            _("已分办给%(name)s") % {"name": r.handling_unit.name}
            + (f"（{r.assignee.display_name}）" if r.assignee else "")
            + "。"
        ),
        "routing",
    )


# -- correction (第三十条) -----------------------------------------------------------------------


@request_action(policy.HANDLE)
def request_correction(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.CorrectionForm(request.POST, prefix="correction")

    def call(data: dict[str, Any]) -> Any:
        return handling.ask_correction(
            info,
            actor=request.user,
            on=data["on"],
            what=data["what"],
            until=data["until"],
            contact_person=data["contact_person"] or None,
            contact_phone=data["contact_phone"] or None,
        )

    return finish(request, info, "correction", form, call, _("已告知补正，补正期间不计算答复期限。"), "clock")


@request_action(policy.HANDLE)
def request_correction_received(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.CorrectionReceivedForm(request.POST, prefix="corrected")

    def call(data: dict[str, Any]) -> Any:
        return handling.receive_correction(info, actor=request.user, on=data["on"], note=data["note"])

    return finish(
        request, info, "corrected", form, call, _("已登记补正，答复期限重新计算（第三十条）。"), "clock"
    )


@request_action(policy.HANDLE)
def request_correction_lapse(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.LapseForm(request.POST, prefix="lapse")

    def call(data: dict[str, Any]) -> Any:
        return handling.lapse_correction(info, actor=request.user, on=data["on"])

    return finish(
        request, info, "lapse", form, call, _("申请人逾期未补正，已终止办理并出具告知书。"), "letters"
    )


# -- consultation (第三十二条, 第三十四条) ---------------------------------------------------------


@request_action(policy.HANDLE)
def request_consult(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.ConsultForm(request.POST, prefix="consult")

    def call(data: dict[str, Any]) -> Any:
        return handling.consult(
            info,
            actor=request.user,
            kind=data["kind"],
            party=data["party"],
            on=data["on"],
            party_contact=data["party_contact"],
            note=data["note"],
        )

    return finish(
        request,
        info,
        "consult",
        form,
        call,
        lambda c: (
            _("已征求%(party)s意见，自次日起暂停计时，意见期限至%(answer_due)s。")
            % {"party": c.party, "answer_due": format(c.answer_due, "%Y-%m-%d")}
        ),
        "consultations",
    )


@request_action(policy.HANDLE)
def request_consultation_answer(
    request: HttpRequest, info: InfoRequest, consultation_pk: int
) -> HttpResponse:
    consultation = get_object_or_404(info.consultations, pk=consultation_pk)
    key = f"answer-{consultation.pk}"
    form = rf.ConsultationAnswerForm(request.POST, prefix=key)

    def call(data: dict[str, Any]) -> Any:
        return handling.record_consultation_answer(
            consultation, actor=request.user, on=data["on"], answer=data["answer"], opinion=data["opinion"]
        )

    return finish(request, info, key, form, call, _("已登记意见，恢复计时。"), "consultations")


# -- extension (第三十三条第二款) -----------------------------------------------------------------


@request_action(policy.EXTEND)
def request_extend(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.ExtendForm(request.POST, prefix="extend")

    def call(data: dict[str, Any]) -> Any:
        return handling.extend(
            info, actor=request.user, on=data["on"], days=data["days"], reason=data["reason"]
        )

    return finish(request, info, "extend", form, call, _("已延长答复期限，并出具延期答复告知书。"), "clock")


# -- the reply -------------------------------------------------------------------------------------


def _letter_facts(data: dict[str, Any]) -> dict[str, Any]:
    """What the reply form says about the letter to compose (``replies.compose_reply``)."""
    names = ("outcome", "reply_type", "reasons", "withheld", "access", "referred_body", "query_channel", "on")
    return {name: data[name] for name in names}


@request_action(policy.REPLY)
def request_reply(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    """答复 (model A) or 提交公开办审核 (model B, the department); with ``action=compose`` the letter
    is drafted from the outcome, with ``action=check`` the text is checked for what to mask."""
    user = request.user
    drafting = policy.can_draft_reply(user, info)
    form = reply_form(info, request.POST, request.FILES)
    action = request.POST.get("action", "issue")
    if not form.is_valid():
        return render_detail(request, visible_request_or_404(user, info.pk), bound={"reply": form})
    data = form.cleaned_data
    if action == "compose":
        try:
            title, body = replies.compose_reply(
                info, **_letter_facts(data), attached=bool(data["attachments"])
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            fresh = request.POST.copy()
            fresh["reply-title"], fresh["reply-body"] = title, body
            form = reply_form(info, fresh)
            form.is_valid()
        return render_detail(request, info, bound={"reply": form}, extra={"reply_composed": True})
    if action == "check":
        return render_detail(request, info, bound={"reply": form}, extra={"reply_checked": True})

    def call(data: dict[str, Any]) -> Any:
        return replies.answer(
            info,
            actor=user,
            **_letter_facts(data),
            title=data["title"],
            body=data["body"],
            masks=set(data["redact"]),
            attachments=data["attachments"],
            mask_attachments=not data["keep_personal"],
        )

    def success(result: Any) -> str:
        if drafting:
            return _("拟答复已提交公开办审核。")
        return _("已出具答复告知书 %(number)s，计时结束。") % {"number": result.number}

    return finish(request, info, "reply", form, call, success, "letters" if not drafting else "reply")


@request_action(policy.APPROVE_DRAFT)
def request_draft_approve(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    handling.approve_draft(info, actor=request.user)
    messages.success(request, _("拟答复已审核通过，请出具并送达。"))
    return redirect(detail_url(info, "reply"))


@request_action(policy.RETURN_DRAFT)
def request_draft_return(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.ReturnDraftForm(request.POST, prefix="return")

    def call(data: dict[str, Any]) -> Any:
        return handling.return_draft(info, actor=request.user, reason=data["reason"])

    return finish(request, info, "return", form, call, _("已退回承办部门修改。"), "reply")


@request_action(policy.DELIVER)
def request_deliver(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    """Model B, the window: issue the approved reply and record its delivery (出具并送达)."""
    form = rf.DeliverForm(request.POST, request.FILES, prefix="deliver")

    def call(data: dict[str, Any]) -> Any:
        return replies.deliver_reply(
            info,
            actor=request.user,
            on=data["on"],
            delivery=data["delivery"],
            delivered_on=data["delivered_on"],
            delivery_note=data["delivery_note"],
            attachments=data["attachments"],
            mask_attachments=not data["keep_personal"],
        )

    def success(letter: Any) -> str:
        done = _("并登记送达") if letter.delivered_on else _("（送达后请登记送达日期）")
        return _("已出具答复告知书 %(number)s%(done)s。") % {"number": letter.number, "done": done}

    return finish(request, info, "deliver", form, call, success, "letters")


@request_action(policy.WITHDRAW)
def request_withdraw(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.WithdrawForm(request.POST, prefix="withdraw")

    def call(data: dict[str, Any]) -> Any:
        return handling.withdraw(info, actor=request.user, on=data["on"], reason=data["reason"])

    return finish(
        request,
        info,
        "withdraw",
        form,
        call,
        _("已登记撤回，按“%(label)s”统计。") % {"label": Outcome.OTHER.label},
        "letters",
    )


urlpatterns: list[URLPattern] = [
    path("requests/<id:pk>/assign/", request_assign, name="request_assign"),
    path("requests/<id:pk>/correction/", request_correction, name="request_correction"),
    path(
        "requests/<id:pk>/correction/received/",
        request_correction_received,
        name="request_correction_received",
    ),
    path("requests/<id:pk>/correction/lapse/", request_correction_lapse, name="request_correction_lapse"),
    path("requests/<id:pk>/consult/", request_consult, name="request_consult"),
    path(
        "requests/<id:pk>/consultations/<id:consultation_pk>/answer/",
        request_consultation_answer,
        name="request_consultation_answer",
    ),
    path("requests/<id:pk>/extend/", request_extend, name="request_extend"),
    path("requests/<id:pk>/reply/", request_reply, name="request_reply"),
    path("requests/<id:pk>/draft/approve/", request_draft_approve, name="request_draft_approve"),
    path("requests/<id:pk>/draft/return/", request_draft_return, name="request_draft_return"),
    path("requests/<id:pk>/deliver/", request_deliver, name="request_deliver"),
    path("requests/<id:pk>/withdraw/", request_withdraw, name="request_withdraw"),
]
