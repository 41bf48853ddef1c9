"""Points, quotas, penalties and 通报 (docs/SPEC.md §8). The rules are versioned configuration:
a rule set has an effective date and the document it comes from; its ``rules`` are read by the pure
kernel ``govinfo.points`` (which validates them). Rankings are computed from the records by
``govinfo.ranking`` under a chosen rule set; a 通报 keeps the table it was issued with."""

from __future__ import annotations

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization


class PointsRuleSet(models.Model):
    name = models.CharField(_("名称"), max_length=100)
    effective_from = models.DateField(_("生效日期"), unique=True)
    source_document = models.CharField(_("依据文件"), max_length=300)
    rules = models.JSONField(_("计分规则"), encoder=DjangoJSONEncoder)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("计分规则")
        verbose_name_plural = _("计分规则")
        ordering = ["-effective_from"]

    def __str__(self) -> str:
        return f"{self.name}（{self.effective_from:%Y-%m-%d}起）"


class UnitQuota(models.Model):
    """A unit's monthly quota tier (e.g. 6/5/3/2 items a month) from a date on."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="govinfo_quotas")
    tier = models.CharField(_("档次"), max_length=10)
    monthly_items = models.PositiveSmallIntegerField(_("每月任务（条）"))
    effective_from = models.DateField(_("生效日期"))

    class Meta:
        verbose_name = _("单位报送任务")
        verbose_name_plural = _("单位报送任务")
        ordering = ["organization", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "effective_from"], name="unique_unit_quota")
        ]

    def __str__(self) -> str:
        return f"{self.tier} · {self.monthly_items}"


class PenaltyKind(models.TextChoices):
    LATE = "late", _("迟报")
    MISSED = "missed", _("漏报")
    CONCEALED = "concealed", _("瞒报")
    FALSE = "false", _("信息失实")


class Penalty(models.Model):
    """A penalty against a unit, from a superior's notice or a proven urgent-report failure."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="govinfo_penalties", verbose_name=_("单位")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=PenaltyKind.choices)
    points = models.DecimalField(_("扣分"), max_digits=7, decimal_places=2, help_text=_("负数"))
    on = models.DateField(_("日期"), db_index=True)
    notice = models.CharField(_("依据（通报文号）"), max_length=200, blank=True)
    reason = models.TextField(_("事由"))
    submission = models.ForeignKey(
        "govinfo.Submission", on_delete=models.SET_NULL, null=True, blank=True, related_name="penalties"
    )
    event = models.ForeignKey(
        "govinfo.UrgentEvent", on_delete=models.SET_NULL, null=True, blank=True, related_name="penalties"
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("扣分记录")
        verbose_name_plural = _("扣分记录")
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.points}"


class PeriodKind(models.TextChoices):
    MONTH = "month", _("月度")
    QUARTER = "quarter", _("季度")
    YEAR = "year", _("年度")


class Bulletin(models.Model):
    """A 通报 of the information work of a period, generated from the data by an information
    section, reviewed and sent to the units. ``table`` keeps the ranking it was issued with."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="govinfo_bulletins")
    period_kind = models.CharField(_("周期"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("起始日期"))
    period_end = models.DateField(_("截止日期"))
    rule_set = models.ForeignKey(PointsRuleSet, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("标题"), max_length=200)
    number = models.CharField(_("文号"), max_length=60, blank=True)
    foreword = models.TextField(_("正文导语"), blank=True)
    table = models.JSONField(_("排名表"), encoder=DjangoJSONEncoder, default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    issued_at = models.DateTimeField(_("印发时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("信息通报")
        verbose_name_plural = _("信息通报")
        ordering = ["-period_start", "-id"]

    def __str__(self) -> str:
        return self.title
