"""Handling a request (docs/SPEC.md §4.2–§4.5): one entry point per step.

Routing (docs/SPEC.md §4.3): in model A (``Routing.OFFICE``) the disclosure office registers, assigns a
handling department (and/or a person), and the handler issues the reply. In model B
(``Routing.WINDOW``, 接办分离) the window registers and forwards, the department drafts the reply,
the office reviews it (approve or return), and the window issues and delivers it.

Every step checks ``gongkai.foi.policy``, validates with Chinese messages, writes its clock event
through ``services.clock.add_event`` (the only writer of clock events), issues its letter, records
the audit event and tells the people concerned.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.core.actors import is_system, require_actor
from gongkai.foi import policy
from gongkai.foi.clock import CONSULTATION_WORKDAYS, EventKind
from gongkai.foi.legal import (
    OUTCOME_ARTICLES,
    REPLY_TYPE_OUTCOMES,
    AppealKind,
    AppealResult,
    ConsultationAnswer,
    ConsultationKind,
    Outcome,
    ReplyType,
)
from gongkai.foi.models import (
    Appeal,
    Consultation,
    InfoRequest,
    Letter,
    LetterKind,
    Reminder,
    RequestState,
)
from gongkai.foi.services import notices
from gongkai.foi.services.clock import add_event, local_today
from gongkai.orgs.models import Kind, Organization
from gongkai.orgs.policy import readable_orgs
from gongkai.workdays.calendar import get_calendar

#: The default time given to correct an application, in working days (the body may set another).
DEFAULT_CORRECTION_WORKDAYS = 15


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _letters() -> Any:
    from gongkai.foi.services import letters

    return letters


def _check_date(on: dt.date, request: InfoRequest, field: str = "on") -> None:
    if on > local_today():
        raise ValidationError({field: "日期不能晚于今天"})
    if on < request.received_on:
        raise ValidationError({field: "日期不能早于收到申请之日"})


def routing_of(request: InfoRequest) -> str:
    """The receiving body's routing model (``policy.routing``)."""
    return policy.routing(request)


def _same_government(body: Organization, unit: Organization) -> bool:
    """A government, or its general office acting for it, assigns to the government's departments
    and the units below them (the office is their sibling, not their parent, in the tree)."""
    if body.kind not in (Kind.GOVERNMENT, Kind.GENERAL_OFFICE):
        return False
    government = body.region_government()
    return government is not None and unit.region_government() == government


# -- routing -----------------------------------------------------------------------------------------


@transaction.atomic
def assign(
    request: InfoRequest,
    *,
    actor: Any,
    handling_unit: Organization | None = None,
    assignee: Any = None,
    note: str = "",
) -> InfoRequest:
    """分办: give the case to a department (an organization the body's staff can reach) and/or a person."""
    _deny(policy.can_assign(actor, request), "只有受理机关的公开工作机构可以分办申请")
    if handling_unit is None and assignee is None:
        raise ValidationError({"handling_unit": "请选择承办部门或承办人"})
    if handling_unit is not None and not (
        handling_unit.pk == request.organization_id
        or handling_unit.path.startswith(request.organization.path)
        or _same_government(request.organization, handling_unit)
        or readable_orgs(actor).filter(pk=handling_unit.pk).exists()
    ):
        raise ValidationError({"handling_unit": "只能分办给本机关、所属部门或本机关可管理的单位"})
    if assignee is not None:
        from gongkai.orgs.policy import has_role

        # Naming only a person keeps the department already chosen: check the person against it.
        unit = handling_unit or request.handling_unit or request.organization
        if not (
            has_role(assignee, unit, "request_handler")
            or has_role(assignee, request.organization, "request_handler")
        ):
            raise ValidationError({"assignee": f"{assignee.display_name} 不是{unit}的依申请公开承办人"})
    request.handling_unit = handling_unit or request.handling_unit or request.organization
    request.assignee = assignee
    request.assigned_at = timezone.now()
    request.assign()
    request.save()
    record(
        actor=actor,
        action="request.assigned",
        target=request,
        reason=note,
        data={"unit": request.handling_unit_id, "assignee": getattr(assignee, "pk", None)},
    )
    transaction.on_commit(lambda: notices.notify_assigned(request))
    return request


@transaction.atomic
def submit_draft(
    request: InfoRequest,
    *,
    actor: Any,
    outcome: str,
    reply_type: str,
    reasons: str,
    title: str,
    body: str,
    referred_body: str = "",
) -> InfoRequest:
    """Model B: the department's draft reply goes to the office for review."""
    _deny(policy.can_handle(actor, request) and request.state == RequestState.ASSIGNED, "当前不能提交拟答复")
    _validate_outcome(outcome, reply_type, reasons, referred_body)
    if not body.strip():
        raise ValidationError({"body": "请填写拟答复正文"})
    request.outcome, request.reply_type, request.reasons = outcome, reply_type, reasons
    request.referred_body = referred_body
    request.draft_title, request.draft_body = title or str(LetterKind.REPLY.label), body
    request.submit_draft()
    request.save()
    record(actor=actor, action="request.draft_submitted", target=request, data={"outcome": outcome})
    transaction.on_commit(
        lambda: notices.notify_office(request, "request.draft", f"拟答复待审核 {request.registration_number}")
    )
    return request


@transaction.atomic
def approve_draft(request: InfoRequest, *, actor: Any) -> InfoRequest:
    _deny(policy.can_review_draft(actor, request), "只有受理机关的公开工作机构可以审核拟答复")
    request.approve()
    request.save()
    record(actor=actor, action="request.draft_approved", target=request)
    return request


@transaction.atomic
def return_draft(request: InfoRequest, *, actor: Any, reason: str) -> InfoRequest:
    _deny(
        policy.can_review_draft(actor, request)
        or (request.state == RequestState.APPROVED and policy.is_office(actor, request)),
        "只有受理机关的公开工作机构可以退回拟答复",
    )
    if not reason.strip():
        raise ValidationError({"reason": "请填写退回意见"})
    request.send_back(reason)
    request.save()
    record(actor=actor, action="request.draft_returned", target=request, reason=reason)
    transaction.on_commit(
        lambda: notices.notify_handlers(
            request, "request.returned", f"拟答复被退回 {request.registration_number}", reason
        )
    )
    return request


# -- correction (第三十条) -------------------------------------------------------------------------


def correction_contact_defaults(request: InfoRequest, actor: Any) -> dict[str, str]:
    """Whom the 补正告知书 names for questions: the person drafting it (else the case's handler), and
    the body's telephone from its contact details (orgs; the guide's 依申请公开 telephone)."""
    person = getattr(actor, "display_name", "") if getattr(actor, "is_authenticated", False) else ""
    assignee = request.assignee
    if not person and assignee is not None:
        person = assignee.display_name
    return {"contact_person": person, "contact_phone": request.organization.phone}


@transaction.atomic
def ask_correction(
    request: InfoRequest,
    *,
    actor: Any,
    on: dt.date,
    what: str,
    until: dt.date | None = None,
    contact_person: str | None = None,
    contact_phone: str | None = None,
) -> Letter:
    """告知补正: once, within 7 working days of receipt; the period stops until the correction arrives.

    The notice names a contact person and a telephone (by default the person drafting it and the
    body's telephone, ``correction_contact_defaults``); what to correct is kept on the request, so
    that the applicant sees it on the look-up page and can send the correction online."""
    _deny(policy.can_handle(actor, request), "您不能处理这件申请")
    if request.state not in (RequestState.REGISTERED, RequestState.ASSIGNED):
        raise ValidationError("当前状态不能要求补正")
    if not what.strip():
        raise ValidationError({"what": "请写明需要补正的事项（第三十条）"})
    _check_date(on, request)
    if until is None:
        until = get_calendar().add_workdays(on, DEFAULT_CORRECTION_WORKDAYS)
    if until <= on:
        raise ValidationError({"until": "补正期限必须晚于告知日期"})
    defaults = correction_contact_defaults(request, actor)
    person = " ".join((defaults["contact_person"] if contact_person is None else contact_person).split())
    phone = " ".join((defaults["contact_phone"] if contact_phone is None else contact_phone).split())
    errors: dict[str, str] = {}
    if len(person) > InfoRequest._meta.get_field("correction_contact").max_length:  # type: ignore[operator]
        errors["contact_person"] = "联系人不能超过60字"
    if len(phone) > InfoRequest._meta.get_field("correction_phone").max_length:  # type: ignore[operator]
        errors["contact_phone"] = "联系电话不能超过60字"
    if errors:
        raise ValidationError(errors)
    add_event(request, EventKind.CORRECTION_REQUESTED, on, actor=actor, label="告知补正", until=until)
    request.ask_correction()
    request.correction_items = what.strip().replace("\r\n", "\n")
    request.correction_contact, request.correction_phone = person, phone
    request.save()
    letters = _letters()
    title, body = letters.compose(
        request,
        LetterKind.CORRECTION,
        reasons=what,
        extra={"until": until, "contact_person": person, "contact_phone": phone},
    )
    letter = letters.issue_letter(
        request, kind=LetterKind.CORRECTION, actor=actor, on=on, title=title, body=body
    )
    record(
        actor=actor,
        action="request.correction_requested",
        target=request,
        reason=what,
        data={"until": str(until)},
    )
    return letter


@transaction.atomic
def receive_correction(request: InfoRequest, *, actor: Any, on: dt.date, note: str = "") -> InfoRequest:
    """收到补正后的申请: the 20 working days count afresh from this day (第三十条)."""
    _deny(policy.can_handle(actor, request), "您不能处理这件申请")
    if request.state != RequestState.CORRECTION:
        raise ValidationError("这件申请没有待补正的通知")
    _check_date(on, request)
    if request.correction_due and on > request.correction_due:
        raise ValidationError(
            {"on": f"补正期限（{request.correction_due}）已过，申请视为放弃，请作逾期未补正处理"}
        )
    restart_after_correction(
        request, on=on, actor=actor, label="收到补正后的申请" + (f"：{note}" if note else "")
    )
    record(actor=actor, action="request.correction_received", target=request, reason=note)
    return request


def restart_after_correction(request: InfoRequest, *, on: dt.date, actor: Any, label: str) -> None:
    """The corrected application arrived on ``on``: the clock event (the 20 working days count afresh
    from that day, 第三十条) and the request back to its handlers. Callers check who and when."""
    add_event(request, EventKind.CORRECTION_RECEIVED, on, actor=actor, label=label)
    request.receive_correction()
    if request.handling_unit_id:
        request.assign()
    request.save()


@transaction.atomic
def lapse_correction(request: InfoRequest, *, actor: Any, on: dt.date) -> Letter:
    """逾期未补正: the request is treated as abandoned — outcome （六）1 (第三十条). The daily round does
    it as ``SYSTEM``; a person must be allowed to handle the request."""
    if not is_system(require_actor(actor)):
        _deny(policy.can_handle(actor, request), "您不能处理这件申请")
    if request.state != RequestState.CORRECTION:
        raise ValidationError("这件申请没有待补正的通知")
    if request.correction_due is None or on <= request.correction_due:
        raise ValidationError({"on": f"补正期限至{request.correction_due}，期限届满后才能作逾期未补正处理"})
    add_event(request, EventKind.CORRECTION_LAPSED, on, actor=actor, label="申请人逾期未补正，视为放弃申请")
    return _terminate(
        request, actor=actor, on=on, outcome=Outcome.OTHER_NO_CORRECTION, reasons="申请人无正当理由逾期不补正"
    )


def _terminate(request: InfoRequest, *, actor: Any, on: dt.date, outcome: str, reasons: str) -> Letter:
    if request.state != RequestState.CLOSED:
        request.close()
    request.outcome = outcome
    request.reasons = reasons
    request.closed_on = on
    request.save()
    letters = _letters()
    title, body = letters.compose(request, LetterKind.TERMINATION, outcome=outcome, reasons=reasons)
    letter = letters.issue_letter(
        request, kind=LetterKind.TERMINATION, actor=actor, on=on, title=title, body=body, outcome=outcome
    )
    record(actor=actor, action="request.closed", target=request, reason=reasons, data={"outcome": outcome})
    transaction.on_commit(
        lambda: notices.notify_handlers(
            request,
            "request.closed",
            f"申请已终止：{request.registration_number}",
            Outcome(outcome).short_label,
        )
    )
    return letter


# -- consultation (第三十二条, 第三十四条) ------------------------------------------------------------


@transaction.atomic
def consult(
    request: InfoRequest,
    *,
    actor: Any,
    kind: str,
    party: str,
    on: dt.date,
    party_contact: str = "",
    note: str = "",
) -> Consultation:
    """征求意见: the clock pauses from the next day until the answer, 15 working days at most."""
    _deny(policy.can_handle(actor, request), "您不能处理这件申请")
    if request.state == RequestState.CORRECTION:
        raise ValidationError("待补正期间不计算答复期限，收到补正后再征求意见")
    if kind not in ConsultationKind.values:
        raise ValidationError({"kind": "请选择征求意见类型"})
    if not party.strip():
        raise ValidationError({"party": "请填写被征求意见的第三方或机关"})
    _check_date(on, request)
    answer_due = get_calendar().add_workdays(on, CONSULTATION_WORKDAYS)
    consultation = Consultation.objects.create(
        request=request,
        kind=kind,
        party=party.strip(),
        party_contact=party_contact,
        sent_on=on,
        answer_due=answer_due,
    )
    label = (
        f"征求{'第三方' if kind == ConsultationKind.THIRD_PARTY else '其他机关'}意见：{consultation.party}"
    )
    add_event(
        request,
        EventKind.PAUSE_STARTED,
        on,
        actor=actor,
        label=label,
        key=consultation.clock_key,
        until=answer_due,
    )
    letters = _letters()
    title, body = letters.compose(
        request,
        LetterKind.CONSULTATION,
        reasons=note,
        extra={"consultation": consultation, "answer_due": answer_due},
    )
    letters.issue_letter(
        request, kind=LetterKind.CONSULTATION, actor=actor, on=on, title=title, body=body, to_applicant=False
    )
    record(
        actor=actor, action="request.consultation_sent", target=request, data={"party": party, "kind": kind}
    )
    return consultation


@transaction.atomic
def record_consultation_answer(
    consultation: Consultation, *, actor: Any, on: dt.date | None, answer: str, opinion: str = ""
) -> Consultation:
    """The answer (or, once the 15 working days passed, the silence) of a consulted party."""
    request = consultation.request
    if not is_system(require_actor(actor)):
        _deny(policy.can_handle(actor, request), "您不能处理这件申请")
    if consultation.answered_on or consultation.answer:
        raise ValidationError("这次征求意见已经登记了结果")
    if answer not in ConsultationAnswer.values:
        raise ValidationError({"answer": "请选择意见"})
    if answer == ConsultationAnswer.NONE:
        if local_today() <= consultation.answer_due:
            raise ValidationError(
                {"answer": f"意见期限至{consultation.answer_due}，届满后才能登记为逾期未提出意见"}
            )
        on = consultation.answer_due
        if consultation.silence_means_consent:
            label = f"{consultation.party}逾期未提出意见，视为同意公开（第三十四条）"
        else:
            label = f"{consultation.party}逾期未提出意见，由本机关依法决定是否公开（第三十二条）"
    else:
        if on is None:
            raise ValidationError({"on": "请填写收到意见的日期"})
        if on < consultation.sent_on:
            raise ValidationError({"on": "收到意见日期不能早于发出日期"})
        if on > local_today():
            raise ValidationError({"on": "日期不能晚于今天"})
        label = f"收到{consultation.party}意见：{ConsultationAnswer(answer).label}"
        consultation.answered_on = on
    consultation.answer = answer
    consultation.opinion = opinion
    consultation.save()
    if request.is_open:
        add_event(request, EventKind.PAUSE_ENDED, on, actor=actor, label=label, key=consultation.clock_key)
    record(actor=actor, action="request.consultation_answered", target=request, data={"answer": answer})
    return consultation


# -- extension (第三十三条第二款) --------------------------------------------------------------------


@transaction.atomic
def extend(request: InfoRequest, *, actor: Any, on: dt.date, days: int, reason: str) -> Letter:
    """延期答复: approved by the head of the disclosure office; the applicant is told by letter."""
    _deny(
        policy.can_extend(actor, request),
        "延长答复期限须经政府信息公开工作机构负责人同意（第三十三条第二款）",
    )
    if request.state == RequestState.CORRECTION:
        raise ValidationError("待补正期间不计算答复期限，不能延长")
    if not reason.strip():
        raise ValidationError({"reason": "请说明延长答复期限的理由"})
    _check_date(on, request)
    add_event(
        request, EventKind.EXTENDED, on, actor=actor, label=f"延长答复期限{days}个工作日：{reason}", days=days
    )
    letters = _letters()
    title, body = letters.compose(request, LetterKind.EXTENSION, reasons=reason, extra={"days": days})
    letter = letters.issue_letter(
        request, kind=LetterKind.EXTENSION, actor=actor, on=on, title=title, body=body
    )
    record(actor=actor, action="request.extended", target=request, reason=reason, data={"days": days})
    return letter


# -- the reply (第三十六条, 第三十七条) ---------------------------------------------------------------


def _validate_outcome(outcome: str, reply_type: str, reasons: str, referred_body: str) -> None:
    errors: dict[str, str] = {}
    if outcome not in Outcome.values:
        errors["outcome"] = "请选择办理结果"
    elif outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID):
        errors["outcome"] = "逾期未补正、逾期未缴费由平台按期限自动处理，不能直接选择"
    if reply_type and reply_type not in ReplyType.values:
        errors["reply_type"] = "请选择答复类型"
    elif reply_type and outcome in Outcome.values and outcome not in REPLY_TYPE_OUTCOMES[reply_type]:
        errors["reply_type"] = f"“{ReplyType(reply_type).label}”不能统计为“{Outcome(outcome).label}”"
    if outcome and outcome != Outcome.GRANTED and not reasons.strip():
        errors["reasons"] = "除予以公开外，答复须说明理由" + (
            f"（{OUTCOME_ARTICLES[outcome]}）" if OUTCOME_ARTICLES.get(outcome) else ""
        )
    if reply_type == ReplyType.NOT_OURS and not referred_body.strip():
        errors["referred_body"] = (
            "不属于本机关负责公开的，能够确定负责机关时应告知其名称和联系方式（第三十六条第（五）项）"
        )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def issue_reply(
    request: InfoRequest,
    *,
    actor: Any,
    on: dt.date,
    outcome: str | None = None,
    reply_type: str | None = None,
    reasons: str | None = None,
    title: str | None = None,
    body: str | None = None,
    referred_body: str | None = None,
    attachments: Sequence[UploadedFile] = (),
    mask_attachments: bool = True,
    delivery: str = "",
) -> Letter:
    """答复: issue the reply letter and stop the clock. In model B the approved draft is issued as is."""
    _deny(policy.can_issue(actor, request), "当前不能出具答复（接办分离模式下须先经公开办审核）")
    if request.state == RequestState.APPROVED:
        outcome, reply_type, reasons = request.outcome, request.reply_type, request.reasons
        referred_body = request.referred_body
        title, body = title or request.draft_title, body or request.draft_body
    outcome, reply_type, reasons, referred_body = (
        outcome or "",
        reply_type or "",
        reasons or "",
        referred_body or "",
    )
    _validate_outcome(outcome, reply_type, reasons, referred_body)
    _check_date(on, request)
    if any(fee.is_open for fee in request.fee_notices.all()):
        raise ValidationError("尚有未缴费的收费通知：缴费或逾期后再答复")
    open_consultations = [c.party for c in request.consultations.all() if not c.answer and c.answer_due >= on]
    if open_consultations:
        raise ValidationError(f"征求意见尚未结束：{'、'.join(open_consultations)}。请先登记意见")
    request.outcome, request.reply_type, request.reasons = outcome, reply_type, reasons
    request.referred_body = referred_body
    letters = _letters()
    if not body:
        title, body = letters.compose(
            request, LetterKind.REPLY, outcome=outcome, reasons=reasons, extra={"attached": bool(attachments)}
        )
    add_event(request, EventKind.ANSWERED, on, actor=actor, label=f"答复：{Outcome(outcome).short_label}")
    request.answer()
    request.answered_on = on
    request.save()
    letter = letters.issue_letter(
        request,
        kind=LetterKind.REPLY,
        actor=actor,
        on=on,
        title=title or LetterKind.REPLY.label,
        body=body,
        outcome=outcome,
        attachments=attachments,
        mask_attachments=mask_attachments,
        delivery=delivery or request.delivery,
    )
    record(
        actor=actor,
        action="request.answered",
        target=request,
        data={"outcome": outcome, "reply_type": reply_type},
    )
    return letter


@transaction.atomic
def withdraw(request: InfoRequest, *, actor: Any, on: dt.date, reason: str) -> Letter:
    """The applicant withdrew the application: （六）其他处理 3."""
    _deny(policy.is_office(actor, request) and request.is_open, "只有受理机关的公开工作机构可以登记撤回")
    if not reason.strip():
        raise ValidationError({"reason": "请填写撤回情况"})
    _check_date(on, request)
    add_event(request, EventKind.CLOSED, on, actor=actor, label=f"申请人撤回申请：{reason}")
    return _terminate(request, actor=actor, on=on, outcome=Outcome.OTHER, reasons=f"申请人撤回申请：{reason}")


# -- reminders and duplicates -------------------------------------------------------------------------


@transaction.atomic
def remind(request: InfoRequest, *, actor: Any, message: str, escalation: bool = False) -> Reminder:
    """催办: tell the handlers (and, escalated, the office head and the supervisors above)."""
    if not is_system(require_actor(actor)):
        _deny(policy.can_remind(actor, request), "您不能催办这件申请")
    if not message.strip():
        raise ValidationError({"message": "请填写催办内容"})
    reminder = Reminder.objects.create(
        request=request,
        sent_by=actor if getattr(actor, "is_authenticated", False) else None,
        message=message,
        escalation=escalation,
    )
    record(
        actor=actor,
        action="request.reminded",
        target=request,
        reason=message,
        data={"escalation": escalation},
    )
    transaction.on_commit(lambda: notices.notify_reminder(request, reminder))
    return reminder


def duplicate_candidates(request: InfoRequest, *, limit: int = 5) -> list[InfoRequest]:
    """Earlier requests to the same body from the same applicant asking for much the same thing."""
    from gongkai.search.segment import tokens_for_index

    same_applicant = (
        # The same person whatever the case of an ID's check letter (…123X / …123x).
        InfoRequest.objects.filter(
            organization_id=request.organization_id, id_number__iexact=request.id_number.strip()
        )
        .exclude(pk=request.pk)
        .filter(received_on__lte=request.received_on)
        .order_by("-received_on")[:50]
    )
    mine = set(tokens_for_index(request.description))
    scored: list[tuple[float, InfoRequest]] = []
    for other in same_applicant:
        theirs = set(tokens_for_index(other.description))
        if not mine or not theirs:
            continue
        score = len(mine & theirs) / len(mine | theirs)
        if score >= 0.5 or other.description.strip() == request.description.strip():
            scored.append((score, other))
    scored.sort(key=lambda pair: -pair[0])
    return [other for _, other in scored[:limit]]


@transaction.atomic
def link_duplicate(request: InfoRequest, *, actor: Any, original: InfoRequest | None) -> InfoRequest:
    _deny(policy.can_handle(actor, request) or policy.is_office(actor, request), "您不能处理这件申请")
    if original is not None:
        if original.pk == request.pk or original.organization_id != request.organization_id:
            raise ValidationError({"original": "只能关联本机关的另一件申请"})
        if original.duplicate_of_id == request.pk:
            raise ValidationError({"original": "两件申请不能互为重复"})
    request.duplicate_of = original
    request.save(update_fields=["duplicate_of", "updated_at"])
    record(
        actor=actor,
        action="request.duplicate_linked",
        target=request,
        data={"original": getattr(original, "pk", None)},
    )
    return request


# -- appeals (表四) ---------------------------------------------------------------------------------


@transaction.atomic
def record_appeal(
    request: InfoRequest,
    *,
    actor: Any,
    kind: str,
    filed_on: dt.date,
    authority: str,
    case_number: str = "",
    after_review: Appeal | None = None,
    note: str = "",
) -> Appeal:
    _deny(policy.is_office(actor, request), "只有受理机关的公开工作机构可以登记行政复议和行政诉讼")
    errors: dict[str, str] = {}
    if kind not in AppealKind.values:
        errors["kind"] = "请选择行政复议或行政诉讼"
    if not authority.strip():
        errors["authority"] = "请填写复议机关或人民法院"
    if filed_on > local_today():
        errors["filed_on"] = "日期不能晚于今天"
    if filed_on < request.received_on:
        errors["filed_on"] = "日期不能早于收到申请之日"
    if after_review is not None:
        if kind != AppealKind.LITIGATION:
            errors["after_review"] = "只有行政诉讼可以关联在先的行政复议"
        elif after_review.request_id != request.pk or after_review.kind != AppealKind.REVIEW:
            errors["after_review"] = "请选择本申请的行政复议"
        elif after_review.filed_on > filed_on:
            errors["after_review"] = "复议后起诉的，起诉日期不能早于复议申请日期"
    if errors:
        raise ValidationError(errors)
    appeal = Appeal.objects.create(
        request=request,
        kind=kind,
        filed_on=filed_on,
        authority=authority.strip(),
        case_number=case_number,
        after_review=after_review,
        note=note,
    )
    record(actor=actor, action="request.appeal_recorded", target=request, data={"kind": kind})
    return appeal


@transaction.atomic
def decide_appeal(appeal: Appeal, *, actor: Any, result: str, decided_on: dt.date | None) -> Appeal:
    _deny(policy.is_office(actor, appeal.request), "只有受理机关的公开工作机构可以登记结果")
    if result not in AppealResult.values:
        raise ValidationError({"result": "请选择结果"})
    if result == AppealResult.PENDING:
        decided_on = None
    elif decided_on is None:
        raise ValidationError({"decided_on": "请填写审结日期"})
    elif decided_on < appeal.filed_on:
        raise ValidationError({"decided_on": "审结日期不能早于申请/起诉日期"})
    elif decided_on > local_today():
        raise ValidationError({"decided_on": "审结日期不能晚于今天"})
    appeal.result, appeal.decided_on = result, decided_on
    appeal.save()
    record(actor=actor, action="request.appeal_decided", target=appeal.request, data={"result": result})
    return appeal
