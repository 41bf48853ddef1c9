"""Letters issued in a request (告知书, docs/SPEC.md §4.5): composed from templates, numbered, kept as issued.

Every letter has one uniform format: the addressee; the application it answers (date received,
registration number, what was asked for); the decision; the article of
《中华人民共和国政府信息公开条例》 it rests on; the reasons (for 部分公开 also what was withheld);
the remedies of 第五十一条 with the review body and the court; and, at the bottom right, the
body's name and the date. ``compose`` drafts it from ``templates/foi/letters/<kind>.txt`` (for
replies and terminations with the decision paragraph ``reply_<code>.txt`` or ``reply_<group>.txt``);
staff may edit the draft; ``issue_letter`` numbers and stores it as issued.

Body text convention: one paragraph per line; a blank line separates the closing block (the body's
name and the date), which the renderers set right-aligned.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string, select_template
from django.urls import NoReverseMatch, reverse

from gongkai.audit.log import record
from gongkai.core.actors import is_system, require_actor
from gongkai.core.files.uploads import read_upload
from gongkai.core.serials import next_serial
from gongkai.core.wordfiles import east_asian_font, official_page
from gongkai.disclosure.models import TextStatus
from gongkai.disclosure.services.content import check_upload
from gongkai.foi import policy, punctuation
from gongkai.foi.clock import ANSWER_WORKDAYS, CONSULTATION_WORKDAYS, FEE_PAYMENT_WORKDAYS, EventKind
from gongkai.foi.fees import BASIS as FEE_BASIS
from gongkai.foi.fees import FeeQuote, format_yuan
from gongkai.foi.legal import (
    OUTCOME_ARTICLES,
    OUTCOME_GROUPS,
    REGULATION,
    REMEDIES,
    ConsultationAnswer,
    ConsultationKind,
    Delivery,
    FeeMethod,
    Outcome,
    ReplyType,
)
from gongkai.foi.models import (
    Consultation,
    FeeNotice,
    InfoRequest,
    Letter,
    LetterAttachment,
    LetterKind,
    RequestSettings,
)
from gongkai.foi.services.clock import local_today
from gongkai.notifications.services import email_applicant
from gongkai.orgs.models import Kind, Organization
from gongkai.secrecy import redaction

LOOKUP_FALLBACK = "/requests/lookup/"
DEFAULT_COURT = "有管辖权的人民法院"

#: Letters that carry the remedies of 第五十一条 (a receipt decides nothing; a consultation letter
#: goes to a third party or another body, not the applicant).
WITH_REMEDIES = frozenset(
    {LetterKind.REPLY, LetterKind.CORRECTION, LetterKind.EXTENSION, LetterKind.FEE, LetterKind.TERMINATION}
)
#: Outcomes whose letter must state reasons: 不予公开 and 部分公开 (第三十六条第（三）项,
#: 第三十七条), 不予处理 for excessive requests (第三十五条), and 其他 (nothing else says why).
REASONS_REQUIRED = frozenset(
    {
        Outcome.PARTIAL,
        Outcome.REFUSED_STATE_SECRET,
        Outcome.REFUSED_PROHIBITED,
        Outcome.REFUSED_THREE_SECURITIES,
        Outcome.REFUSED_THIRD_PARTY,
        Outcome.REFUSED_INTERNAL,
        Outcome.REFUSED_PROCESS,
        Outcome.REFUSED_ENFORCEMENT,
        Outcome.NOT_HANDLED_EXCESSIVE,
        Outcome.OTHER,
    }
)
#: The article each kind of letter other than a reply rests on.
_KIND_ARTICLES: dict[str, str] = {
    LetterKind.CORRECTION: "第三十条",
    LetterKind.EXTENSION: "第三十三条第二款",
    LetterKind.CONSULTATION: "第三十二条",
    LetterKind.FEE: "第四十二条",
    LetterKind.RECEIPT: "第三十三条第一款",
}
#: Two outcomes cover two items of 第三十六条; the reply type says which one the letter cites.
_NARROWED_ARTICLES: dict[tuple[str, str], str] = {
    (Outcome.GRANTED, ReplyType.ALREADY_PUBLIC): "第三十六条第（一）项",
    (Outcome.GRANTED, ReplyType.PROVIDED): "第三十六条第（二）项",
    (Outcome.UNABLE_NOT_HELD, ReplyType.NOT_EXIST): "第三十六条第（四）项",
    (Outcome.UNABLE_NOT_HELD, ReplyType.NOT_OURS): "第三十六条第（五）项",
}


# --- small helpers ---------------------------------------------------------------------------------


def zh_date(day: dt.date | None) -> str:
    """``2026年3月2日`` (GB/T 9704: Arabic numerals, year, month and day in full)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def request_settings(organization: Organization) -> RequestSettings | None:
    try:
        return organization.request_settings
    except RequestSettings.DoesNotExist:
        return None


def review_body_for(organization: Organization) -> str:
    """Where the applicant applies for 行政复议: the configured body, else the government that
    reviews this one (《中华人民共和国行政复议法》: a department → its own level's government; a
    government → the government above it; a vertically managed unit → the body above it)."""
    configured = request_settings(organization)
    if configured is not None and configured.review_body:
        return configured.review_body
    parent = organization.parent
    if organization.kind == Kind.VERTICAL and parent is not None:
        return parent.name
    if organization.kind == Kind.GOVERNMENT:
        upper = parent.region_government() if parent is not None else None
        return upper.name if upper is not None else "上一级人民政府"
    government = organization.region_government()
    return government.name if government is not None else "本级人民政府"


def court_for(organization: Organization) -> str:
    configured = request_settings(organization)
    return configured.court if configured is not None and configured.court else DEFAULT_COURT


def remedies_for(organization: Organization) -> str:
    return REMEDIES.format(review_body=review_body_for(organization), court=court_for(organization))


def article_for(outcome: str, reply_type: str = "") -> str:
    """The article of the regulation an outcome rests on, narrowed by the reply type where one
    outcome covers two items of 第三十六条."""
    return _NARROWED_ARTICLES.get((outcome, reply_type), OUTCOME_ARTICLES.get(outcome, ""))


def citation(article: str) -> str:
    """``《中华人民共和国政府信息公开条例》第三十七条``; the regulation alone when no article applies."""
    return f"{REGULATION}{article}" if article else REGULATION


def letter_prefix(organization: Organization) -> str:
    configured = request_settings(organization)
    if configured is not None and configured.letter_prefix:
        return configured.letter_prefix
    return f"{organization.display_short}依申"


def lookup_url() -> str:
    try:
        path = reverse("portal:request_lookup")
    except NoReverseMatch:
        path = LOOKUP_FALLBACK
    return f"{settings.GONGKAI['SITE_URL'].rstrip('/')}{path}"


def _one_line(text: str) -> str:
    return " ".join((text or "").split())


def _sentence(text: str) -> str:
    """Free text as it goes into a letter: trimmed, Windows line ends gone, ending with one stop
    (``foi.punctuation.sentence``: a trailing comma becomes the stop, never ``，。``)."""
    return punctuation.sentence(text)


def _normalize(rendered: str) -> str:
    """One paragraph per non-empty line, stripped: templates may indent and leave tag lines."""
    return "\n".join(line.strip() for line in rendered.splitlines() if line.strip())


def split_body(body: str) -> tuple[list[str], list[str]]:
    """(paragraphs, closing lines): the closing block follows the last blank line, if any."""
    text = body.strip("\n")
    main, sep, closing = text.rpartition("\n\n")
    if not sep:
        return [p for p in text.splitlines() if p.strip()], []
    return [p for p in main.splitlines() if p.strip()], [c for c in closing.splitlines() if c.strip()]


# --- composing ---------------------------------------------------------------------------------------


def _require(errors: dict[str, str], field: str, value: Any, message: str) -> None:
    if value in (None, "") or (isinstance(value, str) and not value.strip()):
        errors[field] = message


def _outcome_context(
    request: InfoRequest, kind: str, outcome: str, reasons: str, extra: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    if outcome not in Outcome.values:
        errors["outcome"] = "请选择办理结果"
        return {}
    if kind == LetterKind.TERMINATION and Outcome(outcome).group != "6":
        errors["outcome"] = (
            "终止办理告知书用于“其他处理”（逾期不补正、逾期不缴费等），其他结果请出具答复告知书"
        )
    reply_type = extra.get("reply_type") or request.reply_type
    code = Outcome(outcome)
    ctx: dict[str, Any] = {
        "outcome": code.value,
        "outcome_label": code.short_label,
        "outcome_group": OUTCOME_GROUPS[code.group],
        "reply_type": reply_type,
        "article": article_for(code, reply_type),
    }
    if code in REASONS_REQUIRED and not reasons.strip():
        article = OUTCOME_ARTICLES[code] or "第三十六条"
        errors["reasons"] = f"“{code.short_label}”的答复应当说明理由（{REGULATION}{article}）"
    if code == Outcome.GRANTED and reply_type == ReplyType.ALREADY_PUBLIC and not extra.get("access"):
        # The reasons field is where the back office writes where the information was published.
        if not reasons:
            errors["reasons"] = (
                "所申请信息已经公开的，应当告知获取该政府信息的方式、途径（第三十六条第（一）项）"
            )
        ctx["access"], ctx["reasons"] = reasons, ""
    if code == Outcome.UNABLE_NOT_HELD:
        ctx["referred_body"] = punctuation.clause(extra.get("referred_body") or request.referred_body)
    if code == Outcome.REFUSED_THIRD_PARTY:
        ctx["third_party_objected"] = request.pk is not None and (
            request.consultations.filter(
                kind=ConsultationKind.THIRD_PARTY, answer=ConsultationAnswer.OBJECT
            ).exists()
        )
    if code == Outcome.NOT_HANDLED_REPEAT:
        earlier = request.duplicate_of
        ctx["earlier_number"] = earlier.registration_number if earlier else ""
        ctx["earlier_answered"] = zh_date(earlier.answered_on) if earlier else ""
    if code in (Outcome.OTHER_NO_CORRECTION, Outcome.UNABLE_STILL_UNCLEAR):
        asked = (
            request.clock_events.filter(kind=EventKind.CORRECTION_REQUESTED).order_by("on").first()
            if request.pk
            else None
        )
        ctx["correction_asked"] = zh_date(extra.get("correction_asked") or (asked.on if asked else None))
        ctx["correct_by"] = zh_date(extra.get("correct_by") or (asked.until if asked else None))
    if code == Outcome.OTHER_FEE_UNPAID:
        fee = extra.get("fee") or (
            request.fee_notices.order_by("-issued_on", "-id").first() if request.pk else None
        )
        if fee is None:
            errors["fee"] = "没有收费通知，不能以逾期未缴费终止办理（国办函〔2020〕109号）"
        else:
            ctx.update(_fee_context(fee, None))
    return ctx


def _fee_context(fee: FeeNotice, quote: FeeQuote | None) -> dict[str, Any]:
    ctx: dict[str, Any] = {
        "fee": fee,
        "fee_issued": zh_date(fee.issued_on),
        "fee_amount": format_yuan(fee.amount),
        "fee_pay_by": zh_date(fee.pay_by),
        "fee_method": FeeMethod(fee.method).label,
        "fee_unit": "件" if fee.method == FeeMethod.BY_COUNT else "页",
        "fee_by_count": fee.method == FeeMethod.BY_COUNT,
        "fee_quantity": fee.quantity,
        "fee_payment_days": FEE_PAYMENT_WORKDAYS,
    }
    if quote is not None:
        ctx["fee_lines"] = "；".join(quote.lines())
        ctx["fee_position_from"] = quote.already + 1
        ctx["fee_position_to"] = quote.already + quote.quantity
    return ctx


def _kind_context(
    request: InfoRequest, kind: str, reasons: str, extra: dict[str, Any], errors: dict[str, str]
) -> dict[str, Any]:
    ctx: dict[str, Any] = {"article": _KIND_ARTICLES.get(kind, "")}
    if kind == LetterKind.CORRECTION:
        # What to correct: ``items``, or the reasons field of the correction form.
        if not extra.get("items"):
            ctx["items"], ctx["reasons"] = reasons, ""
        _require(errors, "items", extra.get("items") or reasons, "请写明需要补正的事项（第三十条）")
        correct_by = extra.get("correct_by") or extra.get("until") or request.correction_due
        _require(errors, "correct_by", correct_by, "请写明合理的补正期限（第三十条）")
        ctx["correct_by"] = zh_date(correct_by)
        ctx["guidance"] = _sentence(extra.get("guidance", ""))
        # Whom the applicant asks about the correction: the handler, and the body's telephone for
        # requests (orgs contact details) unless the notice names another.
        ctx["contact_person"] = punctuation.clause(extra.get("contact_person") or request.correction_contact)
        ctx["contact_phone"] = punctuation.clause(
            extra.get("contact_phone") or request.correction_phone or request.organization.phone
        )
    elif kind == LetterKind.EXTENSION:
        _require(errors, "reasons", reasons, "请说明需要延长答复期限的理由（第三十三条第二款）")
        new_due = extra.get("new_due") or request.due_date
        _require(errors, "new_due", new_due, "请写明延长后的答复期限")
        ctx["new_due"] = zh_date(new_due)
        ctx["days"] = extra.get("days") or ""
    elif kind == LetterKind.CONSULTATION:
        consultation = extra.get("consultation")
        if not isinstance(consultation, Consultation):
            errors["consultation"] = "请先登记征求意见事项（被征求意见方和意见期限）"
        else:
            ctx.update(
                {
                    "consultation": consultation,
                    "party": consultation.party,
                    "joint": consultation.kind == ConsultationKind.OTHER_BODY,
                    "answer_due": zh_date(consultation.answer_due),
                    "sent": zh_date(consultation.sent_on),
                    "consultation_days": CONSULTATION_WORKDAYS,
                    "article": "第三十四条"
                    if consultation.kind == ConsultationKind.OTHER_BODY
                    else "第三十二条",
                }
            )
    elif kind == LetterKind.FEE:
        fee = extra.get("fee")
        if not isinstance(fee, FeeNotice):
            errors["fee"] = "请先核算信息处理费"
        else:
            ctx.update(_fee_context(fee, extra.get("quote")))
            ctx["fee_basis"] = FEE_BASIS
            organization = request.organization
            ctx["payment_method"] = punctuation.clause(extra.get("payment_method", "")) or (
                f"请持本通知到{organization.disclosure_office or organization.name}"
                + (f"（{organization.address}）" if organization.address else "")
                + "缴纳"
                + (f"，咨询电话：{organization.phone}" if organization.phone else "")
            )
            ctx["waiver_reply"] = _sentence(_one_line(extra.get("waiver_reply", "")))
            if request.fee_waiver_requested and not ctx["waiver_reply"]:
                errors["waiver_reply"] = "申请人申请减免费用，请写明对减免申请的审查意见"
    elif kind == LetterKind.RECEIPT:
        ctx["due"] = zh_date(extra.get("due") or request.due_date)
        ctx["answer_days"] = ANSWER_WORKDAYS
        ctx["lookup_url"] = lookup_url()
    return ctx


def compose(
    request: InfoRequest,
    kind: str,
    *,
    outcome: str = "",
    reasons: str = "",
    extra: Mapping[str, Any] | None = None,
    on: dt.date | None = None,
) -> tuple[str, str]:
    """Draft a letter: (title, body). ``extra`` carries what the kind needs:

    * reply — ``access`` (how to obtain the information; when already public and not given, the
      reasons say where it was published), ``withheld`` (部分公开: what was withheld; else the
      reasons cover both), ``referred_body`` (第三十六条第（五）项),
      ``reply_type`` (defaults to the request's), ``query_channel`` (行政查询: where to apply);
    * correction — ``items`` (what to correct; else the reasons), ``correct_by`` or ``until``
      (date; defaults to the request's correction due date);
    * extension — ``new_due`` (defaults to the request's due date), ``days``;
    * consultation — ``consultation`` (a ``Consultation``);
    * fee — ``fee`` (a ``FeeNotice``), ``quote`` (its ``FeeQuote``), ``payment_method``,
      ``waiver_reply`` (required when the applicant asked for a waiver);
    * termination — as reply, with an outcome of 其他处理 (``fee`` for 6.2).

    Missing facts raise ``ValidationError`` keyed by the missing field, in Chinese.
    """
    if kind not in LetterKind.values:
        raise ValidationError({"kind": "请选择文书类型"})
    extra = dict(extra or {})
    reasons = _sentence(reasons)
    on = on or local_today()
    organization = request.organization
    errors: dict[str, str] = {}
    ctx: dict[str, Any] = {
        "kind": kind,
        "organization": organization,
        "applicant_name": _one_line(request.applicant_name),
        "you": "您" if request.applicant_is_person else "贵单位",
        "received": zh_date(request.received_on),
        "registration_number": request.registration_number,
        "description": _one_line(request.description),
        # 申请获取：“…”。 — the applicant's own full stop is dropped inside the quotation marks.
        "quoted_description": punctuation.quoted(request.description),
        "reasons": reasons,
        "extra": extra,
        "regulation": REGULATION,
        "access": _sentence(extra.get("access") or ""),
        "withheld": _sentence(extra.get("withheld") or ""),
        "items": _sentence(extra.get("items") or ""),
        "query_channel": punctuation.clause(extra.get("query_channel", "")),
        "delivery_label": Delivery(request.delivery).label if request.delivery in Delivery.values else "",
    }
    templates = [f"foi/letters/{kind}.txt"]
    if kind in (LetterKind.REPLY, LetterKind.TERMINATION):
        ctx.update(_outcome_context(request, kind, outcome, reasons, extra, errors))
        if "outcome" in ctx:
            code = Outcome(ctx["outcome"])
            ctx["decision_template"] = select_template(
                [f"foi/letters/reply_{code.value}.txt", f"foi/letters/reply_{code.group}.txt"]
            ).template.name
    else:
        ctx.update(_kind_context(request, kind, reasons, extra, errors))
    if errors:
        raise ValidationError(errors)
    ctx["citation"] = citation(ctx.get("article", ""))
    ctx["remedies"] = remedies_for(organization) if kind in WITH_REMEDIES else ""
    main = _normalize(render_to_string(templates, ctx))
    closing = f"{organization.name}\n{zh_date(on)}"
    return str(LetterKind(kind).label), f"{main}\n\n{closing}"


# --- issuing -----------------------------------------------------------------------------------------


def _may_write(actor: Any, request: InfoRequest) -> bool:
    return policy.is_office(actor, request) or policy.can_see_applicant(actor, request)


def letter_number(organization: Organization, year: int) -> str:
    """``宿教依复〔2026〕3号``: per body and year, no gaps (allocated inside the issuing transaction)."""
    serial = next_serial(f"foi-letter:{organization.pk}:{year}")
    return f"{letter_prefix(organization)}〔{year}〕{serial}号"


@transaction.atomic
def issue_letter(
    request: InfoRequest,
    *,
    kind: str,
    actor: Any,
    on: dt.date,
    title: str,
    body: str,
    outcome: str = "",
    attachments: Sequence[UploadedFile] = (),
    to_applicant: bool = True,
    delivery: str = "",
    redacted: bool | None = None,
    mask_attachments: bool = True,
) -> Letter:
    """Number and store a letter as issued, with its attachments (checked by content).

    Attachments going to the applicant are scanned for personal data (ID, phone and bank-card
    numbers, e-mail addresses — the secrecy scanner's personal kinds): in a DOCX every finding is
    masked in place (区分处理, 第三十七条); any other file that holds personal data is refused with
    the findings named, because it cannot be masked here. ``mask_attachments=False`` is for the
    applicant's own data (staff confirm it on the form).

    ``redacted`` marks the attachments as 区分处理 copies; by default they are when the outcome is
    部分公开. When the letter goes to an applicant who gave an e-mail address, they are told after
    commit that a letter is waiting (registration number and the look-up page only — never the
    letter or personal data).
    """
    # ``SYSTEM`` is the platform itself (a deadline passing); people are always checked.
    if not is_system(require_actor(actor)) and not _may_write(actor, request):
        raise PermissionDenied("只有本申请的承办人员和公开工作机构可以出具告知书")
    errors: dict[str, str] = {}
    if kind not in LetterKind.values:
        errors["kind"] = "请选择文书类型"
    title = _one_line(title)
    if not title:
        errors["title"] = "请填写标题"
    elif len(title) > Letter._meta.get_field("title").max_length:  # type: ignore[operator]
        errors["title"] = "标题过长"
    if not (body or "").strip():
        errors["body"] = "告知书正文不能为空"
    if outcome and outcome not in Outcome.values:
        errors["outcome"] = "请选择办理结果"
    if delivery and delivery not in Delivery.values:
        errors["delivery"] = "请选择送达方式"
    if on < request.received_on:
        errors["on"] = "出具日期不能早于收到申请日期"
    elif on > local_today():
        errors["on"] = "出具日期不能晚于今天"
    checked = []
    masked_counts: dict[str, int] = {}
    for upload in attachments:
        name = (upload.name or "附件").rsplit("/", 1)[-1]
        try:
            data = read_upload(upload)  # never more than the limit in memory (audit 4.3)
            result = check_upload(data, name)
        except ValidationError as error:
            errors.setdefault("attachments", "；".join(error.messages))
            continue
        if to_applicant and mask_attachments and result.text_status == TextStatus.UNREADABLE:
            # Nothing found is not "no personal data" when the text could not be read.
            errors["attachments"] = (
                f"附件《{name}》的文字无法读取（{result.text_problem}），无法检查其中是否有他人的个人信息"
                "（第三十七条）：请改传可以读取的文件；如经人工核对没有须遮盖的个人信息，请勾选“不作遮盖”"
            )
            continue
        findings = redaction.propose(result.text) if (to_applicant and mask_attachments) else []
        if findings and result.kind == "docx":
            data = redaction.redact_docx(data, findings)
            result = check_upload(data, name)
            masked_counts[name] = len(findings)
        elif findings:
            shown = "、".join(sorted({f.message or f.kind for f in findings}))
            errors["attachments"] = (
                f"附件《{name}》含有{len(findings)}处个人信息（{shown}），此类文件不能自动遮盖："
                "请遮盖后重新上传，或改用Word文档（第三十七条）；如属申请人本人信息，请勾选“不作遮盖”"
            )
            continue
        checked.append((name, data, result))
    if errors:
        raise ValidationError(errors)
    letter = Letter.objects.create(
        request=request,
        kind=kind,
        number=letter_number(request.organization, on.year),
        title=title,
        body=body.strip("\n").replace("\r\n", "\n"),
        outcome=outcome,
        issued_on=on,
        issued_by=actor if getattr(actor, "is_authenticated", False) else None,
        to_applicant=to_applicant,
        delivery=delivery,
    )
    mark_redacted = outcome == Outcome.PARTIAL if redacted is None else redacted
    for name, data, result in checked:
        attachment = LetterAttachment(
            letter=letter,
            name=result.name,  # the uploader's name with the detected kind's extension (audit 4.6)
            content_type=result.content_type,
            size=result.size,
            redacted=mark_redacted or name in masked_counts,
        )
        # Stored under the content hash, never the uploader's name (docs/ARCHITECTURE.md).
        attachment.file.save(result.stored_name, ContentFile(data), save=False)
        attachment.save()
    record(
        actor=actor,
        action="letter.issued",
        target=letter,
        organization=request.organization,
        data={
            "request": request.registration_number,
            "kind": kind,
            "number": letter.number,
            "outcome": outcome,
            "attachments": [name for name, _, _ in checked],
            "masked": masked_counts,
        },
    )
    if to_applicant and request.email:
        transaction.on_commit(
            functools.partial(
                email_applicant,
                request.email,
                f"[公开] 您的政府信息公开申请（{request.registration_number}）有新的文书",
                _email_text(request, letter),
            )
        )
    return letter


def _email_text(request: InfoRequest, letter: Letter) -> str:
    return (
        f"您提交的政府信息公开申请（登记编号：{request.registration_number}）"
        f"有新的文书：{LetterKind(letter.kind).label}。\n\n"
        f"请凭登记编号和查询码在以下页面查看：\n{lookup_url()}\n\n"
        f"{request.organization.name}"
    )


@transaction.atomic
def record_delivery(letter: Letter, *, actor: Any, on: dt.date, delivery: str, note: str = "") -> Letter:
    """Record how and when a letter reached its addressee (送达)."""
    if not _may_write(actor, letter.request):
        raise PermissionDenied("只有本申请的承办人员和公开工作机构可以登记送达")
    errors: dict[str, str] = {}
    if delivery not in Delivery.values:
        errors["delivery"] = "请选择送达方式"
    if on < letter.issued_on:
        errors["on"] = f"送达日期不能早于出具日期（{zh_date(letter.issued_on)}）"
    elif on > local_today():
        errors["on"] = "送达日期不能晚于今天"
    note = _one_line(note)
    if len(note) > Letter._meta.get_field("delivery_note").max_length:  # type: ignore[operator]
        errors["note"] = "送达说明不能超过200字"
    if errors:
        raise ValidationError(errors)
    previous = {"delivery": letter.delivery, "delivered_on": str(letter.delivered_on or "")}
    letter.delivery = delivery
    letter.delivered_on = on
    letter.delivery_note = note
    letter.save(update_fields=["delivery", "delivered_on", "delivery_note"])
    record(
        actor=actor,
        action="letter.delivered",
        target=letter,
        organization=letter.request.organization,
        data={"delivery": delivery, "on": str(on), "note": note, "previous": previous},
    )
    return letter


# --- rendering ---------------------------------------------------------------------------------------


def letter_parts(letter: Letter) -> dict[str, Any]:
    """What both renderers show: title, number, addressee, paragraphs, attachments, closing."""
    paragraphs, closing = split_body(letter.body)
    if not closing:
        closing = [letter.request.organization.name, zh_date(letter.issued_on)]
    addressee = ""
    if paragraphs and paragraphs[0].endswith(("：", ":")):
        addressee, paragraphs = paragraphs[0], paragraphs[1:]
    return {
        "title": letter.title,
        "number": letter.number,
        "addressee": addressee,
        "paragraphs": paragraphs,
        "attachments": [a.name for a in letter.attachments.all()] if letter.pk else [],
        "closing": closing,
    }


def render_docx(letter: Letter) -> bytes:
    """The letter as a Word document: A4 with 公文 margins (GB/T 9704), the title centred and bold,
    the number right-aligned, body paragraphs indented two characters, the body's name and the
    date at the bottom right."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    parts = letter_parts(letter)
    document = docx.Document()
    official_page(document, title=parts["title"], author=letter.request.organization.name)

    body_size = Pt(16)  # 三号
    normal = document.styles["Normal"]
    normal.font.size = body_size

    def paragraph(
        text: str, *, align: Any = None, indent: bool = False, bold: bool = False, size: Any = None
    ) -> Any:
        para = document.add_paragraph()
        fmt = para.paragraph_format
        fmt.line_spacing = Pt(28)
        fmt.space_after = Pt(0)
        if align is not None:
            para.alignment = align
        if indent:
            fmt.first_line_indent = Pt(32)  # two characters of 三号
        run = para.add_run(text)
        run.bold = bold
        run.font.size = size or body_size
        east_asian_font(run, "方正小标宋简体" if size else "仿宋_GB2312")
        return para

    paragraph(parts["title"], align=WD_ALIGN_PARAGRAPH.CENTER, bold=True, size=Pt(22))  # 二号小标宋
    if parts["number"]:
        paragraph(parts["number"], align=WD_ALIGN_PARAGRAPH.RIGHT)
    paragraph("")
    if parts["addressee"]:
        paragraph(parts["addressee"])
    for text in parts["paragraphs"]:
        paragraph(text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    if parts["attachments"]:
        paragraph("")
        for position, name in enumerate(parts["attachments"], start=1):
            prefix = "附件：" if position == 1 else "　　　"
            paragraph(f"{prefix}{position}．{name}", indent=True)
    paragraph("")
    for line in parts["closing"]:
        paragraph(line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def render_html(letter: Letter) -> str:
    """A standalone printable page (inline CSS, no external assets)."""
    return render_to_string("foi/letter_print.html", {"letter": letter, **letter_parts(letter)})
