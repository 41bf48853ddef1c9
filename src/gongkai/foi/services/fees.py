"""信息处理费 in a request (docs/SPEC.md §4.5; 第四十二条, 国办函〔2020〕109号): quote, notice, payment,
lapse.

The arithmetic is the pure ``gongkai.foi.fees``; the tiers are configuration
(``settings.GONGKAI["REQUEST_FEES"]``: ``ENABLED``, ``BY_COUNT``, ``BY_VOLUME`` and optionally
``BY_COUNT_BEYOND`` / ``BY_VOLUME_BEYOND``). A fee notice pauses the clock until the fee is paid;
the applicant has 20 working days to pay; unpaid by then the request ends as 其他处理 2
(“申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请”).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum

from gongkai.audit.log import record
from gongkai.core.actors import is_system, require_actor
from gongkai.core.conf import conf
from gongkai.foi import fees as kernel
from gongkai.foi import policy
from gongkai.foi.clock import FEE_PAYMENT_WORKDAYS, EventKind
from gongkai.foi.legal import FeeMethod, Outcome
from gongkai.foi.models import FeeNotice, InfoRequest, LetterKind
from gongkai.foi.services import notices
from gongkai.foi.services.clock import add_event, local_today
from gongkai.foi.services.letters import compose, issue_letter, zh_date
from gongkai.workdays.calendar import get_calendar

#: 国办函〔2020〕109号: from the 31st 件 on, every further 10 件 cost 100 元/件 more, without end.
DEFAULT_COUNT_BEYOND = (10, 100)
DISABLED_MESSAGE = "本平台未启用信息处理费"


def fees_enabled() -> bool:
    """Does this installation charge fees at all (``policy.fees_enabled``)?"""
    return policy.fees_enabled()


def _tiers(method: str) -> tuple[list[tuple[int, int]], tuple[int, int] | None]:
    config = conf()["REQUEST_FEES"]
    if method == FeeMethod.BY_COUNT:
        beyond = config.get("BY_COUNT_BEYOND", DEFAULT_COUNT_BEYOND)
        return [tuple(t) for t in config["BY_COUNT"]], tuple(beyond) if beyond else None  # type: ignore[misc]
    if method == FeeMethod.BY_VOLUME:
        beyond = config.get("BY_VOLUME_BEYOND")
        return [tuple(t) for t in config["BY_VOLUME"]], tuple(beyond) if beyond else None  # type: ignore[misc]
    raise ValidationError({"method": "请选择按件计收或按量计收"})


def quote(method: str, quantity: int, *, already: int = 0) -> kernel.FeeQuote:
    """The fee for ``quantity`` 件 or pages under the configured tiers (``already``: earlier 件 of
    the same applicant in the same month, by count only)."""
    tiers, beyond = _tiers(method)
    try:
        return kernel.fee_for(str(method), quantity, tiers, beyond, already=already)
    except ValueError as error:
        raise ValidationError({"quantity": str(error)}) from error


def _same_applicant_month(request: InfoRequest) -> Any:
    day = request.received_on
    return InfoRequest.objects.filter(
        organization_id=request.organization_id,
        id_type=request.id_type,
        id_number__iexact=request.id_number.strip(),
        received_on__year=day.year,
        received_on__month=day.month,
    )


def count_this_month(request: InfoRequest) -> int:
    """The applicant's requests (same ID document) to this body received in the request's natural
    month, this one included: the 按件 count of 国办函〔2020〕109号."""
    return _same_applicant_month(request).count()


def earlier_this_month(request: InfoRequest) -> int:
    """件 counted before this request in its month: each earlier request counts as one 件, or as
    the number of 件 its own by-count fee notice charged."""
    earlier = _same_applicant_month(request).filter(
        Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lt=request.pk)
    )
    count = earlier.count()
    charged = (
        FeeNotice.objects.filter(request__in=earlier, method=FeeMethod.BY_COUNT)
        .values("request")
        .annotate(units=Sum("quantity"))
    )
    return count + sum(max(row["units"] - 1, 0) for row in charged)


@transaction.atomic
def issue_fee_notice(
    request: InfoRequest,
    *,
    actor: Any,
    method: str,
    quantity: int,
    on: dt.date,
    already: int | None = None,
    payment_method: str = "",
    waiver_reply: str = "",
    reasons: str = "",
) -> FeeNotice:
    """Send a fee notice (收费通知): pauses the clock until paid or until the 20 working days to pay
    run out, and issues the 收费通知书.

    By count, ``quantity`` is the number of 件 this application counts as (usually 1) and
    ``already`` the applicant's earlier 件 this month (counted from the records when not given);
    by volume, ``quantity`` is the number of pages to be provided.
    """
    if not fees_enabled():
        raise ValidationError(DISABLED_MESSAGE)
    if not policy.can_handle(actor, request):
        raise PermissionDenied("只有本申请的承办人员可以发出收费通知")
    if method not in FeeMethod.values:
        raise ValidationError({"method": "请选择按件计收或按量计收"})
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        raise ValidationError({"quantity": "请填写件数或页数（正整数）"})
    notices = list(request.fee_notices.all())
    if any(n.is_open for n in notices):
        raise ValidationError("本申请已有尚未缴费的收费通知")
    if any(n.method != method for n in notices):
        raise ValidationError(
            {"method": "按件计收和按量计收只能选择一种，不得同时适用（国办函〔2020〕109号）"}
        )
    if method == FeeMethod.BY_COUNT:
        already = earlier_this_month(request) if already is None else already
    else:
        already = 0
    fee_quote = quote(method, quantity, already=already)
    if not fee_quote.chargeable:
        unit = fee_quote.unit
        raise ValidationError(
            {
                "quantity": f"第{already + 1}至{already + quantity}{unit}在免费范围内，不收取信息处理费"
                "（国办函〔2020〕109号）"
                if quantity > 1
                else f"第{already + 1}{unit}在免费范围内，不收取信息处理费（国办函〔2020〕109号）"
            }
        )
    pay_by = get_calendar().add_workdays(on, FEE_PAYMENT_WORKDAYS)
    fee = FeeNotice.objects.create(
        request=request,
        method=method,
        quantity=quantity,
        amount=fee_quote.total,
        issued_on=on,
        pay_by=pay_by,
    )
    add_event(
        request,
        EventKind.PAUSE_STARTED,
        on,
        actor=actor,
        label=f"发出收费通知（{kernel.format_yuan(fee_quote.total)}元，缴费期限至{zh_date(pay_by)}）",
        key=fee.clock_key,
        until=pay_by,
    )
    title, body = compose(
        request,
        LetterKind.FEE,
        reasons=reasons,
        extra={
            "fee": fee,
            "quote": fee_quote,
            "payment_method": payment_method,
            "waiver_reply": waiver_reply,
        },
        on=on,
    )
    issue_letter(request, kind=LetterKind.FEE, actor=actor, on=on, title=title, body=body)
    record(
        actor=actor,
        action="request.fee_notice_issued",
        target=request,
        data={
            "method": method,
            "quantity": quantity,
            "already": already,
            "amount": str(fee_quote.total),
            "pay_by": str(pay_by),
            "breakdown": fee_quote.lines(),
        },
    )
    return fee


def _open_fee(fee: FeeNotice, actor: Any) -> InfoRequest:
    request = fee.request
    # ``SYSTEM`` is the platform itself (the deadline job lapsing an unpaid notice).
    if not is_system(require_actor(actor)) and not policy.can_handle(actor, request):
        raise PermissionDenied("只有本申请的承办人员可以办理收费事项")
    if not fee.is_open:
        raise ValidationError("该收费通知已缴费或已按逾期处理")
    return request


@transaction.atomic
def record_payment(fee: FeeNotice, *, actor: Any, on: dt.date) -> FeeNotice:
    """The applicant paid: the clock runs again from the next day."""
    request = _open_fee(fee, actor)
    if on > local_today():
        raise ValidationError({"on": "缴费日期不能晚于今天"})
    if on < fee.issued_on:
        raise ValidationError({"on": f"缴费日期不能早于收费通知日期（{zh_date(fee.issued_on)}）"})
    if on > fee.pay_by:
        raise ValidationError(
            {"on": f"缴费期限已于{zh_date(fee.pay_by)}届满，逾期未缴费的应终止办理（国办函〔2020〕109号）"}
        )
    fee.paid_on = on
    fee.save(update_fields=["paid_on"])
    add_event(
        request,
        EventKind.PAUSE_ENDED,
        on,
        actor=actor,
        label=f"申请人缴纳信息处理费{kernel.format_yuan(fee.amount)}元",
        key=fee.clock_key,
    )
    record(
        actor=actor,
        action="request.fee_paid",
        target=request,
        data={"amount": str(fee.amount), "on": str(on)},
    )
    return fee


@transaction.atomic
def lapse_fee(fee: FeeNotice, *, actor: Any, on: dt.date) -> FeeNotice:
    """Unpaid by the deadline: treated as abandoned, the request is closed as 其他处理 2 and the
    applicant receives a 终止办理告知书."""
    request = _open_fee(fee, actor)
    if on > local_today():
        raise ValidationError({"on": "日期不能晚于今天"})
    if on <= fee.pay_by:
        raise ValidationError({"on": f"缴费期限至{zh_date(fee.pay_by)}，期限届满后才能按逾期未缴费处理"})
    fee.lapsed_on = on
    fee.save(update_fields=["lapsed_on"])
    request.close()
    request.outcome = Outcome.OTHER_FEE_UNPAID
    request.closed_on = on
    add_event(request, EventKind.CLOSED, on, actor=actor, label="申请人逾期未缴纳信息处理费，不再处理")
    request.save()
    title, body = compose(
        request, LetterKind.TERMINATION, outcome=Outcome.OTHER_FEE_UNPAID, extra={"fee": fee}, on=on
    )
    issue_letter(
        request,
        kind=LetterKind.TERMINATION,
        actor=actor,
        on=on,
        title=title,
        body=body,
        outcome=Outcome.OTHER_FEE_UNPAID,
    )
    record(
        actor=actor,
        action="request.fee_lapsed",
        target=request,
        data={"amount": str(fee.amount), "pay_by": str(fee.pay_by), "on": str(on)},
    )
    transaction.on_commit(
        lambda: notices.notify_handlers(
            request, "request.fee_lapsed", f"逾期未缴纳信息处理费，申请已终止：{request.registration_number}"
        )
    )
    return fee
