"""The applicant's correction (补正, 2019 条例 第三十条) sent online from the look-up page.

One correction per request: the body may ask for a correction only once, so a second one is never
awaited. ``token`` is the form's one-time key: the same form sent twice (a double click, a reload)
finds the correction already stored instead of recording a second arrival.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Correction(models.Model):
    """补正后的申请, as the applicant sent it online (its arrival is the clock's CORRECTION_RECEIVED)."""

    request = models.OneToOneField(
        "foi.InfoRequest", on_delete=models.CASCADE, related_name="online_correction", verbose_name=_("申请")
    )
    text = models.TextField(_("补正内容"))
    submitted_at = models.DateTimeField(_("提交时间"))
    received_on = models.DateField(_("收到补正日期"))
    token = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("网上补正")
        verbose_name_plural = _("网上补正")

    def __str__(self) -> str:
        return f"{self.request} {self.received_on}"


class CorrectionFile(models.Model):
    """A file sent with a correction (checked like every upload: ``core.files``)."""

    correction = models.ForeignKey(Correction, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(upload_to="requests/corrections/%Y/%m/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("补正附件")
        verbose_name_plural = _("补正附件")

    def __str__(self) -> str:
        return self.name
