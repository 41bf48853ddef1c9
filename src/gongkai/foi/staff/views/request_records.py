"""The records kept on a request (依申请公开) besides its handling steps: reminders (催办), duplicate
links (重复申请), appeals (行政复议和行政诉讼), fee notices and payments (信息处理费), and the delivery
of letters (送达). One POST view each, a ``request_actions.request_action`` like the handling steps."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from gongkai.backoffice.views.common import add_service_errors
from gongkai.foi import policy
from gongkai.foi.models import InfoRequest
from gongkai.foi.services import handling
from gongkai.foi.staff import forms as rf
from gongkai.foi.staff.views.request_actions import finish, request_action
from gongkai.foi.staff.views.request_detail import render_detail

# -- reminders, duplicates, appeals ------------------------------------------------------------------


@request_action(policy.REMIND)
def request_remind(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.RemindForm(request.POST, prefix="remind")

    def call(data: dict[str, Any]) -> Any:
        return handling.remind(
            info, actor=request.user, message=data["message"], escalation=data["escalation"]
        )

    return finish(request, info, "remind", form, call, _("已催办。"), "reminders")


@request_action(policy.LINK_DUPLICATE)
def request_duplicate(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.DuplicateForm(request.POST, prefix="duplicate")

    def call(data: dict[str, Any]) -> Any:
        number = data["original"].strip()
        original = None
        if number:
            original = (
                policy.visible_requests(request.user)
                .filter(registration_number=number, organization_id=info.organization_id)
                .first()
            )
            if original is None:
                raise ValidationError(
                    {"original": _("本机关没有登记编号为“%(number)s”的申请") % {"number": number}}
                )
        return handling.link_duplicate(info, actor=request.user, original=original)

    def success(result: InfoRequest) -> str:
        if result.duplicate_of_id:
            original = result.duplicate_of.registration_number  # type: ignore[union-attr]
            return _("已关联为 %(registration_number)s 的重复申请。") % {"registration_number": original}
        return _("已取消重复申请关联。")

    return finish(request, info, "duplicate", form, call, success, "duplicates")


@request_action(policy.RECORD_APPEAL)
def request_appeal(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    form = rf.AppealForm(request.POST, prefix="appeal", request=info)

    def call(data: dict[str, Any]) -> Any:
        return handling.record_appeal(
            info,
            actor=request.user,
            kind=data["kind"],
            filed_on=data["filed_on"],
            authority=data["authority"],
            case_number=data["case_number"],
            after_review=data["after_review"],
            note=data["note"],
        )

    return finish(
        request,
        info,
        "appeal",
        form,
        call,
        lambda a: _("已登记%(kind)s。") % {"kind": a.get_kind_display()},
        "appeals",
    )


@request_action(policy.DECIDE_APPEAL)
def request_appeal_decide(request: HttpRequest, info: InfoRequest, appeal_pk: int) -> HttpResponse:
    appeal = get_object_or_404(info.appeals, pk=appeal_pk)
    key = f"decide-{appeal.pk}"
    form = rf.AppealDecisionForm(request.POST, prefix=key)

    def call(data: dict[str, Any]) -> Any:
        return handling.decide_appeal(
            appeal, actor=request.user, result=data["result"], decided_on=data["decided_on"]
        )

    return finish(
        request,
        info,
        key,
        form,
        call,
        lambda a: _("已登记结果：%(result)s。") % {"result": a.get_result_display()},
        "appeals",
    )


# -- fees (第四十二条, 国办函〔2020〕109号) ---------------------------------------------------------


@request_action(policy.CHARGE_FEE)
def request_fee(request: HttpRequest, info: InfoRequest) -> HttpResponse:
    """收费通知; with ``action=quote`` only the fee is worked out and shown."""
    from gongkai.foi.services import fees

    form = rf.FeeForm(request.POST, prefix="fee")
    if request.POST.get("action") == "quote":
        quote = None
        if form.is_valid():
            data = form.cleaned_data
            already = fees.earlier_this_month(info) if data["method"] == "count" else 0
            try:
                quote = fees.quote(data["method"], data["quantity"], already=already)
            except ValidationError as exc:
                add_service_errors(form, exc)
        return render_detail(request, info, bound={"fee": form}, extra={"fee_quote": quote})

    def call(data: dict[str, Any]) -> Any:
        return fees.issue_fee_notice(
            info,
            actor=request.user,
            method=data["method"],
            quantity=data["quantity"],
            on=data["on"],
            payment_method=data["payment_method"],
            waiver_reply=data["waiver_reply"],
        )

    return finish(
        request,
        info,
        "fee",
        form,
        call,
        lambda f: (
            _("已发出收费通知（%(amount)s元，缴费期限至%(pay_by)s），暂停计时。")
            % {"amount": f.amount, "pay_by": format(f.pay_by, "%Y-%m-%d")}
        ),
        "fees",
    )


@request_action(policy.RECORD_PAYMENT)
def request_fee_paid(request: HttpRequest, info: InfoRequest, fee_pk: int) -> HttpResponse:
    from gongkai.foi.services import fees

    fee = get_object_or_404(info.fee_notices, pk=fee_pk)
    key = f"pay-{fee.pk}"
    form = rf.PaymentForm(request.POST, prefix=key)

    def call(data: dict[str, Any]) -> Any:
        return fees.record_payment(fee, actor=request.user, on=data["on"])

    return finish(request, info, key, form, call, _("已登记缴费，恢复计时。"), "fees")


# -- letters ---------------------------------------------------------------------------------------


@request_action(policy.RECORD_DELIVERY)
def request_letter_delivery(request: HttpRequest, info: InfoRequest, letter_pk: int) -> HttpResponse:
    from gongkai.foi.services import letters

    letter = get_object_or_404(info.letters, pk=letter_pk)
    key = f"delivery-{letter.pk}"
    form = rf.LetterDeliveryForm(request.POST, prefix=key)

    def call(data: dict[str, Any]) -> Any:
        return letters.record_delivery(
            letter, actor=request.user, on=data["on"], delivery=data["delivery"], note=data["note"]
        )

    return finish(
        request, info, key, form, call, _("已登记 %(number)s 的送达。") % {"number": letter.number}, "letters"
    )


urlpatterns: list[URLPattern] = [
    path("requests/<id:pk>/remind/", request_remind, name="request_remind"),
    path("requests/<id:pk>/duplicate/", request_duplicate, name="request_duplicate"),
    path("requests/<id:pk>/appeals/", request_appeal, name="request_appeal"),
    path(
        "requests/<id:pk>/appeals/<id:appeal_pk>/decide/",
        request_appeal_decide,
        name="request_appeal_decide",
    ),
    path("requests/<id:pk>/fees/", request_fee, name="request_fee"),
    path("requests/<id:pk>/fees/<id:fee_pk>/paid/", request_fee_paid, name="request_fee_paid"),
    path(
        "requests/<id:pk>/letters/<id:letter_pk>/delivery/",
        request_letter_delivery,
        name="request_letter_delivery",
    ),
]
