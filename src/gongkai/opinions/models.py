"""预公开 / 意见征集 (docs/SPEC.md §2.4, §3): a draft decision or policy opened for public comment.

A ``Consultation`` (征求意见稿) of one organization goes ``draft → review (保密审查) → signoff (待签发)
→ open → closed → concluded`` (采纳情况 published); the reviewer may return it to the drafter. Its
text and attachments are scanned like an item's (``opinions.scan``). Citizens' ``Comment`` rows
carry optional contact data that is never public; a comment is public only once accepted by a
moderator. Staff answer comments one by one or by ``Theme`` (several comments, one answer), and
record per comment or theme whether it was adopted (采纳/部分采纳/未采纳). The 采纳情况 is the
consultation's ``summary_text`` with the counts computed at publication (``summary_counts``),
linked to the final document (a published disclosure ``Item``).

The models hold data and the transitions the workflow allows; every change is made by
``opinions.services``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_fsm import ConcurrentTransitionMixin, FSMField, transition

from gongkai.disclosure.models import Item, ReadFile
from gongkai.orgs.models import Organization


class State(models.TextChoices):
    DRAFT = "draft", _("草稿")
    REVIEW = "review", _("保密审查中")
    SIGNOFF = "signoff", _("待签发")
    OPEN = "open", _("征求意见中")
    CLOSED = "closed", _("已截止")
    CONCLUDED = "concluded", _("已公布采纳情况")


#: The states the public may see (everything once opened).
PUBLIC_STATES = (State.OPEN, State.CLOSED, State.CONCLUDED)


class Consultation(ConcurrentTransitionMixin, models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="consultations", verbose_name=_("机构")
    )
    title = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("征求意见稿正文"), blank=True)
    body_text = models.TextField(_("正文纯文本"), blank=True, editable=False)
    how_to_comment = models.TextField(_("意见反馈方式说明"), blank=True)
    duration_days = models.PositiveSmallIntegerField(_("征求意见期限（日）"), default=30)
    opens_on = models.DateField(_("开始日期"), null=True, blank=True)
    closes_on = models.DateField(_("截止日期"), null=True, blank=True)
    state = FSMField(_("状态"), max_length=12, choices=State.choices, default=State.DRAFT, protected=True)
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("起草人")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    #: The number of the secrecy review (one per submission): decisions belong to one round.
    review_round = models.PositiveIntegerField(default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_opinion = models.TextField(_("审查意见"), blank=True)
    return_reason = models.TextField(_("退回理由"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField(_("实际截止日期"), null=True, blank=True)
    close_note = models.CharField(_("提前截止说明"), max_length=300, blank=True)
    summary_text = models.TextField(_("采纳情况说明"), blank=True)
    summary_counts = models.JSONField(default=dict, blank=True)
    summary_published_at = models.DateTimeField(null=True, blank=True)
    summary_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    final_item = models.ForeignKey(
        Item,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="consultations",
        verbose_name=_("正式文件"),
    )

    class Meta:
        verbose_name = _("征求意见稿")
        verbose_name_plural = _("征求意见稿")
        ordering = ["-opens_on", "-pk"]
        indexes = [
            models.Index(fields=["state", "closes_on"], name="opinions_state_closes"),
            models.Index(fields=["organization", "state"], name="opinions_org_state"),
        ]

    def __str__(self) -> str:
        return self.title

    # -- transitions (called by opinions.services only) -------------------------------------------

    @transition(field=state, source=State.DRAFT, target=State.REVIEW)
    def submit(self, now: Any) -> None:
        self.submitted_at = now
        self.review_round += 1
        self.return_reason = ""

    @transition(field=state, source=State.REVIEW, target=State.SIGNOFF)
    def pass_review(self, by: Any, now: Any, opinion: str) -> None:
        self.reviewed_by, self.reviewed_at, self.review_opinion = by, now, opinion

    @transition(field=state, source=[State.REVIEW, State.SIGNOFF], target=State.DRAFT)
    def send_back(self, reason: str) -> None:
        self.return_reason = reason

    @transition(field=state, source=State.SIGNOFF, target=State.OPEN)
    def open(self, by: Any, now: Any, opens_on: Any, closes_on: Any) -> None:
        self.signed_by, self.opened_at = by, now
        self.opens_on, self.closes_on = opens_on, closes_on

    @transition(field=state, source=State.OPEN, target=State.CLOSED)
    def close(self, on: Any, note: str = "") -> None:
        self.closed_on, self.close_note = on, note

    @transition(field=state, source=State.CLOSED, target=State.CONCLUDED)
    def conclude(self, by: Any, now: Any, counts: dict[str, Any]) -> None:
        self.summary_by, self.summary_published_at, self.summary_counts = by, now, counts

    # -- derived facts --------------------------------------------------------------------------

    @property
    def is_public(self) -> bool:
        return self.state in PUBLIC_STATES

    @property
    def is_editable(self) -> bool:
        return self.state == State.DRAFT

    def accepts_comments_on(self, day: Any) -> bool:
        """Comments are received while open, through the last day of the period."""
        return (
            self.state == State.OPEN
            and self.opens_on is not None
            and self.closes_on is not None
            and self.opens_on <= day <= self.closes_on
        )

    def days_left(self, day: Any) -> int:
        if self.closes_on is None or day > self.closes_on:
            return 0
        return (self.closes_on - day).days + 1


def attachment_path(instance: ConsultationAttachment, filename: str) -> str:
    # Stored under the content's SHA-256 with the detected kind's extension (as disclosure's files).
    from gongkai.core.files.kinds import stored_name

    return f"consultations/{instance.sha256[:2]}/{stored_name(instance.sha256, instance.kind)}"


class ConsultationAttachment(ReadFile):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("文件"), upload_to=attachment_path, max_length=200)

    class Meta:
        verbose_name = _("征求意见稿附件")
        verbose_name_plural = _("征求意见稿附件")
        ordering = ["consultation", "position", "id"]


class FindingDecision(models.Model):
    """A reviewer's "不涉密，按原样公开" on one high finding, for one review round."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="finding_decisions")
    fingerprint = models.CharField(max_length=200)
    review_round = models.PositiveIntegerField()
    note = models.CharField(_("理由"), max_length=300)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "review_round", "fingerprint"], name="opinions_decision_once"
            )
        ]

    def __str__(self) -> str:
        return self.fingerprint


class Adoption(models.TextChoices):
    # 采纳 a comment is to adopt it (not to uphold an objection): its own context.
    ADOPTED = "adopted", pgettext_lazy("comment adoption", "采纳")
    PARTLY = "partly", pgettext_lazy("comment adoption", "部分采纳")
    NOT_ADOPTED = "not_adopted", pgettext_lazy("comment adoption", "未采纳")


class Theme(models.Model):
    """Several comments answered together (按主题答复), with one adoption outcome."""

    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("主题"), max_length=200)
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=12, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("理由"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("意见主题")
        verbose_name_plural = _("意见主题")
        ordering = ["consultation", "pk"]

    def __str__(self) -> str:
        return self.title


class Moderation(models.TextChoices):
    PENDING = "pending", _("待审核")
    ACCEPTED = "accepted", _("已通过")
    REJECTED = "rejected", _("未通过")


class RejectReason(models.TextChoices):
    """The fixed list of reasons a comment is not accepted (recorded with who and when)."""

    SPAM = "spam", _("广告/垃圾信息")
    ABUSE = "abuse", _("辱骂/人身攻击")
    OFF_TOPIC = "off_topic", _("与征求意见内容无关")
    DUPLICATE = "duplicate", _("重复提交")
    PERSONAL_DATA = "personal_data", _("含他人个人信息")


class Comment(models.Model):
    consultation = models.ForeignKey(Consultation, on_delete=models.CASCADE, related_name="comments")
    text = models.TextField(_("意见内容"))
    # Contact data: never public, never indexed, never on the portal (shown to staff only).
    name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    email = models.CharField(_("电子邮箱"), max_length=254, blank=True)
    received_at = models.DateTimeField(_("收到时间"))
    #: The form's one-time key: a double submit of the same form is the same comment.
    submission_key = models.CharField(max_length=64)
    #: The automatic pre-check's flags (``opinions.precheck``): a hint for the moderator only.
    flags = models.JSONField(default=list, blank=True)
    moderation = models.CharField(
        _("审核状态"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    reject_reason = models.CharField(_("未通过原因"), max_length=20, choices=RejectReason.choices, blank=True)
    moderation_note = models.CharField(_("审核说明"), max_length=300, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(_("在网站公开"), default=False)
    theme = models.ForeignKey(
        Theme, on_delete=models.SET_NULL, null=True, blank=True, related_name="comments"
    )
    answer = models.TextField(_("答复"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    adoption = models.CharField(_("采纳情况"), max_length=12, choices=Adoption.choices, blank=True)
    adoption_reason = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("意见")
        verbose_name_plural = _("意见")
        ordering = ["consultation", "received_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "submission_key"], name="opinions_comment_once"),
            models.CheckConstraint(
                condition=Q(published=False) | Q(moderation="accepted"), name="opinions_published_accepted"
            ),
        ]
        indexes = [
            models.Index(fields=["consultation", "moderation"], name="opinions_comment_mod"),
            models.Index(fields=["received_at"], name="opinions_comment_received"),
        ]

    def __str__(self) -> str:
        return self.text[:30]

    @property
    def effective_answer(self) -> str:
        if self.theme_id and self.theme and self.theme.answer:
            return self.theme.answer
        return self.answer

    @property
    def effective_adoption(self) -> str:
        if self.theme_id and self.theme and self.theme.adoption:
            return self.theme.adoption
        return self.adoption
