"""Handling a message in the back office: assign, answer, publish (masked, checked), edit the published
wording, withdraw it, close without publishing (``at``: now, except for the demo's past messages).

Each function checks the policy, validates, acts through the state machine and records the audit
event; a public change drops the pages that show the message after the commit
(``core.public_deps.message_changed``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.audit.log import record
from gongkai.core import public_deps
from gongkai.core.public_changes import public_pages_changed
from gongkai.interaction import policy
from gongkai.interaction.models import Message, MessageState
from gongkai.interaction.services.masking import Copy, check_copy, describe
from gongkai.interaction.services.notices import message_url
from gongkai.notifications.services import notify

ANSWER_MIN = 10
ANSWER_MAX = 5000


def _locked(message: Message) -> Message:
    """The message re-read under a row lock: two people acting at once act one after the other."""
    return Message.objects.select_for_update().select_related("organization", "kind").get(pk=message.pk)


@transaction.atomic
def assign(message: Message, *, actor: Any, assignee: Any, at: dt.datetime | None = None) -> Message:
    """分办: the office head gives the message to a request handler or editor of the body."""
    message = _locked(message)
    if not policy.can_assign(actor, message):
        raise PermissionDenied(_("只有本机关的公开工作机构负责人可以分办未答复的留言"))
    if assignee is None or not policy.assignable_people(message).filter(pk=assignee.pk).exists():
        raise ValidationError({"assignee": _("请选择本机关的依申请承办人、录入员或公开工作机构负责人")})
    previous = message.assignee
    message.assignee = assignee
    message.assigned_at = at or timezone.now()
    message.assign()
    message.save()
    record(
        actor=actor,
        action="message.assigned",
        target=message,
        organization=message.organization,
        data={"assignee": assignee.get_username(), "previous": previous.get_username() if previous else ""},
    )
    notify(
        [assignee],
        kind="message.assigned",
        title=f"留言分办：{message.tracking_number}",
        body=f"{message.subject}。答复期限 {message.due_date:%Y-%m-%d}。",
        url=message_url(message),
        key=f"message.assigned:{message.pk}:{assignee.pk}",
    )
    return message


def _clean_answer(text: str) -> str:
    text = (text or "").strip()
    if len(text) < ANSWER_MIN:
        raise ValidationError({"answer": _("答复内容至少%(n)d个字") % {"n": ANSWER_MIN}})
    if len(text) > ANSWER_MAX:
        raise ValidationError({"answer": _("答复内容最多%(n)d个字") % {"n": ANSWER_MAX}})
    return text


@transaction.atomic
def answer(message: Message, *, actor: Any, text: str, at: dt.datetime | None = None) -> Message:
    """答复: the answer is recorded; the writer reads it with the tracking code."""
    message = _locked(message)
    if not policy.can_answer(actor, message):
        raise PermissionDenied(_("只有承办人或公开工作机构负责人可以答复未答复的留言"))
    message.answer = _clean_answer(text)
    now = at or timezone.now()
    message.answered_at = now
    message.answered_on = timezone.localdate(now)
    message.answered_by = actor
    message.record_answer()
    message.save()
    record(
        actor=actor,
        action="message.answered",
        target=message,
        organization=message.organization,
        data={"within_limit": message.answered_on <= message.due_date},
    )
    return message


def _checked_copy(message: Message, copy: Copy) -> Copy:
    copy = Copy(subject=" ".join(copy.subject.split()), text=copy.text.strip(), answer=copy.answer.strip())
    errors: dict[str, list[str]] = {}
    if not copy.subject:
        errors.setdefault("subject", []).append(_("请填写公开标题"))
    if not copy.text:
        errors.setdefault("text", []).append(_("请填写公开的留言内容"))
    if not copy.answer:
        errors.setdefault("answer", []).append(_("请填写公开的答复内容"))
    if len(copy.subject) > 100:
        errors.setdefault("subject", []).append(_("公开标题最多100个字"))
    if errors:
        raise ValidationError(errors)
    check = check_copy(message, copy)
    if not check.ok:
        raise ValidationError(
            {
                finding.field: [
                    _("仍有不得公开的内容，不能公开：%(what)s。请屏蔽或删改后再公开。")
                    % {"what": describe(finding)}
                ]
                for finding in check.blocking
            }
        )
    return copy


def _set_copy(message: Message, copy: Copy) -> None:
    message.published_subject = copy.subject
    message.published_text = copy.text
    message.published_answer = copy.answer


@transaction.atomic
def publish(message: Message, *, actor: Any, copy: Copy, at: dt.datetime | None = None) -> Message:
    """公开: with the writer's consent, the checked copy becomes public (the masking check runs on
    exactly the wording published; a copy that fails it is refused)."""
    message = _locked(message)
    if not policy.can_publish(actor, message):
        if message.state == MessageState.ANSWERED and not message.consent_publish:
            raise PermissionDenied(_("留言人未同意公开，不能公开这条留言"))
        raise PermissionDenied(_("只有承办人或公开工作机构负责人可以公开已答复的留言"))
    copy = _checked_copy(message, copy)
    _set_copy(message, copy)
    now = at or timezone.now()
    message.published_at = now
    message.published_on = timezone.localdate(now)
    message.publish()
    message.save()
    record(actor=actor, action="message.published", target=message, organization=message.organization)
    public_pages_changed(public_deps.message_changed(message.pk, message.organization_id))
    return message


@transaction.atomic
def edit_published(message: Message, *, actor: Any, copy: Copy) -> Message:
    """Change the published wording (checked again, like the first time)."""
    message = _locked(message)
    if not policy.can_edit_published(actor, message):
        raise PermissionDenied(_("只有承办人或公开工作机构负责人可以修改已公开的留言"))
    _set_copy(message, _checked_copy(message, copy))
    message.save()
    record(actor=actor, action="message.published_edited", target=message, organization=message.organization)
    public_pages_changed(public_deps.message_changed(message.pk, message.organization_id))
    return message


@transaction.atomic
def unpublish(message: Message, *, actor: Any, reason: str) -> Message:
    """撤回公开: the message leaves the public pages (it stays answered)."""
    message = _locked(message)
    if not policy.can_unpublish(actor, message):
        raise PermissionDenied(_("只有公开工作机构负责人可以撤回已公开的留言"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤回理由")})
    message.published_at = None
    message.published_on = None
    message.unpublish()
    message.save()
    record(
        actor=actor,
        action="message.unpublished",
        target=message,
        organization=message.organization,
        reason=reason[:500],
    )
    public_pages_changed(public_deps.message_changed(message.pk, message.organization_id))
    return message


@transaction.atomic
def close(message: Message, *, actor: Any, reason: str, at: dt.datetime | None = None) -> Message:
    """办结不公开: an answered message that is not published (the writer did not consent, or the
    content is not suitable for publishing); the writer still reads the answer with the code."""
    message = _locked(message)
    if not policy.can_close(actor, message):
        raise PermissionDenied(_("只有承办人或公开工作机构负责人可以办结已答复的留言"))
    reason = (reason or "").strip()
    if not reason:
        reason = _("留言人未同意公开") if not message.consent_publish else ""
    if not reason:
        raise ValidationError({"reason": _("留言人同意公开的，不公开须说明理由")})
    message.close_reason = reason[:200]
    message.closed_at = at or timezone.now()
    message.close()
    message.save()
    record(
        actor=actor,
        action="message.closed",
        target=message,
        organization=message.organization,
        reason=message.close_reason,
    )
    return message
