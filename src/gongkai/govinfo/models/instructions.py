"""Leaders' instructions (批示) on a submission or an issue, and their follow-up (落实反馈)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.govinfo.models.desk import Issue
from gongkai.govinfo.models.submissions import Submission
from gongkai.orgs.models import Organization


class LeaderLevel(models.TextChoices):
    """The leader's level, which the instruction's points depend on (+20 district, +40 city, +80
    province: docs/SPEC.md §8)."""

    COUNTY = "county", _("县（区）领导")
    CITY = "city", _("市领导")
    PROVINCE = "province", _("省领导")
    NATIONAL = "national", _("国家领导")


class Instruction(models.Model):
    submission = models.ForeignKey(
        Submission, on_delete=models.PROTECT, null=True, blank=True, related_name="instructions"
    )
    issue = models.ForeignKey(
        Issue, on_delete=models.PROTECT, null=True, blank=True, related_name="instructions"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    leader_name = models.CharField(_("批示领导"), max_length=60)
    leader_title = models.CharField(_("职务"), max_length=60, blank=True)
    level = models.CharField(_("层级"), max_length=10, choices=LeaderLevel.choices)
    given_on = models.DateField(_("批示日期"), db_index=True)
    text = models.TextField(_("批示内容"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("领导批示")
        verbose_name_plural = _("领导批示")
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(submission__isnull=False) | models.Q(issue__isnull=False),
                name="instruction_has_subject",
            )
        ]

    def __str__(self) -> str:
        return f"{self.leader_name}：{self.text[:30]}"


class FollowUpState(models.TextChoices):
    OPEN = "open", _("落实中")
    CLOSED = "closed", _("已办结")


class FollowUp(models.Model):
    """落实反馈: the task an instruction opens, with its owner and deadline, until it is closed."""

    instruction = models.ForeignKey(Instruction, on_delete=models.CASCADE, related_name="follow_ups")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("承办单位")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("责任人"),
    )
    deadline = models.DateField(_("反馈期限"), db_index=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=FollowUpState.choices, default=FollowUpState.OPEN
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("批示落实")
        verbose_name_plural = _("批示落实")
        ordering = ["deadline", "id"]

    def __str__(self) -> str:
        return f"{self.instruction_id} · {self.deadline}"


class FollowUpReport(models.Model):
    follow_up = models.ForeignKey(FollowUp, on_delete=models.CASCADE, related_name="reports")
    text = models.TextField(_("落实情况"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    closes = models.BooleanField(_("申请办结"), default=False)

    class Meta:
        verbose_name = _("落实反馈")
        verbose_name_plural = _("落实反馈")
        ordering = ["follow_up", "at"]

    def __str__(self) -> str:
        return self.text[:30]
