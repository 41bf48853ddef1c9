"""The page of one request for information (依申请公开): what it shows, and which action forms.

``render_detail`` is used by the page itself and by every action view that has to show the page
again with its form's errors (the values entered kept). Applicant data is shown only to the
handling staff (``policy.can_see_applicant``), and each showing is written to the audit log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.audit.models import AuditEvent
from gongkai.core.registry import audit_label
from gongkai.foi import policy
from gongkai.foi.clock import ClockResult
from gongkai.foi.legal import REGULATION, Outcome
from gongkai.foi.models import Correction, InfoRequest, RequestState, Routing
from gongkai.foi.services import clock as clock_service
from gongkai.foi.services import handling, replies
from gongkai.foi.staff import forms as rf
from gongkai.workdays.calendar import get_calendar

VIEWED = "request.personal_data_viewed"
SESSION_NEW_CODE = "gongkai.foi.new_code"


def visible_request_or_404(user: Any, pk: int) -> InfoRequest:
    """The request, if ``user`` may see its case record; otherwise 404 (its existence is not revealed)."""
    qs = policy.visible_requests(user).select_related(
        "organization", "organization__request_settings", "handling_unit", "assignee", "duplicate_of"
    )
    return get_object_or_404(qs, pk=pk)


def detail_url(info: InfoRequest, anchor: str = "") -> str:
    return reverse("backoffice:request_detail", args=[info.pk]) + (f"#{anchor}" if anchor else "")


@dataclass
class Provisional:
    years: list[int]

    @property
    def label(self) -> str:
        return "、".join(_("%(y)s年") % {"y": y} for y in self.years)


def clock_panel(info: InfoRequest, result: ClockResult, today: dt.date) -> dict[str, Any]:
    """What the clock panel shows: due dates, working days left, status, and how it was computed."""
    calendar = get_calendar()
    overdue_days = 0
    overdue = bool(info.is_open and result.due and result.due < today)
    if overdue and result.due:
        overdue_days = calendar.workdays_between(result.due, today)
    years = sorted(result.provisional_years)
    return {
        "result": result,
        "due": result.due,
        "internal_due": result.internal_due,
        "remaining": result.remaining,
        "used": result.used,
        "limit": result.limit,
        "status_label": result.status_label,
        "projected": result.projected,
        "provisional": Provisional(years) if years else None,
        "overdue": overdue,
        "overdue_days": overdue_days,
        "correction_due": result.correction_due,
        "steps": result.steps,
        "regulation": REGULATION,
    }


def applicant_rows(info: InfoRequest) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        (_("申请人类型"), info.get_applicant_type_display()),  # type: ignore[attr-defined]
        (_("姓名/名称"), info.applicant_name),
        (_("证件类型"), info.get_id_type_display()),  # type: ignore[attr-defined]
        (_("证件号码"), info.id_number),
    ]
    if not info.applicant_is_person:
        rows += [(_("法定代表人"), info.legal_representative), (_("联系人"), info.contact_person)]
    rows += [
        (_("联系电话"), info.phone),
        (_("电子邮箱"), info.email),
        (_("通信地址"), info.address),
        (_("邮政编码"), info.postcode),
        (_("信息提供形式"), info.get_format_display()),  # type: ignore[attr-defined]
        (_("获取方式"), info.get_delivery_display()),  # type: ignore[attr-defined]
        (_("申请减免费用"), _("是") if info.fee_waiver_requested else _("否")),
    ]
    if info.fee_waiver_requested:
        rows.append((_("减免理由"), info.fee_waiver_reason))
    return rows


def history(info: InfoRequest, letter_ids: list[int]) -> tuple[list[dict[str, Any]], list[AuditEvent]]:
    """The request's audit history (with its letters' events), and separately who read the applicant data."""
    events = AuditEvent.objects.filter(
        Q(target_type="foi.inforequest", target_id=str(info.pk))
        | Q(target_type="foi.letter", target_id__in=[str(pk) for pk in letter_ids])
    ).select_related("actor")
    rows, views = [], []
    for event in events.order_by("at", "id"):
        if event.action == VIEWED:
            views.append(event)
        else:
            rows.append({"event": event, "label": audit_label(event.action)})
    return rows, views[::-1][:50]


# -- the reply form ---------------------------------------------------------------------------------


def reply_form(
    info: InfoRequest, data: Any = None, files: Any = None, *, initial: dict[str, Any] | None = None
) -> rf.ReplyForm:
    """The reply form, its redaction checkboxes made from the body it carries. Choosing an outcome
    reloads the letter's title and body for it (htmx; without JavaScript, the compose button)."""
    body = data.get("reply-body", "") if data is not None else (initial or {}).get("body", "")
    choices = replies.mask_choices(body)
    form = rf.ReplyForm(data, files, prefix="reply", initial=initial, redaction_choices=choices)
    form.fields["outcome"].widget.attrs.update(
        {
            "hx-get": reverse("backoffice:request_detail", args=[info.pk]),
            "hx-trigger": "change",
            "hx-target": "#reply-letter",
            "hx-select": "#reply-letter",
            "hx-swap": "outerHTML",
        }
    )
    return form


def initial_reply(info: InfoRequest, outcome: str) -> tuple[dict[str, Any], list[str]]:
    """The reply form's initial values for ``?outcome=``: the letter composed for that outcome, or,
    when the outcome needs facts the form does not have yet, the list of what to fill in first."""
    if info.state in (RequestState.DRAFTED, RequestState.APPROVED) or (info.draft_body and not outcome):
        initial = {
            "outcome": info.outcome,
            "reply_type": info.reply_type,
            "reasons": info.reasons,
            "referred_body": info.referred_body,
            "title": info.draft_title,
            "body": info.draft_body,
        }
        return initial, []
    if outcome not in Outcome.values:
        return {}, []
    initial = {"outcome": outcome}
    try:
        initial["title"], initial["body"] = replies.compose_reply(info, outcome=outcome)
    except ValidationError as exc:
        return initial, exc.messages
    return initial, []


# -- the page ------------------------------------------------------------------------------------


def _per_object_forms(
    objects: list[Any],
    prefix: str,
    form_class: type[forms.Form],
    bound: dict[str, Any],
    initial: Any = None,
) -> list[tuple[Any, forms.Form]]:
    """One form per object (its own prefix, so ids stay unique); the bound one where it failed."""
    out = []
    for obj in objects:
        key = f"{prefix}-{obj.pk}"
        form = bound.get(key) or form_class(prefix=key, initial=initial(obj) if initial else None)
        out.append((obj, form))
    return out


def render_detail(
    request: HttpRequest,
    info: InfoRequest,
    *,
    bound: dict[str, Any] | None = None,
    extra: dict[str, Any] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    bound = bound or {}
    today = clock_service.local_today()
    actions = policy.actions_for(user, info, today=today)
    see_applicant = policy.can_see_applicant(user, info)
    if see_applicant:
        record(actor=user, action=VIEWED, target=info)

    result = clock_service.compute(info)
    consultations = list(info.consultations.all())
    fee_notices = list(info.fee_notices.all())
    letters = list(info.letters.prefetch_related("attachments").select_related("issued_by"))
    appeals = list(info.appeals.select_related("after_review"))
    reminders = list(info.reminders.select_related("sent_by"))
    history_rows, views = history(info, [letter.pk for letter in letters])

    compose_errors: list[str] = []
    if "reply" in bound:
        reply = bound["reply"]
    else:
        outcome = request.GET.get("reply-outcome") or request.GET.get("outcome", "")
        initial, compose_errors = initial_reply(info, outcome)
        reply = reply_form(info, initial=initial)
    reply_findings = replies.proposed_masks(
        reply.data.get("reply-body", "") if reply.is_bound else reply.initial.get("body", "")
    )

    new_code = None
    pending = request.session.get(SESSION_NEW_CODE)
    if pending and pending.get("pk") == info.pk:
        new_code = request.session.pop(SESSION_NEW_CODE)["code"]

    quote = extra.get("fee_quote") if extra else None
    context: dict[str, Any] = {
        "info": info,
        "window": policy.routing(info) == Routing.WINDOW,
        "actions": actions,
        "any_action": any(actions.values()),
        "see_applicant": see_applicant,
        "applicant_rows": applicant_rows(info) if see_applicant else [],
        "clock": clock_panel(info, result, today),
        "today": today,
        "new_code": new_code,
        "consultations": _per_object_forms(consultations, "answer", rf.ConsultationAnswerForm, bound),
        "fee_notices": _per_object_forms(fee_notices, "pay", rf.PaymentForm, bound),
        "letters": _per_object_forms(
            letters,
            "delivery",
            rf.LetterDeliveryForm,
            bound,
            lambda letter: {"delivery": letter.delivery or info.delivery},
        ),
        "appeals": _per_object_forms(appeals, "decide", rf.AppealDecisionForm, bound),
        "reminders": reminders,
        "history": history_rows,
        "views": views,
        "duplicates": handling.duplicate_candidates(info) if see_applicant else [],
        "duplicates_of_this": info.duplicates.all() if see_applicant else [],
        "online_correction": (
            Correction.objects.filter(request=info).prefetch_related("files").first()
            if see_applicant
            else None
        ),
        "reply_form": reply,
        "reply_findings": reply_findings,
        "compose_errors": compose_errors,
        "fees_enabled": policy.fees_enabled(),
        "fee_quote": quote,
        "forms": {
            "assign": bound.get("assign") or rf.AssignForm(prefix="assign", request=info, user=user),
            "correction": bound.get("correction")
            or rf.CorrectionForm(
                prefix="correction", initial=handling.correction_contact_defaults(info, user)
            ),
            "corrected": bound.get("corrected") or rf.CorrectionReceivedForm(prefix="corrected"),
            "lapse": bound.get("lapse") or rf.LapseForm(prefix="lapse"),
            "consult": bound.get("consult") or rf.ConsultForm(prefix="consult"),
            "extend": bound.get("extend") or rf.ExtendForm(prefix="extend"),
            "return": bound.get("return") or rf.ReturnDraftForm(prefix="return"),
            "deliver": bound.get("deliver")
            or rf.DeliverForm(prefix="deliver", initial={"delivery": info.delivery}),
            "withdraw": bound.get("withdraw") or rf.WithdrawForm(prefix="withdraw"),
            "remind": bound.get("remind") or rf.RemindForm(prefix="remind"),
            "duplicate": bound.get("duplicate")
            or rf.DuplicateForm(
                prefix="duplicate",
                initial={"original": info.duplicate_of.registration_number if info.duplicate_of else ""},
            ),
            "appeal": bound.get("appeal") or rf.AppealForm(prefix="appeal", request=info),
            "fee": bound.get("fee") or rf.FeeForm(prefix="fee"),
        },
        "outcome_articles": _outcome_article(info),
        "crumbs": [(_("依申请公开"), reverse("backoffice:requests")), (info.registration_number, None)],
        "nav_section": "requests",
        **(extra or {}),
    }
    return render(request, "backoffice/requests/detail.html", context, status=status)


def _outcome_article(info: InfoRequest) -> str:
    from gongkai.foi.legal import OUTCOME_ARTICLES

    return OUTCOME_ARTICLES.get(info.outcome, "") if info.outcome else ""
