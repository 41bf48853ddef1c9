"""Commissioning (约稿): the yearly plan, quarterly 报送要点 published to the units, and ad-hoc
约稿通知 to named units or people with a deadline. Answers are the submissions linked to them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.orgs.models import Organization


class CommissionKind(models.TextChoices):
    PLAN = "plan", _("年度信息工作计划")
    POINTS = "points", _("报送要点")
    NOTICE = "notice", _("约稿通知")


class Commission(models.Model):
    """A commission issued by an information section. Only a 约稿通知 with a deadline and named
    targets is a task that can be missed (docs/SPEC.md §8: missing 2 or more zeroes the year)."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="govinfo_commissions", verbose_name=_("发布单位")
    )
    kind = models.CharField(_("类别"), max_length=10, choices=CommissionKind.choices)
    year = models.PositiveSmallIntegerField(_("年度"))
    quarter = models.PositiveSmallIntegerField(_("季度"), null=True, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    deadline = models.DateTimeField(_("截止时间"), null=True, blank=True, db_index=True)
    issued_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    #: When the reminder before the deadline went out (the round sends it once).
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("约稿")
        verbose_name_plural = _("约稿")
        ordering = ["-year", "-issued_at", "-id"]

    def __str__(self) -> str:
        return self.title


class CommissionTarget(models.Model):
    """A named unit, or a named person, a 约稿通知 is addressed to."""

    commission = models.ForeignKey(Commission, on_delete=models.CASCADE, related_name="targets")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("单位")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("人员"),
    )

    class Meta:
        verbose_name = _("约稿对象")
        verbose_name_plural = _("约稿对象")
        constraints = [
            models.UniqueConstraint(fields=["commission", "organization"], name="unique_commission_target")
        ]

    def __str__(self) -> str:
        return str(self.organization_id if self.user_id is None else self.user_id)
