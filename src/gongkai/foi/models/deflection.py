"""Request deflection (第三十六条（一）: information already public): how often the application form
showed published items that may answer a request, and how often a citizen followed one.

Anonymous counts per body and month, nothing else: no query text, no address, no session.
``organization`` is the body the form was addressed to when the suggestions were shown (null
while no body was chosen yet).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DeflectionTally(models.Model):
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受理机关"),
    )
    month = models.DateField(_("月份"), help_text=_("当月1日"))
    shown = models.PositiveIntegerField(_("提示已公开信息次数"), default=0)
    followed = models.PositiveIntegerField(_("点击查看次数"), default=0)
    submitted = models.PositiveIntegerField(_("提示后仍提交申请数"), default=0)

    class Meta:
        verbose_name = _("申请引导统计")
        verbose_name_plural = _("申请引导统计")
        constraints = [
            models.UniqueConstraint(fields=["organization", "month"], name="foi_deflection_org_month"),
            models.UniqueConstraint(
                fields=["month"], condition=Q(organization__isnull=True), name="foi_deflection_month_no_org"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization or '—'} {self.month:%Y-%m}"
