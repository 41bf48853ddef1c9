"""Administrator-entered calendar data: each year's State Council notice as overrides (docs/SPEC.md §5)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class HolidayNotice(models.Model):
    """A year's 国务院办公厅关于部分节假日安排的通知, entered by an administrator.

    Once a year has a notice, its days are no longer provisional: weekends plus the overrides
    entered under the notice decide.
    """

    year = models.PositiveSmallIntegerField(_("年度"), unique=True)
    title = models.CharField(_("通知名称"), max_length=200)
    document_number = models.CharField(_("文号"), max_length=60, blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True)
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("放假安排通知")
        verbose_name_plural = _("放假安排通知")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class CalendarOverride(models.Model):
    """One day whose status differs from the weekend rule: a day off on a weekday (假日) or a
    make-up working day on a weekend (调休上班)."""

    date = models.DateField(_("日期"), unique=True)
    is_workday = models.BooleanField(_("工作日"))
    note = models.CharField(_("说明"), max_length=100, blank=True, help_text=_("如：春节、国庆节调休上班"))
    notice = models.ForeignKey(
        HolidayNotice, on_delete=models.CASCADE, null=True, blank=True, related_name="overrides"
    )

    class Meta:
        verbose_name = _("日历调整")
        verbose_name_plural = _("日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'上班' if self.is_workday else '休息'} {self.note}"
