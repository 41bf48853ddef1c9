"""What each side of the file channel remembers.

On the portal host: the change sets applied (``AppliedBatch``, so that a batch is applied once, in
order, without gaps), the intake files written (``IntakeBatch``, deleted with their rows when the
staff side's acknowledgement comes back) and the submissions not yet collected that a change set
deleted with what they hung on (``HeldIntake``). On the staff side: the intake files taken in
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


class HeldIntake(models.Model):
    """Portal host: a submission not yet collected that a change set deleted with what it hung on (a
    comment with its consultation, a rating with its item or body), kept as the intake file carries
    it (``portalsync.held``). It goes with every intake file until the staff side acknowledges its
    key, like the rows still waiting; then it is deleted."""

    #: ``intake.IntakeKind.label``.
    kind = models.CharField(_("类型"), max_length=40)
    key = models.CharField(_("标识"), max_length=120)
    #: The fields of the kind, as the channel's writer encodes them (dates as ISO text).
    record = models.JSONField()
    created_at = models.DateTimeField(_("暂存时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("暂存的公众提交")
        verbose_name_plural = _("暂存的公众提交")
        constraints = [models.UniqueConstraint(fields=["kind", "key"], name="portalsync_held_kind_key")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class CaseKind(models.TextChoices):
    REQUEST = "request", _("政府信息公开申请")
    MESSAGE = "message", _("留言")


class CaseStatus(models.Model):
    """Portal host: how a case stands that a citizen filed there and the staff side has collected
    (a request for information, a message), or filed on a staff side that feeds the portal hosts
    (``GONGKAI_PORTAL_FEED``), so that the citizen's number and code answer here.

    Written only by the public projection (``portalsync.statuses``, staff → portal); empty on a
    staff installation. It holds the case's number, the portable hash of its code, its state and
    its dates — never a name, a contact, the request's content, a reply or a handler. The key is
    the staff side's row, per kind (``statuses.status_key``)."""

    kind = models.CharField(_("类型"), max_length=10, choices=CaseKind.choices)
    number = models.CharField(_("编号"), max_length=60)
    code_hash = models.CharField(max_length=64)
    #: ``foi.RequestState`` or ``interaction.MessageState``, worded on the page as the staff side's
    #: own look-up words it.
    state = models.CharField(_("办理状态"), max_length=20)
    #: A request's clock is paused (third-party consultation or fee, 第三十三条第三款).
    paused = models.BooleanField(default=False)
    received_on = models.DateField(_("收到日期"))
    due_date = models.DateField(_("答复期限"), null=True, blank=True)
    #: An open pause: the due date is the latest it can be.
    due_projected = models.BooleanField(default=False)
    due_provisional = models.BooleanField(default=False)
    #: Working days the answer period was extended (第三十三条第二款: at most 20).
    extension_workdays = models.PositiveSmallIntegerField(_("延长答复期限（工作日）"), default=0)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    #: A message whose answer is published: the published message's key (it travels as public).
    published_message = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("办理状态")
        verbose_name_plural = _("办理状态")
        constraints = [models.UniqueConstraint(fields=["kind", "number"], name="portalsync_case_number")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number}"
