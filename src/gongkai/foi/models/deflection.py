"""Request deflection (第三十六条（一）: information already public): how often the application form
showed published items that may answer a request, and how often a citizen followed one.

Anonymous counts per body and month, nothing else: no query text, no address, no session.
``organization`` is the body the form was addressed to when the suggestions were shown (null
while no body was chosen yet).

On a portal host (内外网分离) the form counts there too; the staff side takes the counts in through
the channel back (``portalsync.intake``) and adds what each host counted since it last took them
(``PortalDeflectionCount``), so the figures are the whole region's.
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
    #: Portal host: counted since the staff side last took the counts in.
    uncollected = models.BooleanField(default=False, editable=False)

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


class PortalDeflectionCount(models.Model):
    """Staff side: a portal host's counts of one body and month as last taken in (they only grow
    there), so that a batch taken twice, or counts sent again, add nothing twice."""

    host = models.PositiveSmallIntegerField(_("门户节点"))  # GONGKAI_PORTAL_HOST of the host
    organization = models.ForeignKey(
        "orgs.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("受理机关"),
    )
    month = models.DateField(_("月份"))
    shown = models.PositiveIntegerField(default=0)
    followed = models.PositiveIntegerField(default=0)
    submitted = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("门户节点申请引导统计")
        verbose_name_plural = _("门户节点申请引导统计")
        constraints = [
            models.UniqueConstraint(fields=["host", "organization", "month"], name="foi_portal_deflection"),
            models.UniqueConstraint(
                fields=["host", "month"],
                condition=Q(organization__isnull=True),
                name="foi_portal_deflection_no_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.host} {self.organization or '—'} {self.month:%Y-%m}"
