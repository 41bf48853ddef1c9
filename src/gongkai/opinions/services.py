"""The entry points of 意见征集 (docs/SPEC.md §2.4): each checks the policy, validates (Chinese
messages, ``ValidationError`` keyed by field), changes state through the consultation's transitions,
records the audit event and, when what the public sees changes, drops the pages that show it after
commit (``core.public_deps.consultation_changed``).

The period: 《重大行政决策程序暂行条例》第十五条 and 《规章制定程序条例》第十五条 set the time for
public comment at "一般不少于30日"; the default is 30 days (``GONGKAI["CONSULTATION_DAYS"]``), the
drafter may choose another length within ``MIN_DAYS``–``MAX_DAYS``. A consultation opened on day D
for N days receives comments through D + N (``closes_on``); the round closes it the day after.

Citizens are not staff: ``submit_comment`` is the public intake, acting as ``core.actors.SYSTEM``
in the audit log, and never records the contact data there.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core import public_deps
from gongkai.core.actors import SYSTEM, is_system, require_actor
from gongkai.core.conf import conf
from gongkai.core.public_changes import public_pages_changed
from gongkai.disclosure.models import Item
from gongkai.disclosure.services.content import check_upload, html_to_text, sanitize_body
from gongkai.opinions import policy, precheck
from gongkai.opinions.models import (
    PUBLIC_STATES,
    Adoption,
    Comment,
    Consultation,
    ConsultationAttachment,
    FindingDecision,
    Moderation,
    RejectReason,
    State,
    Theme,
)
from gongkai.opinions.scan import blocking, scan_consultation
from gongkai.orgs.models import Organization
from gongkai.secrecy.textmask import apply, propose

DEFAULT_DAYS = 30
MIN_DAYS = 7
MAX_DAYS = 180
#: The longest comment accepted (characters), unless ``GONGKAI["CONSULTATION_COMMENT_MAX_CHARS"]``.
COMMENT_MAX_CHARS = 2000
EDITABLE_FIELDS = ("title", "body", "how_to_comment", "duration_days")
_KEY = re.compile(r"^[0-9a-f]{32}$")
_PHONE = re.compile(r"^[0-9+\-() ]{5,30}$")


def local_today() -> dt.date:
    return timezone.localdate()


def default_days() -> int:
    return int(conf().get("CONSULTATION_DAYS", DEFAULT_DAYS))


def comment_max_chars() -> int:
    return int(conf().get("CONSULTATION_COMMENT_MAX_CHARS", COMMENT_MAX_CHARS))


def _public_changed(consultation: Consultation, *items: int | None) -> None:
    """Drop the pages that show the consultation (and the pages of ``items`` it is linked to, its
    final document's among them: that page names the consultation and its state) once the change
    commits (``core.public_deps.consultation_changed``)."""
    linked = (consultation.final_item_id, *items)
    public_pages_changed(public_deps.consultation_changed(consultation.organization_id, linked))


def _deny(allowed: bool, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message)


def _lock(consultation: Consultation) -> Consultation:
    """Re-read the row under a lock; refuse when it moved since the actor saw it."""
    current = Consultation.objects.select_for_update().filter(pk=consultation.pk).values("state").first()
    if current is None:
        raise ValidationError("该征求意见稿已不存在。")
    if current["state"] != consultation.state:
        raise ValidationError("该征求意见稿的状态已被他人改变，请刷新页面后重试。")
    return consultation


# -- drafting ------------------------------------------------------------------------------------


def _clean_fields(fields: Mapping[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title = str(fields.get("title", "")).strip()
    if not title:
        errors["title"] = "请填写标题。"
    elif len(title) > 300:
        errors["title"] = "标题不能超过300字。"
    body = sanitize_body(str(fields.get("body", "") or ""))
    days = fields.get("duration_days") or default_days()
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not MIN_DAYS <= days <= MAX_DAYS:
        errors["duration_days"] = (
            f"征求意见期限应为{MIN_DAYS}至{MAX_DAYS}日（一般不少于30日，《重大行政决策程序暂行条例》第十五条）。"
        )
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "body": body,
        "body_text": html_to_text(body),
        "how_to_comment": str(fields.get("how_to_comment", "") or "").strip(),
        "duration_days": days,
    }


@transaction.atomic
def create_consultation(*, actor: Any, organization: Organization, fields: Mapping[str, Any]) -> Consultation:
    require_actor(actor)
    _deny(policy.can_draft(actor, organization), "只有本机关的录入员可以起草征求意见稿。")
    consultation = Consultation(organization=organization, drafter=actor, **_clean_fields(fields))
    consultation.save()
    record(
        actor=actor, action="consultation.created", target=consultation, data={"title": consultation.title}
    )
    return consultation


@transaction.atomic
def update_consultation(*, actor: Any, consultation: Consultation, fields: Mapping[str, Any]) -> Consultation:
    _deny(policy.can_edit(actor, consultation), "该征求意见稿当前不能修改（仅草稿可由本机关录入员修改）。")
    _lock(consultation)
    for name, value in _clean_fields(fields).items():
        setattr(consultation, name, value)
    consultation.save()
    record(
        actor=actor, action="consultation.updated", target=consultation, data={"title": consultation.title}
    )
    return consultation


@transaction.atomic
def add_attachment(
    *, actor: Any, consultation: Consultation, data: bytes, filename: str
) -> ConsultationAttachment:
    """A file accepted only for what its bytes are, its text read for the secrecy scan (the
    platform's upload checks, ``disclosure.services.content.check_upload``)."""
    _deny(policy.can_edit(actor, consultation), "该征求意见稿当前不能修改附件。")
    checked = check_upload(data, filename)
    attachment = ConsultationAttachment(
        consultation=consultation,
        **checked.read_file_fields(),
        position=consultation.attachments.count(),
    )
    attachment.file.save(checked.stored_name, ContentFile(data), save=False)
    attachment.save()
    record(
        actor=actor,
        action="consultation.attachment_added",
        target=consultation,
        data={"file": checked.name, "kind": checked.kind},
    )
    return attachment


@transaction.atomic
def remove_attachment(*, actor: Any, attachment: ConsultationAttachment) -> None:
    consultation = attachment.consultation
    _deny(policy.can_edit(actor, consultation), "该征求意见稿当前不能修改附件。")
    record(
        actor=actor,
        action="consultation.attachment_removed",
        target=consultation,
        data={"file": attachment.original_name},
    )
    attachment.delete()


# -- secrecy review and 签发 -------------------------------------------------------------------------


@transaction.atomic
def submit_for_review(*, actor: Any, consultation: Consultation) -> Consultation:
    _deny(policy.can_submit(actor, consultation), "只有本机关录入员可以将草稿送保密审查。")
    _lock(consultation)
    errors: dict[str, str] = {}
    if not consultation.body_text.strip() and not consultation.attachments.exists():
        errors["body"] = "请填写征求意见稿正文或上传附件。"
    if not consultation.how_to_comment.strip():
        errors["how_to_comment"] = "请说明意见反馈方式（如网上提交、信函、电子邮件及联系电话）。"
    if errors:
        raise ValidationError(errors)
    consultation.submit(now=timezone.now())
    consultation.save()
    record(actor=actor, action="consultation.submitted", target=consultation)
    return consultation


@transaction.atomic
def decide_finding(*, actor: Any, consultation: Consultation, fingerprint: str, note: str) -> FindingDecision:
    """ "不涉密，按原样公开" on one high finding, with the reviewer's reason (this review round)."""
    _deny(policy.can_review(actor, consultation), "只有本机关的保密审查员（非起草人）可以审查。")
    note = note.strip()
    if not note:
        raise ValidationError({"note": "请说明不涉密的理由。"})
    found = {f.fingerprint: f for f in scan_consultation(consultation)}
    finding = found.get(fingerprint)
    if finding is None:
        raise ValidationError("该检查结果已不存在，请刷新页面。")
    decision, _created = FindingDecision.objects.update_or_create(
        consultation=consultation,
        review_round=consultation.review_round,
        fingerprint=fingerprint,
        defaults={"note": note[:300], "decided_by": actor},
    )
    record(
        actor=actor,
        action="consultation.finding_decided",
        target=consultation,
        reason=note,
        data={"kind": finding.finding.kind, "field": finding.field_label},
    )
    return decision


@transaction.atomic
def pass_review(*, actor: Any, consultation: Consultation, opinion: str = "") -> Consultation:
    _deny(policy.can_review(actor, consultation), "只有本机关的保密审查员（非起草人）可以审查。")
    _lock(consultation)
    open_findings = blocking(consultation)
    if open_findings:
        raise ValidationError(
            f"还有{len(open_findings)}项高风险检查结果未作决定：请逐项确认不涉密并说明理由，或退回起草人修改。"
        )
    consultation.pass_review(by=actor, now=timezone.now(), opinion=opinion.strip())
    consultation.save()
    record(actor=actor, action="consultation.review_passed", target=consultation, reason=opinion)
    return consultation


@transaction.atomic
def return_to_drafter(*, actor: Any, consultation: Consultation, reason: str) -> Consultation:
    allowed = policy.can_review(actor, consultation) or policy.can_return_signoff(actor, consultation)
    _deny(allowed, "只有审查员或签发人可以退回征求意见稿。")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "请填写退回理由。"})
    _lock(consultation)
    consultation.send_back(reason=reason)
    consultation.save()
    record(actor=actor, action="consultation.returned", target=consultation, reason=reason)
    return consultation


@transaction.atomic
def open_consultation(*, actor: Any, consultation: Consultation) -> Consultation:
    """签发: the consultation opens today for its period (``closes_on`` = today + days)."""
    _deny(policy.can_open(actor, consultation), "只有本机关的签发人（非起草人、非审查员）可以签发。")
    _lock(consultation)
    today = local_today()
    consultation.open(
        by=actor,
        now=timezone.now(),
        opens_on=today,
        closes_on=today + dt.timedelta(days=consultation.duration_days),
    )
    consultation.save()
    record(
        actor=actor,
        action="consultation.opened",
        target=consultation,
        data={"opens_on": str(consultation.opens_on), "closes_on": str(consultation.closes_on)},
    )
    _public_changed(consultation)
    return consultation


@transaction.atomic
def close_consultation(*, actor: Any, consultation: Consultation, note: str = "") -> Consultation:
    """Close: by the platform once the period has ended, or early by the signer or office head
    with a reason."""
    require_actor(actor)
    today = local_today()
    if is_system(actor):
        if (
            consultation.state != State.OPEN
            or consultation.closes_on is None
            or consultation.closes_on >= today
        ):
            raise ValidationError("征求意见期限尚未届满。")
        on = consultation.closes_on
    else:
        _deny(policy.can_close(actor, consultation), "只有本机关的签发人或公开工作机构负责人可以提前截止。")
        note = note.strip()
        if not note:
            raise ValidationError({"note": "提前截止须说明理由。"})
        on = today
    _lock(consultation)
    consultation.close(on=on, note=note[:300])
    consultation.save()
    record(actor=actor, action="consultation.closed", target=consultation, reason=note, data={"on": str(on)})
    _public_changed(consultation)
    return consultation


def close_due(today: dt.date) -> dict[str, int]:
    """The round: close every open consultation whose last day has passed."""
    closed = 0
    for consultation in Consultation.objects.filter(state=State.OPEN, closes_on__lt=today).order_by("pk"):
        try:
            close_consultation(actor=SYSTEM, consultation=consultation)
        except ValidationError:
            continue
        closed += 1
    return {"closed": closed}


# -- the public intake ---------------------------------------------------------------------------


def new_submission_key() -> str:
    return uuid.uuid4().hex


def _received_in_period(consultation: Consultation, day: dt.date) -> bool:
    """A comment the portal host received on ``day``: within the period it announced (the staff
    side may have closed early since, which the portal learns one sync later)."""
    return (
        consultation.state in PUBLIC_STATES
        and consultation.opens_on is not None
        and consultation.closes_on is not None
        and consultation.opens_on <= day <= consultation.closes_on
    )


def _clean_comment(
    consultation: Consultation, data: Mapping[str, Any], received_at: dt.datetime | None = None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if received_at is not None:
        accepting = _received_in_period(consultation, timezone.localdate(received_at))
    else:
        accepting = consultation.accepts_comments_on(local_today())
    if not accepting:
        closes = consultation.closes_on
        when = _("已于%(date)s截止") % {"date": f"{closes:%Y-%m-%d}"} if closes else _("尚未开始或已经结束")
        raise ValidationError(_("本次意见征集%(when)s，不再接收意见。") % {"when": when})
    text = str(data.get("text", "") or "").replace("\r\n", "\n").strip()
    limit = comment_max_chars()
    if not text:
        errors["text"] = _("请填写意见内容。")
    elif len(text) > limit:
        errors["text"] = _("意见内容不能超过%(limit)d字（现为%(n)d字），请精简后提交。") % {
            "limit": limit,
            "n": len(text),
        }
    name = str(data.get("name", "") or "").strip()
    if len(name) > 50:
        errors["name"] = _("姓名不能超过50字。")
    phone = str(data.get("phone", "") or "").strip()
    if phone and not _PHONE.match(phone):
        errors["phone"] = _("联系电话只能包含数字、空格和“+-()”，请检查。")
    email = str(data.get("email", "") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = _("电子邮箱格式不正确。")
    if errors:
        raise ValidationError(errors)
    return {"text": text, "name": name, "phone": phone, "email": email}


def already_received(consultation: Consultation, key: str) -> bool:
    """Whether the form with this one-time key was stored already (a double submit)."""
    return bool(_KEY.match(key or "")) and consultation.comments.filter(submission_key=key).exists()


def submit_comment(
    *,
    consultation: Consultation,
    data: Mapping[str, Any],
    key: str = "",
    received_at: dt.datetime | None = None,
) -> tuple[Comment, bool]:
    """A citizen's comment, stored exactly once per form: the form's one-time ``key`` makes a
    double submit the same comment (returned with ``created`` False). Pending until moderated.
    ``received_at``: when a portal host received it (the channel back), else now."""
    if received_at is not None and key and already_received(consultation, key):
        return consultation.comments.get(submission_key=key), False
    clean = _clean_comment(consultation, data, received_at)
    key = key if _KEY.match(key or "") else new_submission_key()
    flags = [{"code": f.code, "detail": f.detail} for f in precheck.check(clean["text"])]
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                consultation=consultation,
                received_at=received_at or timezone.now(),
                submission_key=key,
                flags=flags,
                **clean,
            )
            record(
                actor=SYSTEM,
                action="consultation.comment_received",
                target=consultation,
                data={"comment": comment.pk, "flags": [f["code"] for f in flags]},
            )
    except IntegrityError:
        existing = Comment.objects.filter(consultation=consultation, submission_key=key).first()
        if existing is None:
            raise
        return existing, False
    return comment, True


# -- moderation, answers, adoption ----------------------------------------------------------------


@transaction.atomic
def moderate_comment(
    *,
    actor: Any,
    comment: Comment,
    accept: bool,
    reason: str = "",
    note: str = "",
    publish: bool = True,
) -> Comment:
    """Accept (and publish) or reject a comment; a rejection names a reason from the fixed list."""
    consultation = comment.consultation
    _deny(
        policy.can_moderate(actor, consultation),
        "只有本机关的录入员或公开工作机构负责人可以审核意见。",
    )
    note = note.strip()[:300]
    if not accept and reason not in RejectReason.values:
        raise ValidationError({"reason": "请选择未通过的原因。"})
    was_public = comment.published
    comment.moderation = Moderation.ACCEPTED if accept else Moderation.REJECTED
    comment.reject_reason = "" if accept else reason
    comment.moderation_note = note
    comment.moderated_by = actor
    comment.moderated_at = timezone.now()
    comment.published = bool(accept and publish)
    comment.save()
    record(
        actor=actor,
        action="consultation.comment_accepted" if accept else "consultation.comment_rejected",
        target=consultation,
        reason=note if accept else f"{RejectReason(reason).label}{'：' + note if note else ''}",
        data={"comment": comment.pk, "published": comment.published, "reason": comment.reject_reason},
    )
    if was_public or comment.published:
        _public_changed(consultation)
    return comment


def _check_adoption(adoption: str, reason: str) -> None:
    if adoption and adoption not in Adoption.values:
        raise ValidationError({"adoption": "请选择采纳情况。"})
    if adoption in (Adoption.PARTLY, Adoption.NOT_ADOPTED) and not reason.strip():
        raise ValidationError({"adoption_reason": "部分采纳或未采纳的，须说明理由。"})


@transaction.atomic
def answer_comment(
    *, actor: Any, comment: Comment, answer: str, adoption: str = "", adoption_reason: str = ""
) -> Comment:
    consultation = comment.consultation
    _deny(policy.can_answer(actor, consultation), "只有本机关的录入员或公开工作机构负责人可以答复意见。")
    if comment.moderation != Moderation.ACCEPTED:
        raise ValidationError("请先审核通过该意见，再作答复。")
    if comment.theme_id:
        raise ValidationError("该意见已归入主题，请在主题中统一答复。")
    answer = answer.strip()
    if not answer and not adoption:
        raise ValidationError({"answer": "请填写答复内容。"})
    _check_adoption(adoption, adoption_reason)
    if answer:
        comment.answer, comment.answered_by, comment.answered_at = answer, actor, timezone.now()
    if adoption:
        comment.adoption, comment.adoption_reason = adoption, adoption_reason.strip()
    comment.save()
    record(
        actor=actor,
        action="consultation.comment_answered",
        target=consultation,
        data={"comment": comment.pk, "adoption": comment.adoption},
    )
    if comment.published:
        _public_changed(consultation)
    return comment


@transaction.atomic
def create_theme(*, actor: Any, consultation: Consultation, title: str, comment_ids: Iterable[int]) -> Theme:
    _deny(policy.can_answer(actor, consultation), "只有本机关的录入员或公开工作机构负责人可以归并意见。")
    title = title.strip()
    if not title:
        raise ValidationError({"title": "请填写主题。"})
    comments = consultation.comments.filter(pk__in=list(comment_ids), moderation=Moderation.ACCEPTED)
    if not comments.exists():
        raise ValidationError({"comments": "请至少选择一条已通过审核的意见。"})
    theme = Theme.objects.create(consultation=consultation, title=title[:200])
    count = comments.update(theme=theme)
    record(
        actor=actor,
        action="consultation.theme_created",
        target=consultation,
        data={"theme": title, "comments": count},
    )
    return theme


@transaction.atomic
def answer_theme(
    *, actor: Any, theme: Theme, answer: str, adoption: str = "", adoption_reason: str = "", title: str = ""
) -> Theme:
    consultation = theme.consultation
    _deny(policy.can_answer(actor, consultation), "只有本机关的录入员或公开工作机构负责人可以答复意见。")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "请填写答复内容。"})
    _check_adoption(adoption, adoption_reason)
    if title.strip():
        theme.title = title.strip()[:200]
    theme.answer, theme.answered_by, theme.answered_at = answer, actor, timezone.now()
    theme.adoption, theme.adoption_reason = adoption, adoption_reason.strip()
    theme.save()
    record(
        actor=actor,
        action="consultation.theme_answered",
        target=consultation,
        data={"theme": theme.title, "adoption": adoption},
    )
    _public_changed(consultation)
    return theme


@transaction.atomic
def remove_from_theme(*, actor: Any, comment: Comment) -> Comment:
    _deny(
        policy.can_answer(actor, comment.consultation), "只有本机关的录入员或公开工作机构负责人可以调整主题。"
    )
    theme = comment.theme
    comment.theme = None
    comment.save(update_fields=["theme"])
    record(
        actor=actor,
        action="consultation.theme_changed",
        target=comment.consultation,
        data={"comment": comment.pk, "theme": theme.title if theme else ""},
    )
    return comment


# -- 采纳情况 --------------------------------------------------------------------------------------

_ADOPTION = {
    value: Q(theme__adoption=value)
    | Q(adoption=value, theme__isnull=True)
    | Q(adoption=value, theme__adoption="")
    for value in Adoption.values
}


def counts_for(consultations: QuerySet[Consultation]) -> dict[int, dict[str, int]]:
    """Per consultation: comments received, accepted, rejected, pending, answered and each adoption
    outcome (a theme's outcome counts for each of its comments), in one grouped query."""
    answered = Q(moderation=Moderation.ACCEPTED) & (~Q(answer="") | Q(theme__answered_at__isnull=False))
    rows = (
        Comment.objects.filter(consultation__in=consultations)
        .order_by()
        .values("consultation")
        .annotate(
            received=Count("pk"),
            accepted=Count("pk", filter=Q(moderation=Moderation.ACCEPTED)),
            rejected=Count("pk", filter=Q(moderation=Moderation.REJECTED)),
            pending=Count("pk", filter=Q(moderation=Moderation.PENDING)),
            answered=Count("pk", filter=answered),
            adopted=Count("pk", filter=Q(moderation=Moderation.ACCEPTED) & _ADOPTION[Adoption.ADOPTED]),
            partly=Count("pk", filter=Q(moderation=Moderation.ACCEPTED) & _ADOPTION[Adoption.PARTLY]),
            not_adopted=Count(
                "pk", filter=Q(moderation=Moderation.ACCEPTED) & _ADOPTION[Adoption.NOT_ADOPTED]
            ),
        )
    )
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        values: dict[str, Any] = dict(row)
        pk = int(values.pop("consultation"))
        result[pk] = {k: int(v) for k, v in values.items()}
    return result


EMPTY_COUNTS = dict.fromkeys(
    ("received", "accepted", "rejected", "pending", "answered", "adopted", "partly", "not_adopted"), 0
)


def summary_counts(consultation: Consultation) -> dict[str, int]:
    counts = counts_for(Consultation.objects.filter(pk=consultation.pk)).get(consultation.pk, {})
    return {**EMPTY_COUNTS, **counts}


def not_adopted_reasons(consultation: Consultation) -> list[tuple[str, str, str]]:
    """(what, outcome label, reason) of every theme and unthemed comment partly or not adopted."""
    rows: list[tuple[str, str, str]] = []
    for theme in consultation.themes.exclude(adoption__in=["", Adoption.ADOPTED]).order_by("pk"):
        rows.append((theme.title, theme.get_adoption_display(), theme.adoption_reason))
    for c in consultation.comments.filter(
        moderation=Moderation.ACCEPTED,
        theme__isnull=True,
        adoption__in=[Adoption.PARTLY, Adoption.NOT_ADOPTED],
    ).order_by("received_at", "pk"):
        rows.append((summary_quote(c.text), c.get_adoption_display(), c.adoption_reason))
    return rows


#: How much of a comment the 采纳情况 quotes.
QUOTE_CHARS = 40


def summary_quote(text: str) -> str:
    """A comment as the published 采纳情况 quotes it: personal data masked (the public page masks
    it too), cut at :data:`QUOTE_CHARS` characters with an ellipsis, and without its closing stop,
    which the outcome's parenthesis follows (no ``。（未采纳）``)."""
    text = " ".join(apply(text, propose(text)).split())
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rstrip("，、；：。,;: ") + "……"
    return text.rstrip("。；，、,;. ")


def _chinese_date(day: dt.date | None) -> str:
    """2026年10月8日 (no leading zeros, as official documents write dates)."""
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def draft_summary_text(consultation: Consultation) -> str:
    """The 采纳情况 pre-filled from the counts, for the staff to complete."""
    c = summary_counts(consultation)
    ended = consultation.closed_on or consultation.closes_on
    lines = [
        f"本次征求意见自{_chinese_date(consultation.opens_on)}起至{_chinese_date(ended)}止，"
        f"共收到意见{c['received']}条，经审核有效意见{c['accepted']}条。"
        f"其中采纳{c['adopted']}条，部分采纳{c['partly']}条，未采纳{c['not_adopted']}条。",
    ]
    reasons = not_adopted_reasons(consultation)
    if reasons:
        lines.append("未采纳及部分采纳的主要理由：")
        lines += [f"{i}. {what}（{label}）：{why}" for i, (what, label, why) in enumerate(reasons, 1)]
    return "\n".join(lines)


@transaction.atomic
def save_summary(*, actor: Any, consultation: Consultation, text: str) -> Consultation:
    _deny(policy.can_write_summary(actor, consultation), "截止后方可由本机关工作人员撰写采纳情况。")
    consultation.summary_text = text.strip()
    consultation.save(update_fields=["summary_text", "updated_at"])
    record(actor=actor, action="consultation.summary_saved", target=consultation)
    return consultation


@transaction.atomic
def publish_summary(*, actor: Any, consultation: Consultation, text: str) -> Consultation:
    """Publish the 采纳情况: every comment moderated, every accepted one with its outcome."""
    _deny(policy.can_publish_summary(actor, consultation), "只有本机关的签发人可以公布采纳情况。")
    _lock(consultation)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "请填写采纳情况说明。"})
    counts = summary_counts(consultation)
    if counts["pending"]:
        raise ValidationError(f"还有{counts['pending']}条意见未审核，审核后方可公布采纳情况。")
    undecided = counts["accepted"] - counts["adopted"] - counts["partly"] - counts["not_adopted"]
    if undecided:
        raise ValidationError(f"还有{undecided}条有效意见未标明采纳情况（采纳、部分采纳或未采纳）。")
    consultation.summary_text = text
    consultation.conclude(by=actor, now=timezone.now(), counts=counts)
    consultation.save()
    record(actor=actor, action="consultation.summary_published", target=consultation, data=counts)
    _public_changed(consultation)
    return consultation


def final_item_candidates(consultation: Consultation, query: str = "") -> QuerySet[Item]:
    """The organization's published items a final document may be chosen from."""
    qs = Item.objects.public().filter(organization=consultation.organization)
    query = query.strip()[:100]
    if query:
        qs = qs.filter(Q(title__icontains=query) | Q(document_number__icontains=query))
    return qs.order_by("-published_at", "-pk")


@transaction.atomic
def link_final_document(*, actor: Any, consultation: Consultation, item: Item | None) -> Consultation:
    """The final document (a published item of the same organization), shown both ways."""
    _deny(policy.can_link_final(actor, consultation), "只有本机关的签发人可以关联正式文件。")
    if item is not None and not final_item_candidates(consultation).filter(pk=item.pk).exists():
        raise ValidationError({"item": "只能关联本机关已主动公开发布的文件。"})
    previous = consultation.final_item_id
    consultation.final_item = item
    consultation.save(update_fields=["final_item", "updated_at"])
    record(
        actor=actor,
        action="consultation.final_linked" if item else "consultation.final_unlinked",
        target=consultation,
        data={"item": item.pk if item else None},
    )
    _public_changed(consultation, previous, item.pk if item else None)
    return consultation
