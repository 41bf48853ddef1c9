"""Models of 互动 (docs/SPEC.md §3): the kinds of message with their answer periods, and the messages.

A message is personal information until it is published: the writer's name, telephone and e-mail are
never public, and what the public sees of an answered message is its *published copy* (subject,
question and answer with personal data masked, checked by a re-scan before it is published).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_fsm import ConcurrentTransitionMixin, FSMField, transition


class MessageKind(models.Model):
    """A kind of message (咨询, 建议, 投诉 …) and its answer period in working days. Configuration for
    the whole installation, shipped as data by a migration and changed on the 留言类别 screen."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30)
    answer_workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"))
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("留言类别")
        verbose_name_plural = _("留言类别")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        # The shipped names are translated (``shipped.KINDS``); a name an installation gave is shown as is.
        return gettext(self.name)


class MessageState(models.TextChoices):
    RECEIVED = "received", _("待分办")
    ASSIGNED = "assigned", _("办理中")
    ANSWERED = "answered", _("已答复")
    PUBLISHED = "published", _("已公开")
    CLOSED = "closed", _("已办结（不公开）")


#: Not answered yet: the answer period runs (and the 3-month flag may apply).
OPEN_STATES = (MessageState.RECEIVED, MessageState.ASSIGNED)
#: Answered (published or not).
ANSWERED_STATES = (MessageState.ANSWERED, MessageState.PUBLISHED, MessageState.CLOSED)


class Message(ConcurrentTransitionMixin, models.Model):
    """One message of a citizen to a body (留言/咨询)."""

    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.PROTECT,
        related_name="interaction_messages",
        verbose_name=_("收信机关"),
    )
    kind = models.ForeignKey(MessageKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("类别"))
    tracking_number = models.CharField(_("留言编号"), max_length=30, unique=True)
    code_hash = models.CharField(max_length=64, editable=False)
    idempotency_key = models.CharField(max_length=64, blank=True, editable=False)

    subject = models.CharField(_("标题"), max_length=100)
    text = models.TextField(_("留言内容"))
    # The writer: personal information, never public.
    writer_name = models.CharField(_("姓名"), max_length=60, blank=True)
    writer_phone = models.CharField(_("联系电话"), max_length=40, blank=True)
    writer_email = models.EmailField(_("电子邮箱"), blank=True)
    consent_publish = models.BooleanField(_("同意公开"), default=False)

    received_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到日期"))
    due_date = models.DateField(_("答复期限"))
    #: The kind's period when the message was received (a later change of the kind does not move it;
    #: 0 = the kind's current period).
    answer_workdays = models.PositiveSmallIntegerField(_("答复期限（工作日）"), default=0)
    due_provisional = models.BooleanField(_("期限按暂定日历计算"), default=False)

    state = FSMField(_("状态"), default=MessageState.RECEIVED, choices=MessageState.choices, protected=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("承办人"),
    )
    assigned_at = models.DateTimeField(_("分办时间"), null=True, blank=True)

    answer = models.TextField(_("答复内容"), blank=True)
    answered_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("答复人"),
    )

    # The published copy: what the public sees, personal data masked and re-scanned.
    published_subject = models.CharField(_("公开标题"), max_length=100, blank=True)
    published_text = models.TextField(_("公开的留言内容"), blank=True)
    published_answer = models.TextField(_("公开的答复内容"), blank=True)
    published_at = models.DateTimeField(_("公开时间"), null=True, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    close_reason = models.CharField(_("不公开理由"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("留言")
        verbose_name_plural = _("留言")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "received_on"], name="interaction_org_received"),
            models.Index(fields=["organization", "answered_on"], name="interaction_org_answered"),
            models.Index(fields=["organization", "state", "due_date"], name="interaction_org_state_due"),
            models.Index(
                fields=["due_date"],
                condition=models.Q(state__in=["received", "assigned"]),
                name="interaction_open_due",
            ),
            models.Index(fields=["state", "-published_at"], name="interaction_published"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="interaction_message_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tracking_number} {self.subject}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    # -- transitions (the services call these; they validate and audit) ------------------------

    @transition(
        field=state, source=[MessageState.RECEIVED, MessageState.ASSIGNED], target=MessageState.ASSIGNED
    )
    def assign(self) -> None:
        pass

    @transition(
        field=state, source=[MessageState.RECEIVED, MessageState.ASSIGNED], target=MessageState.ANSWERED
    )
    def record_answer(self) -> None:
        pass

    @transition(field=state, source=MessageState.ANSWERED, target=MessageState.PUBLISHED)
    def publish(self) -> None:
        pass

    @transition(field=state, source=MessageState.PUBLISHED, target=MessageState.ANSWERED)
    def unpublish(self) -> None:
        pass

    @transition(field=state, source=MessageState.ANSWERED, target=MessageState.CLOSED)
    def close(self) -> None:
        pass
