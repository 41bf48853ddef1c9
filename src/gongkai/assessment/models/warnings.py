"""Early warnings and the rule of docs/SPEC.md §7 (docs/SPEC.md §7): a reminder to a body approaching a
limit, and a draft 通报批评 for a body with 3 or more overruns in the period, which the competent
authority reviews and issues (对接近规定……的处室，……要及时提醒，发生3次及以上超限的应通报批评)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OverrunPolicy(models.Model):
    """A competent authority's configuration of the rule: what counts as an overrun, the period it
    is counted in, and where the reminder and the draft criticism start."""

    authority = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("主管部门")
    )
    count_items_late = models.BooleanField(_("计入超过20个工作日公开的信息"), default=True)
    count_requests_overdue = models.BooleanField(_("计入超期答复的依申请公开"), default=True)
    count_messages_overdue = models.BooleanField(_("计入超期未答复的留言"), default=True)
    period = models.CharField(
        _("统计周期"),
        max_length=10,
        choices=[("month", _("月")), ("quarter", _("季度")), ("year", _("年度"))],
        default="year",
    )
    threshold = models.PositiveSmallIntegerField(_("通报批评起点（次）"), default=3)
    remind_at = models.PositiveSmallIntegerField(_("提醒起点（次）"), default=2)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("超限通报规则")
        verbose_name_plural = _("超限通报规则")

    def __str__(self) -> str:
        return f"{self.authority}"


class CriticismState(models.TextChoices):
    DRAFT = "draft", _("待审核")
    ISSUED = "issued", _("已印发")
    DISMISSED = "dismissed", _("不予通报")


class Criticism(models.Model):
    """A draft 通报批评 of one body for one period, with the overruns behind it."""

    authority = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="+", verbose_name=_("被通报单位")
    )
    period_start = models.DateField(_("统计期起"))
    period_end = models.DateField(_("统计期止"))
    overruns = models.JSONField(_("超限记录"), default=list)
    state = models.CharField(
        _("状态"), max_length=10, choices=CriticismState.choices, default=CriticismState.DRAFT
    )
    text = models.TextField(_("通报正文"), blank=True)
    decision_reason = models.TextField(_("审核意见"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    bulletin = models.ForeignKey(
        "assessment.Bulletin", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("通报批评")
        verbose_name_plural = _("通报批评")
        ordering = ["-period_end", "organization_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "period_start", "period_end"], name="assessment_criticism_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization} {self.period_start}—{self.period_end}"
