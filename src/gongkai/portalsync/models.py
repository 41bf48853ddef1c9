"""What each side of the file channel remembers.

On the portal host: the change sets applied (``AppliedBatch``, so that a batch is applied once, in
order, without gaps) and the intake files written (``IntakeBatch``, deleted with their rows when the
staff side's acknowledgement comes back). On the staff side: the intake files taken in
(``ReceivedIntake``), only to answer a second import of the same file at once. The staff side's
record of what it exported lives in a file of its data directory, next to the batches
(``forward.ExportState``): it is the channel's memory, not the platform's data.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppliedBatch(models.Model):
    sequence = models.PositiveIntegerField(_("序号"), unique=True)
    kind = models.CharField(_("类型"), max_length=10)  # "snapshot" | "changes"
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("导出时间"))
    applied_at = models.DateTimeField(_("导入时间"), auto_now_add=True)
    upserts = models.PositiveIntegerField(default=0)
    deletes = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("已导入的同步包")
        verbose_name_plural = _("已导入的同步包")
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.kind}"


class IntakeBatch(models.Model):
    sequence = models.PositiveIntegerField(_("序号"), unique=True)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("导出时间"), auto_now_add=True)
    acknowledged_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    rows = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("公众提交导出包")
        verbose_name_plural = _("公众提交导出包")
        ordering = ["-sequence"]

    def __str__(self) -> str:
        return f"#{self.sequence}"


class ReceivedIntake(models.Model):
    sha256 = models.CharField(max_length=64, unique=True)
    sequence = models.PositiveIntegerField(_("序号"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    created = models.PositiveIntegerField(default=0)
    repeated = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("已接收的公众提交包")
        verbose_name_plural = _("已接收的公众提交包")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.sha256[:12]}"
