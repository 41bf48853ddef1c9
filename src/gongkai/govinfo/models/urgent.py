"""Urgent reports (紧急信息): an event and its chain of reports 初报 → 续报 → 终报 (with daily reports
for long events), each time-stamped by the server at every step, and the tamper-evident event log
that proves 迟报、漏报、瞒报 (``govinfo.chain``)."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.govinfo.models.config import Channel, Severity
from gongkai.govinfo.models.submissions import Submission
from gongkai.orgs.models import Organization


class EventState(models.TextChoices):
    OPEN = "open", _("处置中")
    CLOSED = "closed", _("已终报")


class UrgentEvent(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="urgent_events", verbose_name=_("报告单位")
    )
    title = models.CharField(_("事件"), max_length=200)
    severity = models.CharField(_("等级"), max_length=10, choices=Severity.choices)
    place = models.CharField(_("地点"), max_length=100, blank=True)
    occurred_at = models.DateTimeField(_("发生时间"))
    learned_at = models.DateTimeField(_("获知时间"), help_text=_("报告时限从获知时起算"))
    state = models.CharField(_("状态"), max_length=10, choices=EventState.choices, default=EventState.OPEN)
    office = models.ForeignKey(
        Organization,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="urgent_events_received",
        verbose_name=_("报送对象"),
        help_text=_("登记时报告单位的上级办公室（orgs.hierarchy.reports_to）"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("登记时间"))
    closed_at = models.DateTimeField(_("终报时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("突发事件")
        verbose_name_plural = _("突发事件")
        ordering = ["-learned_at"]

    def __str__(self) -> str:
        return self.title


class ReportKind(models.TextChoices):
    FIRST = "first", _("初报")
    FOLLOW = "follow", _("续报")
    DAILY = "daily", _("日报")
    FINAL = "final", _("终报")


class UrgentReport(models.Model):
    """One report of an event. Every step's time is the server's (never typed); ``due_at`` comes
    from the configured deadline when the report is expected."""

    event = models.ForeignKey(UrgentEvent, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("类别"), max_length=10, choices=ReportKind.choices)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    text = models.TextField(_("内容"))
    submission = models.OneToOneField(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="urgent_report"
    )
    due_at = models.DateTimeField(_("应报时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("起草时间"))
    signed_at = models.DateTimeField(_("签发时间"), null=True, blank=True)
    sent_at = models.DateTimeField(_("报出时间"), null=True, blank=True)
    received_at = models.DateTimeField(_("接收时间"), null=True, blank=True)
    read_at = models.DateTimeField(_("阅知时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    penalty = models.OneToOneField(
        "govinfo.Penalty", on_delete=models.SET_NULL, null=True, blank=True, related_name="urgent_report"
    )

    class Meta:
        verbose_name = _("紧急信息报告")
        verbose_name_plural = _("紧急信息报告")
        ordering = ["event", "created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}（{self.get_channel_display()}）"

    @property
    def is_late(self) -> bool:
        """迟报: sent after its due time."""
        return self.due_at is not None and self.sent_at is not None and self.sent_at > self.due_at


class FlagKind(models.TextChoices):
    """What a missing report was expected to be (``govinfo.services.urgent.expected_slots``)."""

    FIRST = "first", _("初报")
    DAILY = "daily", _("日报")


class UrgentFlag(models.Model):
    """An expected report not sent by its due time (漏报 until sent), raised once by the round."""

    event = models.ForeignKey(UrgentEvent, on_delete=models.CASCADE, related_name="flags")
    kind = models.CharField(_("应报"), max_length=10, choices=FlagKind.choices)
    channel = models.CharField(_("方式"), max_length=10, choices=Channel.choices)
    due_at = models.DateTimeField(_("应报时间"))
    flagged_at = models.DateTimeField(_("发现时间"))
    report = models.ForeignKey(
        UrgentReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="flags",
        verbose_name=_("后补报告"),
    )
    penalty = models.OneToOneField(
        "govinfo.Penalty", on_delete=models.SET_NULL, null=True, blank=True, related_name="urgent_flag"
    )

    class Meta:
        verbose_name = _("未按时报告")
        verbose_name_plural = _("未按时报告")
        ordering = ["event", "due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "kind", "channel", "due_at"], name="unique_urgent_flag")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.due_at:%Y-%m-%d %H:%M}"


class LogEntry(models.Model):
    """One entry of the urgent-report log. Entries form one hash chain: each carries the hash of the
    previous entry, and ``entry_hash`` covers its own fields and that link (``govinfo.chain``).
    Append-only: nothing updates or deletes a row; ``gongkai govinfo verify`` proves it."""

    seq = models.PositiveBigIntegerField(unique=True)
    event = models.ForeignKey(
        UrgentEvent, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    report = models.ForeignKey(
        UrgentReport, on_delete=models.PROTECT, null=True, blank=True, related_name="log"
    )
    action = models.CharField(_("动作"), max_length=30)
    at = models.DateTimeField(_("时间"))
    actor = models.CharField(_("操作人"), max_length=100)
    payload = models.JSONField(encoder=DjangoJSONEncoder, default=dict)
    prev_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("紧急信息日志")
        verbose_name_plural = _("紧急信息日志")
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action}"

    def save(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self.pk is not None and not self._state.adding:
            raise PermissionError("紧急信息日志只能追加，不能修改")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        raise PermissionError("紧急信息日志只能追加，不能删除")
